import { strict as assert } from 'node:assert';
import type { KubeObject } from '@sluice/runtime';
import { createGitRepo, serveGitHttp, type GitRepoFixture, type GitServer } from '@sluice/testing';
import { configMapYaml, fluxRef, fluxSystem, gitRepository, kustomization } from './support/flux.js';
import { startPipeline, type Pipeline } from './support/pipeline.js';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const cm = (namespace: string, name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace, name });
const conditionOf = (obj: KubeObject | undefined, type: string) =>
  (obj?.status as { conditions?: { type: string; status: string; reason: string; message: string; lastTransitionTime: string }[] } | undefined)?.conditions?.find((c) => c.type === type);

describe('pipeline scenarios', function () {
  this.timeout(90_000);
  let pipeline: Pipeline;
  let repo: GitRepoFixture;
  let git: GitServer;

  before(async () => {
    repo = await createGitRepo({
      name: 'scenarios',
      branch: 'main',
      files: {
        'prune/ns.yaml': ns('prune'),
        'prune/kustomization.yaml': 'resources:\n  - ns.yaml\n  - legacy\n',
        'prune/legacy/kustomization.yaml': 'namePrefix: legacy-\nresources:\n  - cm.yaml\n',
        'prune/legacy/cm.yaml': configMapYaml('settings', 'prune', { tier: 'legacy' }),
        'keep/ns.yaml': ns('keep'),
        'keep/a.yaml': configMapYaml('a', 'keep', { v: '1' }),
        'keep/b.yaml': configMapYaml('b', 'keep', { v: '1' }),
        'infra/ns.yaml': ns('ordered'),
        'app/cm.yaml': configMapYaml('app', 'ordered', { v: '1' }),
      },
    });
    git = await serveGitHttp(repo.root);
    pipeline = await startPipeline();
    await pipeline.apply([fluxSystem, gitRepository('scenarios', git.url('scenarios'), { interval: '1s' })]);
  });
  after(async () => {
    await pipeline?.stop();
    await git?.stop();
    await repo?.remove();
  });

  it('prunes and recreates the objects of a renamed directory', async () => {
    await pipeline.apply([kustomization('prune', 'scenarios', './prune')]);
    await pipeline.waitForCondition(fluxRef('Kustomization', 'prune'), 'Ready', 'True');
    assert.ok(await pipeline.kube.get(cm('prune', 'legacy-settings')));
    await repo.commit({
      'prune/kustomization.yaml': 'resources:\n  - ns.yaml\n  - modern\n',
      'prune/legacy/kustomization.yaml': null,
      'prune/legacy/cm.yaml': null,
      'prune/modern/kustomization.yaml': 'namePrefix: modern-\nresources:\n  - cm.yaml\n',
      'prune/modern/cm.yaml': configMapYaml('settings', 'prune', { tier: 'modern' }),
    }, 'rename legacy to modern');
    await pipeline.waitFor(cm('prune', 'legacy-settings'), (o) => o === undefined, 'legacy-settings pruned');
    assert.ok(await pipeline.kube.get(cm('prune', 'modern-settings')), 'modern-settings created');
  });

  it('keeps objects that left Git when prune is false, but drops them from the inventory', async () => {
    await pipeline.apply([kustomization('keep', 'scenarios', './keep', { prune: false })]);
    await pipeline.waitForCondition(fluxRef('Kustomization', 'keep'), 'Ready', 'True');
    await repo.commit({ 'keep/b.yaml': null }, 'drop b');
    const head = await repo.head();
    const k = await pipeline.waitFor(fluxRef('Kustomization', 'keep'),
      (o) => (o?.status as { lastAppliedRevision?: string } | undefined)?.lastAppliedRevision === `main@sha1:${head}`, 'the commit applied');
    assert.ok(await pipeline.kube.get(cm('keep', 'b')), 'b is kept');
    const ids = (k?.status as { inventory: { entries: { id: string }[] } }).inventory.entries.map((e) => e.id);
    assert.ok(!ids.includes('keep_b__ConfigMap'), `b left the inventory: ${ids.join(',')}`);
  });

  it('applies a Kustomization only after its dependency is Ready', async () => {
    await pipeline.apply([
      kustomization('app', 'scenarios', './app', { dependsOn: [{ name: 'infra' }] }),
      kustomization('infra', 'scenarios', './infra'),
    ]);
    const app = await pipeline.waitForCondition(fluxRef('Kustomization', 'app'), 'Ready', 'True');
    const infra = await pipeline.kube.get(fluxRef('Kustomization', 'infra'));
    const namespace = await pipeline.kube.get({ apiVersion: 'v1', kind: 'Namespace', name: 'ordered' });
    const configMap = await pipeline.kube.get(cm('ordered', 'app'));
    assert.ok(namespace && configMap);
    assert.ok(conditionOf(infra, 'Ready')!.lastTransitionTime <= conditionOf(app, 'Ready')!.lastTransitionTime);
    assert.ok(Number(namespace.metadata.resourceVersion) < Number(configMap.metadata.resourceVersion), 'the dependency applied first');
  });

  it('stalls every member of a dependency cycle with DependencyCycle naming the cycle', async () => {
    // cycle-a is checked first, while its dependency does not exist yet; closing the cycle must still stall it.
    await pipeline.apply([kustomization('cycle-a', 'scenarios', './keep', { dependsOn: [{ name: 'cycle-b' }], prune: false })]);
    await pipeline.waitForCondition(fluxRef('Kustomization', 'cycle-a'), 'Ready', 'False', 'DependencyNotReady');
    await pipeline.apply([kustomization('cycle-b', 'scenarios', './keep', { dependsOn: [{ name: 'cycle-a' }], prune: false })]);
    for (const [name, other] of [['cycle-a', 'cycle-b'], ['cycle-b', 'cycle-a']] as const) {
      const k = await pipeline.waitForCondition(fluxRef('Kustomization', name), 'Stalled', 'True', 'DependencyCycle');
      assert.equal(conditionOf(k, 'Ready')?.reason, 'DependencyCycle');
      assert.equal(conditionOf(k, 'Ready')?.message, `dependency cycle detected: flux-system/${name} -> flux-system/${other} -> flux-system/${name}`);
    }
  });

  it('marks the source not Ready while Git is unreachable, leaves the cluster alone, and applies the next commit', async () => {
    const before = await pipeline.kube.get(cm('keep', 'a'));
    await git.setReachable(false);
    try {
      await repo.commit({ 'keep/a.yaml': configMapYaml('a', 'keep', { v: '2' }) }, 'change a while git is down');
      const source = await pipeline.waitForCondition(fluxRef('GitRepository', 'scenarios'), 'Ready', 'False', 'GitOperationFailed');
      assert.match(conditionOf(source, 'Ready')!.message, /unable to fetch/);
      assert.ok((source.status as { artifact?: unknown }).artifact, 'the last artifact is kept');
      assert.equal((await pipeline.kube.get(cm('keep', 'a')))?.metadata.resourceVersion, before?.metadata.resourceVersion, 'cluster untouched');
    } finally {
      await git.setReachable(true);
    }
    await pipeline.waitFor(cm('keep', 'a'), (o) => (o?.data as { v?: string } | undefined)?.v === '2', 'the commit applied once Git is back');
    await pipeline.waitForCondition(fluxRef('GitRepository', 'scenarios'), 'Ready', 'True');
  });
});
