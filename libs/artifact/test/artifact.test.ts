import { strict as assert } from 'node:assert';
import { mkdtemp, mkdir, readFile, readlink, rm, symlink, writeFile, chmod, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  ArtifactErrorCode, isArtifactCode, packDirectory, packEntries, readArchive, sha256Digest, unpackToDirectory,
  verifyDigest, writeTar,
} from './support.js';

describe('artifact packing', () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'sluice-artifact-'));
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  async function tree(root: string): Promise<void> {
    await mkdir(join(root, 'apps/podinfo'), { recursive: true });
    await mkdir(join(root, '.git/objects'), { recursive: true });
    await writeFile(join(root, '.git/HEAD'), 'ref: refs/heads/main\n');
    await writeFile(join(root, 'apps/podinfo/deploy.yaml'), 'kind: Deployment\n');
    await writeFile(join(root, 'run.sh'), '#!/bin/sh\n');
    await chmod(join(root, 'run.sh'), 0o755);
    await symlink('apps/podinfo', join(root, 'current'));
  }

  it('gives the same digest for the same tree regardless of times and creation order', async () => {
    await tree(join(work, 'a'));
    await new Promise((r) => setTimeout(r, 20));
    await tree(join(work, 'b'));
    const a = await packDirectory(join(work, 'a'));
    const b = await packDirectory(join(work, 'b'));
    assert.equal(a.digest, b.digest);
    assert.equal(a.digest, sha256Digest(a.data));
    assert.match(a.digest, /^sha256:[0-9a-f]{64}$/);
  });

  it('changes the digest when content or the executable bit changes', async () => {
    await tree(join(work, 'a'));
    const before = await packDirectory(join(work, 'a'));
    await chmod(join(work, 'a/run.sh'), 0o644);
    const modeChanged = await packDirectory(join(work, 'a'));
    await writeFile(join(work, 'a/apps/podinfo/deploy.yaml'), 'kind: Service\n');
    const contentChanged = await packDirectory(join(work, 'a'));
    assert.notEqual(before.digest, modeChanged.digest);
    assert.notEqual(modeChanged.digest, contentChanged.digest);
  });

  it('leaves out the top-level .git folder and round-trips files, modes and symlinks', async () => {
    await tree(join(work, 'src'));
    const packed = await packDirectory(join(work, 'src'));
    const files = await unpackToDirectory(packed.data, join(work, 'out'), 'test artifact');
    assert.equal(files, 2);
    assert.deepEqual((await readdir(join(work, 'out'))).sort(), ['apps', 'current', 'run.sh']);
    assert.equal(await readFile(join(work, 'out/apps/podinfo/deploy.yaml'), 'utf8'), 'kind: Deployment\n');
    assert.equal(await readlink(join(work, 'out/current')), 'apps/podinfo');
  });

  it('keeps paths longer than 100 bytes through PAX headers', () => {
    const path = `${'deep/'.repeat(40)}file.yaml`;
    const packed = packEntries([{ type: 'file', path, mode: 0o644, data: new TextEncoder().encode('x: 1\n') }]);
    const [entry] = readArchive(packed.data, 'long');
    assert.equal(entry?.path, path);
  });
});

