import { strict as assert } from 'node:assert';
import { stringify } from 'yaml';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { setupTestTelemetry, type TestTelemetry } from '@sluice/telemetry/testing';
import { createGitRepo, serveGitHttp, type GitRepoFixture, type GitServer } from '@sluice/testing';
import { fluxRef, fluxSystem, gitRepository, kustomization } from '../../../test/e2e/support/flux.js';
import { startPipeline, type Pipeline } from '../../../test/e2e/support/pipeline.js';
import { conditionOf, namespace, simDeployment, startReplica, waitForEvent, type Replica } from './cluster.js';

const yaml = (...objects: object[]): string => objects.map((o) => stringify(o)).join('---\n');

/** A Deployment whose pods kube-sim keeps unready for an hour (the pod template carries the delay). */
function stuckDeployment(name: string) {
  const d = simDeployment('apps', name);
  const spec = d.spec as { template: { metadata: Record<string, unknown> } };
  return { ...d, spec: { ...spec, template: { ...spec.template, metadata: { ...spec.template.metadata, annotations: { 'kube-sim.sluice.dev/ready-delay': '1h' } } } } };
}

const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};
const gizmo = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'gizmo', namespace: 'apps' }, spec: { size: 1 } };
const exprs = [{ apiVersion: 'example.com/v1', kind: 'Widget', current: "status.phase == 'Ready'", failed: "status.phase == 'Broken'" }];

/** Intervals, timeouts and retries far longer than the tests: whatever happens within them is the health-checker's doing. */
const LONG = { interval: '10m', timeout: '10m', retryInterval: '10m' };

