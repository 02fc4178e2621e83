import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KustomizeErrorCode, build, diskFileSystem, kustomizeBuildCommand, memoryFileSystem } from '../src/index.js';
import { isSluiceError } from '@sluice/errors';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;

async function buildError(files: Record<string, string>, dir = '/', options = {}): Promise<{ code: string; message: string }> {
  try {
    await build(memoryFileSystem(files), dir, options);
  } catch (err) {
    assert.ok(isSluiceError(err), `not a SluiceError: ${String(err)}`);
    return { code: err.code, message: err.message };
  }
  assert.fail('the build succeeded');
}

describe('build', () => {
  it('names the kustomization file and field of a failing transformer', async () => {
    const err = await buildError({
      '/apps/kustomization.yaml': 'resources: [cm.yaml]\npatches:\n- patch: |-\n    - op: replace\n      path: /data/k\n      value: x\n',
      '/apps/cm.yaml': cm('a'),
    }, '/apps');
    assert.equal(err.code, KustomizeErrorCode.build);
    assert.match(err.message, /^kustomization\.yaml: patches\[0\]: must specify a target for JSON patch/);
  });

  it('keeps kustomize\'s default load restriction and lifts it with LoadRestrictionsNone', async () => {
    const files = { '/app/kustomization.yaml': 'resources: [../shared/cm.yaml]\n', '/shared/cm.yaml': cm('shared') };
    const err = await buildError(files, '/app');
    assert.equal(err.code, KustomizeErrorCode.load);
    assert.match(err.message, /security; file '\/shared\/cm.yaml' is not in or below '\/app'/);
    const ok = await build(memoryFileSystem(files), '/app', { loadRestrictor: 'LoadRestrictionsNone' });
    assert.equal(ok.resources.length, 1);
  });

  it('generates a kustomization for a plain directory in Flux mode, recursively, as Flux does', async () => {
    const files = {
      '/deploy/b.yaml': cm('b'),
      '/deploy/a.yml': cm('a'),
      '/deploy/notes.txt': 'not yaml',
      '/deploy/sub/c.yaml': cm('c'),
      '/deploy/kustomized/kustomization.yaml': 'resources: [d.yaml]\nnamePrefix: k-\n',
      '/deploy/kustomized/d.yaml': cm('d'),
    };
    const missing = await buildError(files, '/deploy');
    assert.equal(missing.code, KustomizeErrorCode.load);
    const { resources } = await build(memoryFileSystem(files), '/deploy', { generateKustomization: true, reorder: 'none' });
    assert.deepEqual(resources.map((r) => (r.metadata as { name: string }).name), ['a', 'b', 'k-d', 'c']);
  });

  it('refuses Helm charts and non-built-in plugins instead of running anything', async () => {
    const helm = await buildError({ '/kustomization.yaml': 'helmCharts:\n- name: podinfo\n  repo: https://example.com\n' });
    assert.equal(helm.code, KustomizeErrorCode.unsupported);
    const plugin = await buildError({
      '/kustomization.yaml': 'transformers:\n- |-\n  apiVersion: example.com/v1\n  kind: Exec\n  metadata:\n    name: x\n',
    });
    assert.equal(plugin.code, KustomizeErrorCode.unsupported);
    const remote = await buildError({ '/kustomization.yaml': 'resources:\n- https://github.com/example/repo//base\n' });
    assert.equal(remote.code, KustomizeErrorCode.unsupported);
  });

  it('stops alias bombs, deep nesting and oversized files at the limits', async () => {
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`;
    const err = await buildError({ '/kustomization.yaml': 'resources: [bomb.yaml]\n', '/bomb.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n${bomb}` }, '/', { limits: { maxYamlNodes: 5000 } });
    assert.equal(err.code, KustomizeErrorCode.limit);
    const big = await buildError({ '/kustomization.yaml': 'resources: [cm.yaml]\n', '/cm.yaml': cm('x') }, '/', { limits: { maxFileBytes: 10 } });
    assert.equal(big.code, KustomizeErrorCode.limit);
    const nested: Record<string, string> = { '/l0/cm.yaml': cm('x') };
    for (let i = 0; i < 8; i++) nested[`/l${i}/kustomization.yaml`] = i === 0 ? 'resources: [cm.yaml]\n' : `resources: [../l${i - 1}]\n`;
    const deep = await buildError(nested, '/l7', { limits: { maxKustomizationDepth: 3 } });
    assert.equal(deep.code, KustomizeErrorCode.limit);
  });

  it('reports a cycle of bases', async () => {
    const err = await buildError({ '/a/kustomization.yaml': 'resources: [../b]\n', '/b/kustomization.yaml': 'resources: [../a]\n' }, '/a');
    assert.match(err.message, /cycle detected/);
  });

  it('fails on malformed YAML with kustomize\'s MalformedYAMLError', async () => {
    const err = await buildError({ '/kustomization.yaml': 'resources: [cm.yaml]\n', '/cm.yaml': 'a: [unclosed\n' });
    assert.equal(err.code, KustomizeErrorCode.malformedYaml);
    assert.match(err.message, /MalformedYAMLError/);
  });
});

describe('diskFileSystem', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-kustomize-fs-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('does not follow a symlink out of its root', async () => {
    mkdirSync(join(dir, 'root'));
    writeFileSync(join(dir, 'secret.yaml'), cm('secret'));
    symlinkSync(join(dir, 'secret.yaml'), join(dir, 'root/cm.yaml'));
    writeFileSync(join(dir, 'root/kustomization.yaml'), 'resources: [cm.yaml]\n');
    await assert.rejects(build(diskFileSystem(join(dir, 'root')), '/', { loadRestrictor: 'LoadRestrictionsNone' }), /doesn't exist/);
  });

  it('follows symlinks that stay inside the root', async () => {
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real/cm.yaml'), cm('inside'));
    symlinkSync(join(dir, 'real/cm.yaml'), join(dir, 'cm.yaml'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [cm.yaml]\n');
    const { resources } = await build(diskFileSystem(dir), '/', { loadRestrictor: 'LoadRestrictionsNone' });
    assert.equal(resources.length, 1);
  });
});

describe('kustomizeBuildCommand', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-kustomize-cli-'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources: [cm.yaml, ns.yaml]\n');
    writeFileSync(join(dir, 'cm.yaml'), cm('a'));
    writeFileSync(join(dir, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function io() {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) }, cwd: dir } };
  }

  it('prints the build in legacy order by default and in input order with --reorder none', async () => {
    const a = io();
    assert.equal(await kustomizeBuildCommand(['.'], a.io), 0);
    assert.match(a.out.stdout, /^apiVersion: v1\nkind: Namespace/);
    const b = io();
    assert.equal(await kustomizeBuildCommand([dir, '--reorder', 'none'], b.io), 0);
    assert.match(b.out.stdout, /^apiVersion: v1\ndata:/);
  });

  it('writes errors to stderr and exits 1', async () => {
    const a = io();
    assert.equal(await kustomizeBuildCommand(['missing-dir'], a.io), 1);
    assert.equal(a.out.stdout, '');
    assert.match(a.out.stderr, /^error: /);
    const b = io();
    assert.equal(await kustomizeBuildCommand(['.', '--load-restrictor', 'Sometimes'], b.io), 1);
    assert.match(b.out.stderr, /illegal flag value/);
  });
});
