import { strict as assert } from 'node:assert';
import { compileHealthExpressions } from '@sluice/kstatus';
import { HealthBoard } from '../src/board.js';
import { judge } from '../src/judge.js';
import {
  canceledEventMessage, canceledMessage, failedEarlyDetail, failedMessage, passedMessage, timeoutDetail,
} from '../src/messages.js';
import { configMap, deployment } from '../src/testing.js';
import { targetOf } from './helpers.js';

const synced = (object: Parameters<typeof targetOf>[0] | undefined) => ({ synced: true as const, object });
const opts = { now: Date.parse('2026-01-01T00:00:00Z'), expressions: [] };

describe('judge', () => {
  const web = deployment('apps', 'web', 3, { available: 1 });

  it("names the object and says how far a workload got", () => {
    assert.deepEqual(judge(targetOf(web), synced(web), opts), { target: targetOf(web), status: 'InProgress', summary: 'Deployment/apps/web: 1 of 3 replicas available' });
  });

  it('reports a Deployment past its progress deadline as Failed with the reason', () => {
    const stuck = deployment('apps', 'web', 3, 'deadline-exceeded');
    const health = judge(targetOf(stuck), synced(stuck), opts);
    assert.equal(health.status, 'Failed');
    assert.match(health.summary, /^Deployment\/apps\/web: /);
  });

  it('reports a missing object as NotFound and an unlistable kind as Unknown with the cause', () => {
    assert.deepEqual(judge(targetOf(web), synced(undefined), opts).summary, 'Deployment/apps/web: not found');
    const unknown = judge(targetOf(web), { synced: false, error: 'no matches for kind "Deployment" in version "apps/v1"' }, opts);
    assert.equal(unknown.status, 'Unknown');
    assert.equal(unknown.summary, 'Deployment/apps/web: cannot watch apps/v1 Deployment: no matches for kind "Deployment" in version "apps/v1"');
  });

  it('lets a CEL health expression decide the kind it names', () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { namespace: 'apps', name: 'w', generation: 2 }, status: { observedGeneration: 2, phase: 'Broken' } };
    const compiled = compileHealthExpressions([{ apiVersion: 'example.com/v1', kind: 'Widget', current: "status.phase == 'Ready'", failed: "status.phase == 'Broken'" }]);
    assert.ok(compiled.ok);
    assert.equal(judge(targetOf(widget), synced(widget), { ...opts, expressions: compiled.evaluators }).status, 'Failed');
    assert.equal(judge(targetOf(widget), synced(widget), opts).status, 'Current');
  });
});

describe('HealthBoard', () => {
  const a = targetOf(deployment('apps', 'a', 1, { available: 1 }));
  const b = targetOf(configMap('apps', 'b'));

  it('is pending until every target is Current, then healthy', () => {
    const board = new HealthBoard([a, b]);
    assert.equal(board.verdict(), 'pending');
    board.set({ target: a, status: 'Current', summary: '' });
    assert.equal(board.verdict(), 'pending');
    board.set({ target: b, status: 'Current', summary: '' });
    assert.equal(board.verdict(), 'healthy');
    board.set({ target: a, status: 'InProgress', summary: '' });
    assert.equal(board.verdict(), 'pending');
    assert.deepEqual(board.progress(), { current: 1, total: 2 });
  });

  it('fails on the first Failed target with fail fast, and keeps waiting without it', () => {
    const fast = new HealthBoard([a, b]);
    fast.set({ target: a, status: 'Failed', summary: 'a failed' });
    assert.equal(fast.verdict(), 'failed');
    assert.deepEqual(fast.failed().map((h) => h.summary), ['a failed']);
    const patient = new HealthBoard([a, b], { failFast: false });
    patient.set({ target: a, status: 'Failed', summary: 'a failed' });
    assert.equal(patient.verdict(), 'pending');
  });

  it('is healthy at once with no targets', () => {
    assert.equal(new HealthBoard([]).verdict(), 'healthy');
  });

  it('lists what is not Current, starting from "not observed yet"', () => {
    const board = new HealthBoard([a, b]);
    board.set({ target: b, status: 'Current', summary: 'ConfigMap/apps/b: Resource is always ready' });
    assert.deepEqual(board.notCurrent().map((h) => h.summary), ['Deployment/apps/a: not observed yet']);
  });
});

describe('health check messages', () => {
  const web = { target: targetOf(deployment('apps', 'web', 3, { available: 1 })), status: 'InProgress' as const, summary: 'Deployment/apps/web: 1 of 3 replicas available' };
  const job = { target: targetOf(configMap('apps', 'x')), status: 'Failed' as const, summary: 'Job/apps/migrate: Job Failed. failed: 1/1' };

  it('words success and failure as kustomize-controller does, with per-object reasons', () => {
    assert.equal(passedMessage(1234), 'Health check passed in 1.234s');
    assert.equal(timeoutDetail([web]), 'timeout waiting for: [Deployment/apps/web: 1 of 3 replicas available]');
    assert.equal(failedEarlyDetail([job]), 'failed early due to stalled resources: [Job/apps/migrate: Job Failed. failed: 1/1]');
    assert.equal(failedMessage(300_000, timeoutDetail([web, job])), 'health check failed after 5m0s: timeout waiting for: [Deployment/apps/web: 1 of 3 replicas available, Job/apps/migrate: Job Failed. failed: 1/1]');
  });

  it('says what triggered a cancellation', () => {
    const revision = { subject: 'GitRepository/flux-system/repo', revision: 'main@sha1:abc', generation: 1, revisionChanged: true };
    assert.equal(canceledMessage(revision), 'New reconciliation triggered by GitRepository/flux-system/repo (revision main@sha1:abc)');
    const spec = { subject: 'Kustomization/flux-system/apps', revision: 'main@sha1:abc', generation: 4, revisionChanged: false };
    assert.equal(canceledEventMessage(spec), 'Health checks canceled due to new reconciliation triggered by Kustomization/flux-system/apps (generation 4)');
  });
});

describe('judge on Flux kinds named in healthChecks', () => {
  const flux = (kind: string, ready: 'True' | 'False', extra: Record<string, unknown> = {}) => ({
    apiVersion: kind === 'HelmRelease' ? 'helm.toolkit.fluxcd.io/v2' : 'kustomize.toolkit.fluxcd.io/v1', kind,
    metadata: { namespace: 'flux-system', name: 'infra', generation: 2 },
    status: { observedGeneration: 2, conditions: [{ type: 'Ready', status: ready, reason: 'x', message: 'm' }], ...extra },
  });

  it('reads their Ready condition and observed generation, as kstatus does', () => {
    const ks = flux('Kustomization', 'True');
    assert.equal(judge(targetOf(ks), synced(ks), opts).status, 'Current');
    const hr = flux('HelmRelease', 'False');
    assert.equal(judge(targetOf(hr), synced(hr), opts).status, 'InProgress');
    const behind = { ...ks, metadata: { ...ks.metadata, generation: 3 } };
    assert.equal(judge(targetOf(behind), synced(behind), opts).status, 'InProgress');
    const stalled = flux('HelmRelease', 'False', { conditions: [{ type: 'Stalled', status: 'True', reason: 'RetriesExceeded', message: 'install retries exhausted' }] });
    assert.equal(judge(targetOf(stalled), synced(stalled), opts).status, 'Failed');
  });
});
