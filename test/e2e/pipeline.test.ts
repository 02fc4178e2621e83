import { strict as assert } from 'node:assert';
import { createGitRepo, serveGitHttp, type GitRepoFixture, type GitServer } from '@sluice/testing';
import { setupTestTelemetry, type TestTelemetry } from '@sluice/telemetry/testing';
import { configMapYaml, fluxRef, fluxSystem, gitRepository, kustomization } from './support/flux.js';
import { startPipeline, type Pipeline } from './support/pipeline.js';

type FinishedSpan = ReturnType<TestTelemetry['finishedSpans']>[number];
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'apps', name });
const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n';

describe('pipeline end to end', function () {
  this.timeout(60_000);
  let telemetry: TestTelemetry;
  let pipeline: Pipeline;
  let repo: GitRepoFixture;
  let git: GitServer;

  before(async () => {
    telemetry = setupTestTelemetry('e2e');
    repo = await createGitRepo({
      name: 'fleet',
      branch: 'main',
      files: { 'apps/namespace.yaml': ns, 'apps/one.yaml': configMapYaml('one', 'apps', { v: '1' }), 'apps/two.yaml': configMapYaml('two', 'apps', { v: '1' }) },
    });
    git = await serveGitHttp(repo.root);
    pipeline = await startPipeline();
    await pipeline.apply([fluxSystem, gitRepository('fleet', git.url('fleet'), { interval: '1s' }), kustomization('apps', 'fleet', './apps', { interval: '2s' })]);
  });
  after(async () => {
    await pipeline?.stop();
    await git?.stop();
    await repo?.remove();
    await telemetry?.shutdown();
  });

  it('applies a commit, marks the Kustomization Ready, and traces it from the fetch through build and apply', async () => {
    const head = await repo.head();
    const k = await pipeline.waitForCondition(fluxRef('Kustomization', 'apps'), 'Ready', 'True', 'ReconciliationSucceeded');
    assert.equal((k.status as { lastAppliedRevision?: string }).lastAppliedRevision, `main@sha1:${head}`);
    assert.ok(await pipeline.kube.get(cm('one')));
    const inventory = (k.status as { inventory?: { entries: { id: string }[] } }).inventory?.entries.map((e) => e.id);
    assert.deepEqual(inventory, ['_apps__Namespace', 'apps_one__ConfigMap', 'apps_two__ConfigMap']);

    // The Ready status is written inside the apply span, so the span ends a moment after Ready shows: wait for it.
    const isFetch = (s: FinishedSpan): boolean => s.name === 'fetch GitRepository/flux-system/fleet' && s.attributes['sluice.revision'] === `main@sha1:${head}`;
    const spans = await waitForSpans(() => telemetry.finishedSpans(), (all) => {
      const traceId = all.find(isFetch)?.spanContext().traceId;
      return all.some((s) => s.name === 'apply Kustomization/flux-system/apps' && s.spanContext().traceId === traceId);
    });
    const fetch = spans.find(isFetch);
    assert.ok(fetch, 'a fetch span for the revision');
    const traceId = fetch.spanContext().traceId;
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId).map((s) => s.name);
    assert.ok(inTrace.includes('build Kustomization/flux-system/apps'), `build span in the fetch trace: ${inTrace.join(', ')}`);
    assert.ok(inTrace.includes('apply Kustomization/flux-system/apps'), `apply span in the fetch trace: ${inTrace.join(', ')}`);
    const apply = spans.find((s) => s.name === 'apply Kustomization/flux-system/apps' && s.spanContext().traceId === traceId)!;
    assert.equal(apply.attributes['sluice.changeset.created'], 3);
  });

  it('reverts an object edited by hand at the next interval', async () => {
    await pipeline.kube.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'apps' }, data: { v: 'edited' } }, { fieldManager: 'kubectl-edit', force: true });
    await pipeline.waitFor(cm('one'), (o) => (o?.data as { v?: string } | undefined)?.v === '1', 'drift corrected');
  });

  it('prunes a file removed from Git', async () => {
    await repo.commit({ 'apps/two.yaml': null }, 'remove two');
    await pipeline.waitFor(cm('two'), (o) => o === undefined, 'ConfigMap two pruned');
    assert.ok(await pipeline.kube.get(cm('one')), 'ConfigMap one stays');
  });

  it('reports broken YAML as BuildFailed naming the file, leaving applied objects alone', async () => {
    await repo.commit({ 'apps/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: [oops\n' }, 'break it');
    const k = await pipeline.waitForCondition(fluxRef('Kustomization', 'apps'), 'Ready', 'False', 'BuildFailed');
    const ready = (k.status as { conditions: { type: string; message: string }[] }).conditions.find((c) => c.type === 'Ready')!;
    assert.match(ready.message, /broken\.yaml/);
    assert.ok(await pipeline.kube.get(cm('one')), 'previously applied objects untouched');
    await repo.commit({ 'apps/broken.yaml': null }, 'fix it');
    await pipeline.waitForCondition(fluxRef('Kustomization', 'apps'), 'Ready', 'True');
  });

  it('resumes without manual steps after NATS restarts: the next commit is applied', async () => {
    await pipeline.nats.restart();
    await repo.commit({ 'apps/one.yaml': configMapYaml('one', 'apps', { v: 'after-restart' }) }, 'after the NATS restart');
    await pipeline.waitFor(cm('one'), (o) => (o?.data as { v?: string } | undefined)?.v === 'after-restart', 'the commit applied after the restart', 45_000);
    await repo.commit({ 'apps/one.yaml': configMapYaml('one', 'apps', { v: '1' }) }, 'back to v1');
    await pipeline.waitFor(cm('one'), (o) => (o?.data as { v?: string } | undefined)?.v === '1', 'back to v1');
  });

  it('leaves a suspended Kustomization alone', async () => {
    await pipeline.apply([kustomization('apps', 'fleet', './apps', { interval: '2s', suspend: true })]);
    await new Promise((r) => setTimeout(r, 500));
    await pipeline.kube.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'apps' }, data: { v: 'hand-made' } }, { fieldManager: 'kubectl-edit', force: true });
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(((await pipeline.kube.get(cm('one')))?.data as { v: string }).v, 'hand-made');
    await pipeline.apply([kustomization('apps', 'fleet', './apps', { interval: '2s', suspend: false })]);
    await pipeline.waitFor(cm('one'), (o) => (o?.data as { v?: string } | undefined)?.v === '1', 'drift corrected after resume');
  });
});

/** The finished spans once `done` holds for them, or after 10 s (the assertions then say what is missing). */
async function waitForSpans<S>(read: () => S[], done: (spans: S[]) => boolean): Promise<S[]> {
  const deadline = Date.now() + 10_000;
  while (!done(read()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return read();
}
