import assert from 'node:assert/strict';
import { applyJsonPatch, JsonPatchError, type JsonValue } from '../src/index.js';
import { fixture, snapshot } from './helpers.js';

interface PatchCase {
  name: string;
  doc: JsonValue;
  patch: JsonValue;
  result?: JsonValue;
  error?: { index: number; testFailed: boolean };
}

function failure(fn: () => unknown): JsonPatchError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof JsonPatchError, `expected JsonPatchError, got ${String(err)}`);
    assert.equal(err.code, 'SLUICE_JSON_PATCH');
    return err;
  }
  assert.fail('expected the patch to fail');
}

describe('applyJsonPatch', () => {
  describe('RFC 6902 Appendix A', () => {
    for (const c of fixture<PatchCase[]>('rfc/rfc6902-json-patch.json')) {
      it(`${c.error ? 'rejects' : 'applies'} ${c.name}`, () => {
        if (c.error) {
          const err = failure(() => applyJsonPatch(c.doc, c.patch));
          assert.equal(err.index, c.error.index);
          assert.equal(err.testFailed, c.error.testFailed);
        } else {
          assert.deepEqual(applyJsonPatch(c.doc, c.patch), c.result);
        }
      });
    }
  });

  it('resolves every RFC 6901 section 5 pointer', () => {
    const { document, pointers } = fixture<{ document: JsonValue; pointers: { pointer: string; value: JsonValue }[] }>('rfc/rfc6901-json-pointer.json');
    for (const { pointer, value } of pointers) {
      assert.deepEqual(applyJsonPatch(document, [{ op: 'test', path: pointer, value }]), document, pointer);
    }
  });

  it('names the failing operation index and path', () => {
    const err = failure(() => applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/a', value: 2 }, { op: 'remove', path: '/missing' }]));
    assert.equal(err.index, 1);
    assert.equal(err.path, '/missing');
    assert.equal(err.testFailed, false);
    assert.match(err.message, /^JSON patch operation 1 \(path "\/missing"\): member "missing" does not exist$/);
  });

  it('is atomic and never mutates the document', () => {
    const doc = { a: [1, 2], b: { c: 'd' } };
    const before = snapshot(doc);
    failure(() => applyJsonPatch(doc, [{ op: 'add', path: '/a/-', value: 3 }, { op: 'test', path: '/b/c', value: 'x' }]));
    const ok = applyJsonPatch(doc, [{ op: 'add', path: '/a/0', value: 0 }, { op: 'copy', from: '/b', path: '/e' }]) as { e: { c: string } };
    ok.e.c = 'changed';
    assert.deepEqual(doc, before);
  });

  it('rejects malformed operations with their index', () => {
    assert.equal(failure(() => applyJsonPatch({}, { op: 'add' })).index, -1);
    assert.match(failure(() => applyJsonPatch({}, [{ op: 'frobnicate', path: '/a' }])).message, /operation 0: "op" must be one of/);
    assert.match(failure(() => applyJsonPatch({}, [{ op: 'add', path: '/a' }])).message, /"add" needs a "value" member/);
    assert.match(failure(() => applyJsonPatch({}, [{ op: 'move', path: '/a' }])).message, /"from" must be a string/);
    assert.match(failure(() => applyJsonPatch({}, [{ op: 'add', path: 'a', value: 1 }])).message, /must be empty or start with "\/"/);
    assert.match(failure(() => applyJsonPatch({}, [{ op: 'add', path: '/a~2', value: 1 }])).message, /invalid escape/);
  });

  it('rejects array indexes with leading zeros or beyond the end', () => {
    assert.match(failure(() => applyJsonPatch({ a: [1] }, [{ op: 'add', path: '/a/01', value: 2 }])).message, /out of range/);
    assert.match(failure(() => applyJsonPatch({ a: [1] }, [{ op: 'add', path: '/a/2', value: 2 }])).message, /out of range/);
    assert.match(failure(() => applyJsonPatch({ a: [1] }, [{ op: 'remove', path: '/a/-' }])).message, /out of range/);
    assert.deepEqual(applyJsonPatch({ a: [1] }, [{ op: 'add', path: '/a/1', value: 2 }]), { a: [1, 2] });
  });

  it('refuses to move a value into its own child', () => {
    const err = failure(() => applyJsonPatch({ a: { b: {} } }, [{ op: 'move', from: '/a', path: '/a/b/c' }]));
    assert.equal(err.path, '/a');
    assert.match(err.message, /into one of its own children/);
  });

  it('replaces and tests the whole document with the empty pointer', () => {
    assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '', value: [1] }, { op: 'test', path: '', value: [1] }]), [1]);
  });

  it('compares objects deeply and regardless of key order in test', () => {
    assert.deepEqual(applyJsonPatch({ a: { x: 1, y: [1, { z: 2 }] } }, [{ op: 'test', path: '/a', value: { y: [1, { z: 2 }], x: 1 } }]), { a: { x: 1, y: [1, { z: 2 }] } });
    assert.equal(failure(() => applyJsonPatch({ a: [1, 2] }, [{ op: 'test', path: '/a', value: [2, 1] }])).testFailed, true);
  });
});
