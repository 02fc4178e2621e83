import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createGitRepo, isolatedGitEnv, serveGitDaemon, serveGitFile, serveGitHttp, type GitRepoFixture, type GitServer,
} from '../src/index.js';

const execFileAsync = promisify(execFile);

/** Clones with system git, as the source-fetcher's Git client would see the server. */
async function clone(url: string, into: string, ...extra: string[]): Promise<void> {
  await execFileAsync('git', ['clone', '-q', ...extra, url, into], { env: isolatedGitEnv(), timeout: 20_000 });
}

async function gitIn(dir: string, ...args: string[]): Promise<string> {
  return (await execFileAsync('git', args, { cwd: dir, env: isolatedGitEnv() })).stdout.trim();
}

describe('git fixtures', () => {
  let repo: GitRepoFixture;
  let work: string;

  beforeEach(async () => {
    repo = await createGitRepo({ name: 'podinfo', files: { 'deploy/app.yaml': 'kind: ConfigMap\n', 'README.md': 'hi\n' } });
    work = await mkdtemp(join(tmpdir(), 'sluice-git-test-'));
  });

  afterEach(async () => {
    await repo.remove();
    await rm(work, { recursive: true, force: true });
  });

  describe('createGitRepo', () => {
    it('adds, changes and deletes files in one commit and moves HEAD', async () => {
      const first = await repo.head();
      const second = await repo.commit({ 'deploy/app.yaml': 'kind: Secret\n', 'README.md': null, 'new/x.txt': 'x' });
      assert.notEqual(second, first);
      assert.equal(await readFile(join(repo.dir, 'deploy/app.yaml'), 'utf8'), 'kind: Secret\n');
      assert.equal(existsSync(join(repo.dir, 'README.md')), false);
      assert.equal(await gitIn(repo.dir, 'ls-tree', '-r', '--name-only', 'HEAD'), 'deploy/app.yaml\nnew/x.txt');
    });

    it('makes lightweight and annotated tags that resolve to the tagged commit', async () => {
      const tagged = await repo.head();
      await repo.commit({ 'later.txt': 'later' });
      assert.equal(await repo.tag('v1.0.0', { ref: tagged }), tagged);
      assert.equal(await repo.tag('v1.1.0', { message: 'release 1.1.0' }), await repo.head());
      assert.equal(await gitIn(repo.dir, 'cat-file', '-t', 'v1.0.0'), 'commit');
      assert.equal(await gitIn(repo.dir, 'cat-file', '-t', 'v1.1.0'), 'tag');
    });

    it('creates and switches branches', async () => {
      const main = await repo.head();
      await repo.branch('feature');
      assert.equal(await repo.currentBranch(), 'feature');
      const feature = await repo.commit({ 'feature.txt': 'f' });
      await repo.checkout('main');
      assert.equal(await repo.head(), main);
      assert.equal(await repo.revParse('feature'), feature);
    });

    it('refuses file paths that leave the work tree', async () => {
      await assert.rejects(repo.commit({ '../escape.txt': 'x' }), { code: 'SLUICE_DEVSTACK', message: /leaves the work tree/ });
    });
  });

  const transports: ReadonlyArray<readonly [string, (root: string) => Promise<GitServer>]> = [
    ['file://', serveGitFile],
    ['git daemon', serveGitDaemon],
    ['smart HTTP', (root) => serveGitHttp(root)],
  ];

  for (const [transport, serve] of transports) {
    describe(`serving over ${transport}`, () => {
      let server: GitServer;

      beforeEach(async () => {
        server = await serve(repo.root);
      });

      afterEach(async () => {
        await server.stop();
      });

      it('serves branches and tags to a clone', async () => {
        await repo.tag('v1.0.0', { message: 'first release' });
        const head = await repo.head();
        await clone(server.url('podinfo'), join(work, 'clone'));
        assert.equal(await gitIn(join(work, 'clone'), 'rev-parse', 'HEAD'), head);
        assert.equal(await gitIn(join(work, 'clone'), 'rev-parse', 'v1.0.0^{commit}'), head);
        assert.equal(await readFile(join(work, 'clone/deploy/app.yaml'), 'utf8'), 'kind: ConfigMap\n');
      });

      it('fails clones while unreachable and serves them again on the same URL', async () => {
        const url = server.url('podinfo');
        await server.setReachable(false);
        assert.equal(server.reachable, false);
        await assert.rejects(clone(url, join(work, 'offline')));
        await server.setReachable(true);
        assert.equal(server.url('podinfo'), url);
        await clone(url, join(work, 'online'));
        assert.equal(await gitIn(join(work, 'online'), 'rev-parse', 'HEAD'), await repo.head());
      });
    });
  }

  describe('smart HTTP with basic auth', () => {
    let server: GitServer;
    const auth = { username: 'flux', password: 's3cret' };

    beforeEach(async () => {
      server = await serveGitHttp(repo.root, { auth });
    });

    afterEach(async () => {
      await server.stop();
    });

    it('answers 401 with a challenge to requests without credentials', async () => {
      const res = await fetch(`${server.url('podinfo')}/info/refs?service=git-upload-pack`);
      assert.equal(res.status, 401);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Basic /);
      await assert.rejects(clone(server.url('podinfo'), join(work, 'anonymous')));
    });

    it('serves clones that send the credentials', async () => {
      const url = server.url('podinfo').replace('http://', `http://${auth.username}:${auth.password}@`);
      await clone(url, join(work, 'authed'));
      assert.equal(await gitIn(join(work, 'authed'), 'rev-parse', 'HEAD'), await repo.head());
    });
  });
});
