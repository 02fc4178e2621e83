import assert from 'node:assert/strict';
import { jsonMergePatch, type JsonValue } from '../src/index.js';
import { fixture, snapshot } from './helpers.js';

interface MergeCase {
  name: string;
  target: JsonValue;
  patch: JsonValue;
  result: JsonValue;
}

describe('jsonMergePatch', () => {
  describe('RFC 7386 examples', () => {
    for (const c of fixture<MergeCase[]>('rfc/rfc7386-merge-patch.json')) {
      it(`gives the RFC result for ${c.name}`, () => {
        assert.deepEqual(jsonMergePatch(c.target, c.patch), c.result);
      });
    }
  });

  it('treats a missing target as an empty object', () => {
    assert.deepEqual(jsonMergePatch(undefined, { a: { b: null, c: 1 } }), { a: { c: 1 } });
  });

  it('never mutates the target or the patch', () => {
    const target = { a: { b: 'c', keep: [1, 2] }, d: 'e' };
    const patch = { a: { b: null, x: { y: 'z' } } };
    const [t0, p0] = [snapshot(target), snapshot(patch)];
    const result = jsonMergePatch(target, patch) as { a: { keep: number[]; x: { y: string } } };
    assert.deepEqual(target, t0);
    assert.deepEqual(patch, p0);
    result.a.keep.push(3);
    result.a.x.y = 'changed';
    assert.deepEqual(target, t0, 'the result shares no structure with the target');
    assert.deepEqual(patch, p0, 'the result shares no structure with the patch');
  });

  it('keeps keys such as __proto__ as plain data', () => {
    const result = jsonMergePatch({}, JSON.parse('{"__proto__":{"polluted":true}}') as JsonValue) as Record<string, unknown>;
    assert.deepEqual(Object.keys(result), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
