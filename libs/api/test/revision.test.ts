import assert from 'node:assert/strict';
import {
  InvalidRevisionError,
  digestMatches,
  formatRevision,
  gitRevision,
  mustParseRevision,
  normalizeRevision,
  parseDigest,
  parseRevision,
  revisionDigest,
  revisionsEqual,
  sha256Digest,
  shortRevision,
} from '../src/index.js';

const SHA1 = '5394cb7f48332b2de7c17dd8b8384bbc84b7e738';
const SHA256 = 'd52bde83c5b2bd0fa7910264e0afc3ac9cfe9b6636ca29c05c09742f01d5a4bd';

describe('parseRevision', () => {
  it('reads a branch revision', () => {
    assert.deepEqual(parseRevision(`main@sha1:${SHA1}`), { name: 'main', digest: { algorithm: 'sha1', hex: SHA1 } });
  });

  it('reads a tag revision', () => {
    assert.deepEqual(parseRevision(`v1.0.0@sha1:${SHA1}`), { name: 'v1.0.0', digest: { algorithm: 'sha1', hex: SHA1 } });
  });

  it('reads a bare commit and a bare digest', () => {
    assert.deepEqual(parseRevision(`sha1:${SHA1}`), { digest: { algorithm: 'sha1', hex: SHA1 } });
    assert.deepEqual(parseRevision(`sha256:${SHA256}`), { digest: { algorithm: 'sha256', hex: SHA256 } });
  });

  it('reads an OCI tag with its manifest digest', () => {
    assert.deepEqual(parseRevision(`latest@sha256:${SHA256}`), { name: 'latest', digest: { algorithm: 'sha256', hex: SHA256 } });
  });

  it('keeps slashes and @ in names', () => {
    assert.deepEqual(parseRevision(`refs/pull/420/head@sha1:${SHA1}`)?.name, 'refs/pull/420/head');
    assert.deepEqual(parseRevision(`feature@x@sha1:${SHA1}`)?.name, 'feature@x');
  });

  it('treats a chart version as a name', () => {
    assert.deepEqual(parseRevision('6.5.4'), { name: '6.5.4' });
    assert.deepEqual(parseRevision('1.2.3+1234567890ab'), { name: '1.2.3+1234567890ab' });
  });

  it('reads legacy revisions in the current form', () => {
    assert.deepEqual(parseRevision(`main/${SHA1}`), { name: 'main', digest: { algorithm: 'sha1', hex: SHA1 } });
  });

  it('returns undefined for empty text and throws from mustParseRevision', () => {
    assert.equal(parseRevision(''), undefined);
    assert.throws(() => mustParseRevision(''), (e: unknown) => e instanceof InvalidRevisionError && e.code === 'SLUICE_INVALID_REVISION');
  });

  it('round-trips through formatRevision', () => {
    for (const text of [`main@sha1:${SHA1}`, `sha256:${SHA256}`, `v2@sha256:${SHA256}`, '6.5.4']) {
      assert.equal(formatRevision(parseRevision(text)!), text);
    }
  });
});

describe('normalizeRevision', () => {
  const cases: [string, string][] = [
    [`main/${SHA1}`, `main@sha1:${SHA1}`],
    [`feature/branch/${SHA1}`, `feature/branch@sha1:${SHA1}`],
    [`HEAD/${SHA1}`, `sha1:${SHA1}`],
    [`tag/${SHA256}`, `tag@sha256:${SHA256}`],
    [SHA256, `sha256:${SHA256}`],
    [`main@sha1:${SHA1}`, `main@sha1:${SHA1}`],
    ['main/not-a-hash', 'main/not-a-hash'],
    ['6.5.4', '6.5.4'],
  ];
  for (const [legacy, current] of cases) {
    it(`rewrites ${legacy.slice(0, 20)}… as Flux does`, () => assert.equal(normalizeRevision(legacy), current));
  }
});

describe('revisionsEqual', () => {
  it('equates legacy and current forms of the same revision', () => {
    assert.ok(revisionsEqual(`main/${SHA1}`, `main@sha1:${SHA1}`));
    assert.ok(revisionsEqual(SHA256, `sha256:${SHA256}`));
  });

  it('tells different revisions apart', () => {
    assert.equal(revisionsEqual(`main@sha1:${SHA1}`, `dev@sha1:${SHA1}`), false);
    assert.equal(revisionsEqual(`main@sha1:${SHA1}`, `main@sha1:${'0'.repeat(40)}`), false);
  });
});

describe('digests', () => {
  it('computes sha256 of bytes and text the same way', () => {
    const expected = 'sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';
    assert.equal(sha256Digest('hello'), expected);
    assert.equal(sha256Digest(new TextEncoder().encode('hello')), expected);
    assert.ok(digestMatches(expected, 'hello'));
    assert.equal(digestMatches(expected, 'hello!'), false);
  });

  it('checks the algorithm and hex length', () => {
    assert.deepEqual(parseDigest(`sha256:${SHA256}`), { algorithm: 'sha256', hex: SHA256 });
    assert.equal(parseDigest(`sha256:${SHA1}`), undefined);
    assert.equal(parseDigest(`md5:${SHA1}`), undefined);
    assert.equal(parseDigest(`sha256:${SHA256.toUpperCase()}`), undefined);
    assert.equal(parseDigest('sha256'), undefined);
  });

  it('extracts and shortens the digest of a revision', () => {
    assert.equal(revisionDigest(`main@sha1:${SHA1}`), `sha1:${SHA1}`);
    assert.equal(revisionDigest('6.5.4'), undefined);
    assert.equal(shortRevision(`main@sha1:${SHA1}`), 'main@sha1:5394cb7f');
  });

  it('writes git revisions the way source-controller does', () => {
    assert.equal(gitRevision('main', SHA1), `main@sha1:${SHA1}`);
    assert.equal(gitRevision('refs/tags/v1.0.0', SHA1), `refs/tags/v1.0.0@sha1:${SHA1}`);
    assert.equal(gitRevision(undefined, SHA1), `sha1:${SHA1}`);
  });
});
