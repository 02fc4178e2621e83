import { strict as assert } from 'node:assert';
import { startPipeline, type Pipeline } from '../../../test/e2e/support/pipeline.js';
import {
  announceApply, conditionOf, healthLeaseHolder, lastReconcileRequest, kustomizationObject, kustomizationRef, namespace, simDeployment,
  startReplica, waitForEvent, waitForMetrics, type Replica,
} from './cluster.js';
import { sleep } from './helpers.js';

const rev = (n: number) => `main@sha1:${String(n).repeat(40).slice(0, 40)}`;
const SLOW = { 'kube-sim.sluice.dev/ready-delay': '1h' };

describe('health-checker service on kube-sim', function () {
  this.timeout(30_000);
  let p: Pipeline;
  const replicas: Replica[] = [];

  before(async () => {
    p = await startPipeline({ services: [], readyDelayMs: 200 });
    await p.apply([namespace('apps')]);
    await p.apply([{ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' }, spec: {
      group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    } }]);
    replicas.push(await startReplica(p, 'health-a'));
  });
  afterEach(async () => {
    for (const r of replicas.splice(1)) await r.stop();
  });
  after(async () => {
    for (const r of replicas.splice(0)) await r.stop();
    await p?.stop();
  });

  it('marks the Kustomization Ready once its Deployment becomes Available', async () => {
    const web = simDeployment('apps', 'web');
    await p.apply([web, kustomizationObject('web', { wait: true, timeout: '5m' })]);
    await announceApply(p, 'web', rev(1), [web]);
    const k = await p.waitForCondition(kustomizationRef('web'), 'Ready', 'True', 'ReconciliationSucceeded');
    assert.equal(conditionOf(k, 'Ready')?.message, `Applied revision: ${rev(1)}`);
    assert.equal(conditionOf(k, 'Healthy')?.reason, 'Succeeded');
    assert.match(conditionOf(k, 'Healthy')!.message, /^Health check passed in \d/);
    assert.equal(conditionOf(k, 'Reconciling'), undefined);
    assert.equal((k.status as { history?: { lastReconciledStatus: string }[] }).history?.[0]?.lastReconciledStatus, 'ReconciliationSucceeded');
    await waitForEvent(p, 'web', /^ReconciliationSucceeded: Health check passed in/);
    await waitForMetrics(replicas[0]!, /sluice_health_checks_total\{result="healthy",service="health-checker"\} 1/);
  });

  it('fails fast on a Deployment made to fail, naming it, long before the timeout', async () => {
    const broken = simDeployment('apps', 'broken', { annotations: { 'kube-sim.sluice.dev/fail': 'unready' }, progressDeadlineSeconds: 1 });
    const fine = simDeployment('apps', 'fine');
    await p.apply([broken, fine, kustomizationObject('broken', { wait: true, timeout: '10m', retryInterval: '1h' })]);
    await announceApply(p, 'broken', rev(1), [broken, fine]);
    // The 10m timeout would end in "timeout waiting for"; failing early says so, within waitForCondition's 20 s.
    const k = await p.waitForCondition(kustomizationRef('broken'), 'Ready', 'False', 'HealthCheckFailed');
    assert.match(conditionOf(k, 'Ready')!.message, /^health check failed after [\d.]+m?s: failed early due to stalled resources: \[Deployment\/apps\/broken: Progress deadline exceeded\]$/);
    assert.equal(conditionOf(k, 'Healthy')?.message, 'failed early due to stalled resources: [Deployment/apps/broken: Progress deadline exceeded]');
    await waitForEvent(p, 'broken', /^HealthCheckFailed: health check failed after/);
    const retry = await lastReconcileRequest(p, 'broken');
    assert.equal(retry?.payload.trigger, 'retry');
    const delayMs = Date.parse(retry.payload.notBefore!) - Date.parse(retry.payload.scheduledAt);
    assert.ok(delayMs > 3_590_000 && delayMs <= 3_600_000, `retry after retryInterval (1h) from the failure, got ${delayMs} ms`);
  });

  it('cancels a long wait when a newer revision is applied, then checks the new revision', async () => {
    const stuck = simDeployment('apps', 'stuck', { annotations: SLOW });
    const fixed = simDeployment('apps', 'fixed');
    await p.apply([stuck, fixed, kustomizationObject('rollout', { wait: true, timeout: '10m' })]);
    await announceApply(p, 'rollout', rev(1), [stuck]);
    await p.waitFor(kustomizationRef('rollout'), (o) => conditionOf(o, 'Healthy')?.message?.startsWith(`Running health checks for revision ${rev(1)} with a timeout of 10m0s`) ?? false, 'the first check running');
    await announceApply(p, 'rollout', rev(2), [fixed]);
    const k = await p.waitForCondition(kustomizationRef('rollout'), 'Ready', 'True', 'ReconciliationSucceeded');
    assert.equal(conditionOf(k, 'Ready')?.message, `Applied revision: ${rev(2)}`);
    const canceled = await waitForEvent(p, 'rollout', /^HealthCheckCanceled: /);
    assert.equal(canceled, `HealthCheckCanceled: Health checks canceled due to new reconciliation triggered by GitRepository/flux-system/repo (revision ${rev(2)})`);
  });

  it('cancels a wait another replica holds, through a control request', async () => {
    await replicas[0]!.stop();
    replicas[0] = await startReplica(p, 'health-a2', { concurrency: 1 });
    const stuck = simDeployment('apps', 'held');
    await p.apply([{ ...stuck, metadata: { ...stuck.metadata, annotations: SLOW } }, kustomizationObject('held', { wait: true, timeout: '10m' })]);
    await announceApply(p, 'held', rev(1), [stuck]);
    for (let i = 0; i < 100 && (await healthLeaseHolder(p, 'held')) !== 'health-a2'; i++) await sleep(50);
    assert.equal(await healthLeaseHolder(p, 'held'), 'health-a2');
    replicas.push(await startReplica(p, 'health-b'));
    const fine = simDeployment('apps', 'held-fixed');
    await p.apply([fine]);
    await announceApply(p, 'held', rev(2), [fine]);
    await p.waitForCondition(kustomizationRef('held'), 'Ready', 'True', 'ReconciliationSucceeded');
    await waitForEvent(p, 'held', /^HealthCheckCanceled: /);
    // health-a2 works on one message at a time, so only health-b could take the newer one and ask for the cancellation.
    const finished = (r: Replica) => r.records.filter((l) => l.msg === 'health check finished' && l['object'] === 'Kustomization/flux-system/held').map((l) => l['result']);
    assert.deepEqual(finished(replicas[0]!)[0], 'canceled');
  });

  it('hands a running check over to another replica when it stops', async () => {
    const slowing = simDeployment('apps', 'handover', { annotations: { 'kube-sim.sluice.dev/ready-delay': '2s' } });
    await p.apply([slowing, kustomizationObject('handover', { wait: true, timeout: '10m' })]);
    await announceApply(p, 'handover', rev(1), [slowing]);
    for (let i = 0; i < 100 && (await healthLeaseHolder(p, 'handover')) !== replicas[0]!.instance; i++) await sleep(50);
    replicas.push(await startReplica(p, 'health-c'));
    const first = replicas[0]!;
    await first.stop();
    replicas[0] = await startReplica(p, 'health-a3');
    await p.waitForCondition(kustomizationRef('handover'), 'Ready', 'True', 'ReconciliationSucceeded');
    assert.deepEqual(first.records.filter((l) => l.msg === 'health check finished' && l['object'] === 'Kustomization/flux-system/handover'), [], 'the stopped replica reported nothing');
  });

  it('lets a CEL health expression decide a custom resource, failing fast on its failed expression', async () => {
    const widget = (name: string, phase: string) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace: 'apps' }, status: { phase } });
    const exprs = [{ apiVersion: 'example.com/v1', kind: 'Widget', current: "status.phase == 'Ready'", failed: "status.phase == 'Broken'" }];
    await p.apply([widget('good', 'Pending'), kustomizationObject('widgets', { healthChecks: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'good', namespace: 'apps' }], healthCheckExprs: exprs, timeout: '10m' })]);
    await announceApply(p, 'widgets', rev(1), [widget('good', 'Pending')]);
    await sleep(300);
    assert.equal(conditionOf(await p.kube.get(kustomizationRef('widgets')), 'Ready')?.status, 'Unknown', 'Pending is not Current by the expression');
    await p.apply([widget('good', 'Ready')]);
    await p.waitForCondition(kustomizationRef('widgets'), 'Ready', 'True');
    await p.apply([widget('bad', 'Broken'), kustomizationObject('bad-widgets', { healthChecks: [{ apiVersion: 'example.com/v1', kind: 'Widget', name: 'bad', namespace: 'apps' }], healthCheckExprs: exprs, timeout: '10m' })]);
    await announceApply(p, 'bad-widgets', rev(1), [widget('bad', 'Broken')]);
    const k = await p.waitForCondition(kustomizationRef('bad-widgets'), 'Ready', 'False', 'HealthCheckFailed');
    assert.match(conditionOf(k, 'Healthy')!.message, /^failed early due to stalled resources: \[Widget\/apps\/bad: spec\.healthCheckExprs\[0\]\.failed evaluated to true\]$/);
  });

  it('stalls a Kustomization whose healthCheckExprs do not parse', async () => {
    await p.apply([kustomizationObject('bad-exprs', { wait: true, healthCheckExprs: [{ apiVersion: 'example.com/v1', kind: 'Widget', current: 'status.(' }] })]);
    await announceApply(p, 'bad-exprs', rev(1), []);
    const k = await p.waitForCondition(kustomizationRef('bad-exprs'), 'Stalled', 'True', 'InvalidCELExpression');
    assert.match(conditionOf(k, 'Ready')!.message, /^Reconciliation failed terminally due to configuration error: spec\.healthCheckExprs\[0\]\.current: failed to parse/);
  });
});
