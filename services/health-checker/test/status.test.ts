import { strict as assert } from 'node:assert';
import { findCondition, type Kustomization } from '@sluice/api';
import { cancelTrigger } from '../src/messages.js';
import {
  announcesSuccess, canceledStatus, healthyStatus, isSuperseded, progressingStatus, stalledStatus, unhealthyStatus,
} from '../src/status.js';
import { kustomization } from './helpers.js';

const now = new Date('2026-03-01T12:00:00Z');
const revision = 'main@sha1:1111111111111111111111111111111111111111';

/** A Kustomization as the applier leaves it when a health check follows. */
function applied(): Kustomization {
  const k = kustomization('apps', { wait: true });
  return { ...k, status: progressing(k) } as Kustomization;
}
function progressing(k: Kustomization) {
  const base = { ...k, status: { lastAppliedRevision: revision, observedGeneration: 1 } } as Kustomization;
  return progressingStatus(base, revision, 300_000, new Date('2026-03-01T11:59:00Z'));
}
const condition = (status: Kustomization['status'], type: string) => findCondition(status?.conditions, type);

describe('health check status', () => {
  it('marks progress like the applier: Reconciling, Ready and Healthy Unknown with the timeout', () => {
    const status = applied().status;
    assert.equal(condition(status, 'Reconciling')?.status, 'True');
    assert.equal(condition(status, 'Ready')?.status, 'Unknown');
    assert.deepEqual(condition(status, 'Healthy')?.message, `Running health checks for revision ${revision} with a timeout of 5m0s`);
  });

  it('on success: Healthy=True Succeeded, Ready=True with the revision, Reconciling gone, history recorded', () => {
    const status = healthyStatus(applied(), { revision, digest: 'sha256:aa', elapsedMs: 1200, now, checked: true });
    assert.deepEqual(
      [condition(status, 'Healthy')?.status, condition(status, 'Healthy')?.reason, condition(status, 'Healthy')?.message],
      ['True', 'Succeeded', 'Health check passed in 1.2s'],
    );
    assert.deepEqual([condition(status, 'Ready')?.status, condition(status, 'Ready')?.reason, condition(status, 'Ready')?.message], ['True', 'ReconciliationSucceeded', `Applied revision: ${revision}`]);
    assert.equal(condition(status, 'Reconciling'), undefined);
    assert.deepEqual(status.history?.map((h) => [h.digest, h.lastReconciledStatus, h.metadata?.['revision']]), [['sha256:aa', 'ReconciliationSucceeded', revision]]);
    assert.equal(status.lastAppliedRevision, revision, 'what the applier owns stays');
  });

  it('removes Healthy when nothing was to be checked, as Flux does', () => {
    const status = healthyStatus(applied(), { revision, digest: 'sha256:aa', elapsedMs: 0, now, checked: false });
    assert.equal(condition(status, 'Healthy'), undefined);
    assert.equal(condition(status, 'Ready')?.status, 'True');
  });

  it('on failure: Healthy and Ready False HealthCheckFailed, Ready saying how long it took, still Reconciling', () => {
    const detail = 'failed early due to stalled resources: [Deployment/apps/web: Progress deadline exceeded]';
    const status = unhealthyStatus(applied(), { revision, digest: 'sha256:aa', elapsedMs: 2500, now, detail });
    assert.deepEqual([condition(status, 'Healthy')?.status, condition(status, 'Healthy')?.reason, condition(status, 'Healthy')?.message], ['False', 'HealthCheckFailed', detail]);
    assert.deepEqual([condition(status, 'Ready')?.reason, condition(status, 'Ready')?.message], ['HealthCheckFailed', `health check failed after 2.5s: ${detail}`]);
    assert.equal(condition(status, 'Reconciling')?.reason, 'ProgressingWithRetry');
    assert.equal(status.history?.[0]?.lastReconciledStatus, 'HealthCheckFailed');
  });

  it('on cancellation: Ready=False HealthCheckCanceled; on bad expressions: Stalled InvalidCELExpression', () => {
    const canceled = canceledStatus(applied(), 'New reconciliation triggered by GitRepository/flux-system/repo (revision main@sha1:2)', now);
    assert.deepEqual([condition(canceled, 'Ready')?.status, condition(canceled, 'Ready')?.reason], ['False', 'HealthCheckCanceled']);
    const stalled = stalledStatus(applied(), 'Reconciliation failed terminally due to configuration error: x', now);
    assert.deepEqual([condition(stalled, 'Stalled')?.status, condition(stalled, 'Ready')?.reason, condition(stalled, 'Healthy')?.reason], ['True', 'InvalidCELExpression', 'InvalidCELExpression']);
  });

  it('knows when the Kustomization moved on from the checked apply', () => {
    const k = applied();
    assert.equal(isSuperseded(k, { revision, generation: 1 }), false);
    assert.equal(isSuperseded(k, { revision: 'main@sha1:2', generation: 1 }), true);
    assert.equal(isSuperseded({ ...k, metadata: { ...k.metadata, generation: 2 } }, { revision, generation: 1 }), true);
  });

  it('announces a pass only after a failure or for a new revision', () => {
    const passed = healthyStatus(applied(), { revision, digest: 'sha256:aa', elapsedMs: 10, now, checked: true }).history;
    assert.equal(announcesSuccess(undefined, revision), true);
    assert.equal(announcesSuccess(passed, revision), false);
    assert.equal(announcesSuccess(passed, 'main@sha1:2'), true);
    const failed = unhealthyStatus(applied(), { revision, digest: 'sha256:aa', elapsedMs: 10, now, detail: 'x' }).history;
    assert.equal(announcesSuccess(failed, revision), true);
  });

  it('names the source for a new revision and the Kustomization for a spec change', () => {
    const k = kustomization('apps');
    assert.equal(cancelTrigger(k, { revision }, { revision: 'main@sha1:2', generation: 1 }).subject, 'GitRepository/flux-system/repo');
    assert.equal(cancelTrigger(k, { revision }, { revision, generation: 2 }).subject, 'Kustomization/flux-system/apps');
  });
});