describe('health checks end to end (Git, source-fetcher, builder, applier, health-checker on kube-sim)', function () {
  this.timeout(60_000);
  let pipeline: Pipeline;
  let repo: GitRepoFixture;
  let git: GitServer;
  let checker: Replica;
  let telemetry: TestTelemetry;

  before(async () => {
    telemetry = setupTestTelemetry('health-e2e');
    repo = await createGitRepo({
      name: 'fleet',
      branch: 'main',
      files: {
        'web/web.yaml': yaml(simDeployment('apps', 'web')),
        'broken/broken.yaml': yaml(simDeployment('apps', 'broken', { annotations: { 'kube-sim.sluice.dev/fail': 'unready' }, progressDeadlineSeconds: 1 })),
        'rollout/app.yaml': yaml(stuckDeployment('rollout-v1')),
        'widgets/crd.yaml': yaml(widgetCrd),
        'widgets/widget.yaml': yaml(gizmo),
      },
    });
    git = await serveGitHttp(repo.root);
    pipeline = await startPipeline({ readyDelayMs: 200 });
    checker = await startReplica(pipeline, 'health-checker-0');
    await pipeline.apply([
      fluxSystem, namespace('apps'), gitRepository('fleet', git.url('fleet'), { interval: '1s' }),
      kustomization('web', 'fleet', './web', { ...LONG, wait: true }),
      kustomization('broken', 'fleet', './broken', { ...LONG, wait: true }),
      kustomization('rollout', 'fleet', './rollout', { ...LONG, wait: true }),
      kustomization('widgets', 'fleet', './widgets', { ...LONG, wait: true, healthCheckExprs: exprs }),
    ]);
  });
  after(async () => {
    await checker?.stop();
    await pipeline?.stop();
    await git?.stop();
    await repo?.remove();
    await telemetry?.shutdown();
  });

  it('makes a Kustomization Ready once its Deployment becomes Available, in a health span of the apply trace', async () => {
    const k = await pipeline.waitForCondition(fluxRef('Kustomization', 'web'), 'Ready', 'True', 'ReconciliationSucceeded');
    const revision = `main@sha1:${await repo.head()}`;
    assert.equal(conditionOf(k, 'Ready')?.message, `Applied revision: ${revision}`);
    const isHealth = (s: ReadableSpan) => s.name === 'health Kustomization/flux-system/web' && s.attributes['sluice.revision'] === revision;
    // The span ends just after the status write.
    for (let i = 0; i < 50 && !telemetry.finishedSpans().some(isHealth); i++) await new Promise((r) => setTimeout(r, 20));
    const spans = telemetry.finishedSpans();
    const health = spans.find(isHealth);
    assert.ok(health, 'a health span for the revision');
    assert.equal(health.attributes['sluice.health.result'], 'healthy');
    const apply = spans.find((s) => s.name === 'apply Kustomization/flux-system/web' && s.spanContext().traceId === health.spanContext().traceId);
    assert.ok(apply, 'the apply span is in the same trace');
    const isParent = (s: ReadableSpan) => s.spanContext().spanId === health.parentSpanContext?.spanId;
    for (let i = 0; i < 50 && !telemetry.finishedSpans().some(isParent); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(telemetry.finishedSpans().find(isParent)?.name, 'apply process', 'the health span is a child of the consumed apply message');
    assert.match(conditionOf(k, 'Healthy')!.message, /^Health check passed in /);
    const web = await pipeline.kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'apps', name: 'web' });
    assert.equal((web?.status as { availableReplicas?: number }).availableReplicas, 1);
  });

  it('reports a Deployment made to fail as HealthCheckFailed within seconds, not at the 10m timeout', async () => {
    const k = await pipeline.waitForCondition(fluxRef('Kustomization', 'broken'), 'Ready', 'False', 'HealthCheckFailed');
    assert.match(conditionOf(k, 'Ready')!.message, /: failed early due to stalled resources: \[Deployment\/apps\/broken: Progress deadline exceeded\]$/);
  });

  it('lets a CEL health expression decide the health of a custom resource', async () => {
    // kstatus alone would call a Widget without conditions Current at once; the expression waits for its phase.
    const ref = { apiVersion: 'example.com/v1', kind: 'Widget', namespace: 'apps', name: 'gizmo' };
    await pipeline.waitFor(fluxRef('Kustomization', 'widgets'), (o) => /^Running health checks/.test(conditionOf(o, 'Healthy')?.message ?? ''), 'the check waiting for the Widget');
    await pipeline.kube.mergePatch(ref, { status: { phase: 'Broken' } });
    const failed = await pipeline.waitForCondition(fluxRef('Kustomization', 'widgets'), 'Ready', 'False', 'HealthCheckFailed');
    assert.equal(conditionOf(failed, 'Healthy')?.message, 'failed early due to stalled resources: [Widget/apps/gizmo: spec.healthCheckExprs[0].failed evaluated to true]');
    await pipeline.kube.mergePatch(ref, { status: { phase: 'Ready' } });
    const requested = kustomization('widgets', 'fleet', './widgets', { ...LONG, wait: true, healthCheckExprs: exprs });
    await pipeline.apply([{ ...requested, metadata: { ...requested.metadata, annotations: { 'reconcile.fluxcd.io/requestedAt': 'after-the-fix' } } }]);
    await pipeline.waitForCondition(fluxRef('Kustomization', 'widgets'), 'Ready', 'True', 'ReconciliationSucceeded');
  });

  it('cancels a long wait when a new commit arrives, and the fixed revision becomes Ready', async () => {
    await pipeline.waitFor(fluxRef('Kustomization', 'rollout'), (o) => /^Running health checks for revision .* with a timeout of 10m0s$/.test(conditionOf(o, 'Healthy')?.message ?? ''), 'a health check waiting on the stuck Deployment');
    await repo.commit({ 'rollout/app.yaml': yaml(simDeployment('apps', 'rollout-v2')) }, 'fix the rollout');
    const head = await repo.head();
    const k = await pipeline.waitFor(fluxRef('Kustomization', 'rollout'), (o) => conditionOf(o, 'Ready')?.message === `Applied revision: main@sha1:${head}`, 'Ready at the fixed revision');
    assert.equal(conditionOf(k, 'Ready')?.status, 'True');
    await waitForEvent(pipeline, 'rollout', new RegExp(`^HealthCheckCanceled: Health checks canceled due to new reconciliation triggered by GitRepository/flux-system/fleet \\(revision main@sha1:${head}\\)$`));
  });
});
