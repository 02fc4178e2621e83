import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSluiceError } from '@sluice/errors';
import { createGitRepo, serveGitDaemon, serveGitHttp, type GitRepoFixture, type GitServer } from '@sluice/testing';
import { defaultUnpackLimits, readTar } from '@sluice/artifact';
import { archiveTree, fetchRevision, resolveRefTarget, type GitCheckout } from '../src/git.js';

/** The files of a fetched commit, from its archive. */
async function filesOf(co: GitCheckout): Promise<Record<string, string>> {
  const entries = readTar(await archiveTree(co.dir, co.commit, 20_000), 'test', defaultUnpackLimits());
  return Object.fromEntries(entries.flatMap((e) => (e.type === 'file' ? [[e.path, new TextDecoder().decode(e.data)]] : [])));
}

describe('git fetch and archive', () => {
  let repo: GitRepoFixture;
  let http: GitServer;
  let daemon: GitServer;
  let work: string;
  let first: string;

  before(async () => {
    repo = await createGitRepo({ name: 'podinfo', branch: 'main', files: { 'deploy/app.yaml': 'v: 1\n' } });
    first = await repo.head();
    await repo.tag('v1.0.0', { message: 'first release' });
    await repo.commit({ 'deploy/app.yaml': 'v: 2\n' }, 'second');
    http = await serveGitHttp(repo.root, { auth: { username: 'flux', password: 's3cret' } });
    daemon = await serveGitDaemon(repo.root);
  });
  after(async () => {
    await http.stop();
    await daemon.stop();
    await repo.remove();
  });
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'sluice-checkout-'));
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('checks out a branch over git daemon and names the revision branch@sha1', async () => {
    const co = await fetchRevision({ url: daemon.url('podinfo'), ref: { branch: 'main' }, timeoutMs: 20_000, dir: work });
    assert.equal(co.commit, await repo.head());
    assert.equal(co.revision, `main@sha1:${co.commit}`);
    assert.deepEqual(await filesOf(co), { 'deploy/app.yaml': 'v: 2\n' });
  });

  it('checks out an annotated tag at its commit over authenticated HTTP', async () => {
    const co = await fetchRevision({
      url: http.url('podinfo'), ref: { tag: 'v1.0.0' }, auth: { username: 'flux', password: 's3cret' }, timeoutMs: 20_000, dir: work,
    });
    assert.equal(co.commit, first);
    assert.equal(co.revision, `v1.0.0@sha1:${first}`);
    assert.deepEqual(await filesOf(co), { 'deploy/app.yaml': 'v: 1\n' });
  });

  it('checks out a pinned commit and names it sha1:<hash>', async () => {
    const co = await fetchRevision({ url: daemon.url('podinfo'), ref: { commit: first }, timeoutMs: 20_000, dir: work });
    assert.equal(co.revision, `sha1:${first}`);
  });

  it('fetches a new commit into the same repository, and archives only that commit\'s tree', async () => {
    await fetchRevision({ url: daemon.url('podinfo'), ref: { branch: 'main' }, timeoutMs: 20_000, dir: work });
    const third = await repo.commit({ 'deploy/app.yaml': null, 'deploy/other.yaml': 'x: 1\n' }, 'third');
    const co = await fetchRevision({ url: daemon.url('podinfo'), ref: { branch: 'main' }, timeoutMs: 20_000, dir: work });
    assert.equal(co.commit, third);
    assert.deepEqual(await filesOf(co), { 'deploy/other.yaml': 'x: 1\n' });
  });

  it('keeps its own bare repository when the work folder lies inside another checkout', async () => {
    // As with `npm start` in a clone: the work folder (.sluice/work/...) is inside the clone's work tree.
    const outer = await createGitRepo({ name: 'outer', branch: 'main', files: { 'README.md': 'outer\n' } });
    try {
      const outerHead = await outer.head();
      const dir = join(outer.dir, '.sluice', 'work', 'flux-system', 'podinfo');
      const co = await fetchRevision({ url: daemon.url('podinfo'), ref: { branch: 'main' }, timeoutMs: 20_000, dir });
      assert.equal(co.commit, await repo.head());
      const elsewhere = await fetchRevision({ url: daemon.url('podinfo'), ref: { branch: 'main' }, timeoutMs: 20_000, dir: work });
      assert.deepEqual(await filesOf(co), await filesOf(elsewhere));
      assert.ok(existsSync(join(dir, 'HEAD')), 'a bare repository of its own in the work folder');
      assert.equal(existsSync(join(outer.dir, '.git', 'FETCH_HEAD')), false, 'nothing fetched into the outer repository');
      assert.equal(await outer.head(), outerHead);
    } finally {
      await outer.remove();
    }
  });

  it('fails with GitOperationError without credentials, and without leaking them when they are wrong', async () => {
    await assert.rejects(fetchRevision({ url: http.url('podinfo'), ref: { branch: 'main' }, timeoutMs: 20_000, dir: work }),
      (err: unknown) => isSluiceError(err, 'SLUICE_GIT_OPERATION'));
    await assert.rejects(
      fetchRevision({ url: http.url('podinfo'), ref: { branch: 'main' }, auth: { username: 'flux', password: 'wrong' }, timeoutMs: 20_000, dir: work }),
      (err: unknown) => isSluiceError(err, 'SLUICE_GIT_OPERATION') && !(err as Error).message.includes('Basic '),
    );
  });

  it('fails with GitOperationError when the server is unreachable, naming the URL', async () => {
    await daemon.setReachable(false);
    try {
      await assert.rejects(fetchRevision({ url: daemon.url('podinfo'), ref: { branch: 'main' }, timeoutMs: 20_000, dir: work }),
        (err: unknown) => isSluiceError(err, 'SLUICE_GIT_OPERATION') && (err as Error).message.includes(daemon.url('podinfo')));
    } finally {
      await daemon.setReachable(true);
    }
  });

  it('follows Flux precedence: commit over name over tag over branch', () => {
    assert.deepEqual(resolveRefTarget({ branch: 'main', tag: 'v1', commit: 'abc' }), { fetch: 'abc', label: 'v1', commit: 'abc' });
    assert.deepEqual(resolveRefTarget({ branch: 'main', tag: 'v1' }), { fetch: 'refs/tags/v1', label: 'v1', commit: undefined });
    assert.deepEqual(resolveRefTarget({}), { fetch: 'refs/heads/master', label: 'master', commit: undefined });
  });
});
