import { strict as assert } from 'node:assert';
import { StepError, TerminalError } from '@sluice/runtime';
import { classify, type CheckRun } from '../src/check.js';
import type { HealthJob } from '../src/job.js';
import type { WaitOutcome } from '../src/wait.js';
import { configMap, deployment } from '../src/testing.js';
import { kustomization, targetOf } from './helpers.js';

const job = { revision: 'main@sha1:1', generation: 1, sequence: 5, subject: 'Kustomization/flux-system/apps' } as HealthJob;
const web = { target: targetOf(deployment('apps', 'web', 2, { available: 1 })), status: 'InProgress' as const, summary: 'Deployment/apps/web: 1 of 2 replicas available' };
const broken = { target: targetOf(configMap('apps', 'x')), status: 'Failed' as const, summary: 'Job/apps/x: Job Failed' };

function run(outcome: Partial<WaitOutcome>, mode: 'wait' | 'none' = 'wait'): CheckRun {
  return {
    job, signal: new AbortController().signal, k: kustomization('apps'), selection: { mode, targets: [] },
    outcome: { result: 'healthy', objects: [], failed: [], notCurrent: [], elapsedMs: 1500, ...outcome },
  };
}

describe('classify', () => {
  it('turns a failed wait into HealthCheckFailed detail naming the failed objects only', () => {
    const result = classify(run({ result: 'failed', failed: [broken], notCurrent: [web, broken] }), { ok: true });
    assert.deepEqual(result, { kind: 'unhealthy', result: 'unhealthy', detail: 'failed early due to stalled resources: [Job/apps/x: Job Failed]', elapsedMs: 1500, objects: [] });
  });

  it('turns a timeout into a detail naming every object that is not Current', () => {
    const result = classify(run({ result: 'timeout', notCurrent: [web] }), { ok: true });
    assert.equal(result.kind === 'unhealthy' && result.detail, 'timeout waiting for: [Deployment/apps/web: 1 of 2 replicas available]');
  });

  it('tells a healthy check from one with nothing to check', () => {
    assert.deepEqual(classify(run({}), { ok: true }), { kind: 'healthy', checked: true, elapsedMs: 1500, objects: [] });
    assert.equal((classify(run({}, 'none'), { ok: true }) as { checked: boolean }).checked, false);
  });

  it('reports a superseded check as canceled with its trigger, a lost lease or shutdown as abandoned', () => {
    const superseded = classify(run({ result: 'canceled', abortReason: { kind: 'superseded', by: { sequence: 9, revision: 'main@sha1:2', generation: 1 } } }), { ok: true });
    assert.deepEqual(superseded.kind === 'canceled' && superseded.trigger, { subject: 'GitRepository/flux-system/repo', revision: 'main@sha1:2', generation: 1, revisionChanged: true });
    assert.deepEqual(classify(run({ result: 'canceled', abortReason: { kind: 'lease-lost' } }), { ok: true }), { kind: 'abandoned', why: 'lease-lost' });
    assert.deepEqual(classify(run({ result: 'canceled', abortReason: { kind: 'shutdown' } }), { ok: true }), { kind: 'abandoned', why: 'shutdown' });
  });

  it('stalls on a terminal step error, fails on a target error, and rethrows API errors for a retry', () => {
    const terminal = new StepError('compileExpressions', 'InvalidCELExpression', new TerminalError('bad expression'));
    assert.deepEqual(classify(run({}), { ok: false, error: terminal }), { kind: 'stalled', message: 'bad expression' });
    const target = new StepError('selectTargets', 'HealthCheckFailed', new Error('inventory[0].id: bad'));
    assert.equal(classify(run({}), { ok: false, error: target }).kind, 'unhealthy');
    const api = new StepError('load', 'ReconciliationFailed', new Error('connection refused'));
    assert.throws(() => classify(run({}), { ok: false, error: api }), /connection refused/);
  });

  it('skips a halted run', () => {
    assert.deepEqual(classify(run({}), { ok: true, halted: { halt: true, reason: 'Superseded', message: 'moved on' } }), { kind: 'skipped', why: 'moved on' });
  });
});