describe('artifact unpacking safety', () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'sluice-artifact-'));
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const file = (path: string) => ({ type: 'file' as const, path, mode: 0o644, data: new Uint8Array([120]) });
  const hostile = (entries: Parameters<typeof writeTar>[0]) => gzipSync(writeTar(entries));

  const cases: [string, Parameters<typeof writeTar>[0]][] = [
    ['an absolute path', [file('/etc/passwd')]],
    ['a parent-directory path', [file('../outside.yaml')]],
    ['a nested parent-directory path', [file('a/../../outside.yaml')]],
    ['a symlink to an absolute path', [{ type: 'symlink', path: 'link', target: '/etc' }]],
    ['a symlink climbing out of the root', [{ type: 'symlink', path: 'a/link', target: '../../etc' }]],
    ['a file written below a symlink', [{ type: 'symlink', path: 'x', target: '.' }, file('x/y')]],
  ];
  for (const [what, entries] of cases) {
    it(`refuses ${what} and writes nothing`, async () => {
      const out = join(work, 'out');
      await assert.rejects(unpackToDirectory(hostile(entries), out, 'GitRepository/default/evil artifact'), (err: unknown) => {
        assert.ok(isArtifactCode(err, ArtifactErrorCode.Unsafe), String(err));
        assert.match((err as Error).message, /^GitRepository\/default\/evil artifact: /);
        return true;
      });
      const written = await readdir(out).catch(() => []);
      assert.ok(written.length <= 1, `unexpected files: ${written.join(',')}`);
    });
  }

  it('refuses archives over the uncompressed size limit', () => {
    const big = hostile([{ type: 'file', path: 'big', mode: 0o644, data: new Uint8Array(64 * 1024) }]);
    assert.throws(() => readArchive(big, 'big', { maxArchiveBytes: 1 << 20, maxTotalBytes: 1024, maxEntries: 10, maxPathLength: 100 }),
      (err: unknown) => isArtifactCode(err, ArtifactErrorCode.TooLarge));
  });

  it('refuses archives with too many entries', () => {
    const many = hostile(Array.from({ length: 20 }, (_, i) => file(`f${i}`)));
    assert.throws(() => readArchive(many, 'many', { maxArchiveBytes: 1 << 20, maxTotalBytes: 1 << 20, maxEntries: 5, maxPathLength: 100 }),
      (err: unknown) => isArtifactCode(err, ArtifactErrorCode.TooLarge));
  });

  it('reports garbage and truncated archives as malformed', () => {
    assert.throws(() => readArchive(new Uint8Array([1, 2, 3]), 'garbage'), (err: unknown) => isArtifactCode(err, ArtifactErrorCode.Malformed));
    const truncated = gzipSync(writeTar([{ type: 'file', path: 'a', mode: 0o644, data: new Uint8Array(2000) }]).subarray(0, 1000));
    assert.throws(() => readArchive(truncated, 'truncated'), (err: unknown) => isArtifactCode(err, ArtifactErrorCode.Malformed));
  });

  it('verifies digests', () => {
    const packed = packEntries([file('a')]);
    assert.doesNotThrow(() => verifyDigest(packed.data, packed.digest, 'a'));
    assert.throws(() => verifyDigest(packed.data, `sha256:${'0'.repeat(64)}`, 'a'), (err: unknown) => isArtifactCode(err, ArtifactErrorCode.DigestMismatch));
  });
});

describe('artifact interoperability', () => {
  it('is read by GNU tar, long names and modes included', async () => {
    const { execFileSync } = await import('node:child_process');
    const { writeFileSync, rmSync, mkdtempSync } = await import('node:fs');
    const long = `${'deep/'.repeat(30)}long.yaml`;
    const packed = packEntries([
      { type: 'file', path: 'apps/cm.yaml', mode: 0o644, data: new TextEncoder().encode('kind: ConfigMap\n') },
      { type: 'file', path: long, mode: 0o755, data: new TextEncoder().encode('x') },
      { type: 'symlink', path: 'current', target: 'apps' },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'sluice-gnutar-'));
    try {
      writeFileSync(join(dir, 'a.tgz'), packed.data);
      const listing = execFileSync('tar', ['-tzvf', join(dir, 'a.tgz')], { encoding: 'utf8' });
      assert.match(listing, /^-rw-r--r-- 0\/0\s+16 .* apps\/cm\.yaml$/m);
      assert.match(listing, new RegExp(`^-rwxr-xr-x 0/0\\s+1 .* ${long.replaceAll('/', '\\/')}$`, 'm'));
      assert.match(listing, /^lrwxrwxrwx 0\/0\s+0 .* current -> apps$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
