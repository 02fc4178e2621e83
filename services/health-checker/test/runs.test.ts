import { strict as assert } from 'node:assert';
import { jobOf } from '../src/job.js';
import { CheckRegistry, stopReasonOf, supersession } from '../src/runs.js';

describe('supersession', () => {
  const running = { sequence: 10, revision: 'main@sha1:1', generation: 1 };

  it('drops an older message, coalesces a re-apply of the same revision, cancels for a new revision or spec', () => {
    assert.equal(supersession(running, { ...running, sequence: 9 }), 'older');
    assert.equal(supersession(running, { ...running, sequence: 10, revision: 'main@sha1:2' }), 'older');
    assert.equal(supersession(running, { ...running, sequence: 11 }), 'same');
    assert.equal(supersession(running, { ...running, sequence: 11, revision: 'main@sha1:2' }), 'newer');
    assert.equal(supersession(running, { ...running, sequence: 11, generation: 2 }), 'newer');
  });
});

describe('CheckRegistry', () => {
  it('stops a check with a reason its signal carries, and resolves done when it finishes', async () => {
    const registry = new CheckRegistry();
    const check = registry.begin('kustomization.flux-system.apps', { sequence: 1, revision: 'r', generation: 1 });
    assert.equal(registry.get('kustomization.flux-system.apps'), check);
    check.stop({ kind: 'superseded', by: { sequence: 2, revision: 'r2', generation: 1 } });
    assert.deepEqual(stopReasonOf(check.signal.reason), { kind: 'superseded', by: { sequence: 2, revision: 'r2', generation: 1 } });
    check.finish();
    await check.done;
    assert.equal(registry.size, 0);
  });

  it('stops every check at shutdown and waits for them', async () => {
    const registry = new CheckRegistry();
    const checks = ['a', 'b'].map((k) => registry.begin(k, { sequence: 1, revision: 'r', generation: undefined }));
    for (const c of checks) c.signal.addEventListener('abort', () => setTimeout(() => c.finish(), 5));
    await registry.stopAll({ kind: 'shutdown' });
    assert.deepEqual(checks.map((c) => stopReasonOf(c.signal.reason)?.kind), ['shutdown', 'shutdown']);
    assert.equal(stopReasonOf(new Error('x')), undefined);
  });
});

describe('jobOf', () => {
  const envelope = (payload: Record<string, unknown>) => ({
    involvedObject: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name: 'apps' },
    severity: 'info', timestamp: '2026-01-01T00:00:00Z', message: '', reason: 'ReconciliationSucceeded', metadata: {},
    reportingController: 'applier', reportingInstance: 'a',
    payload: { revision: 'main@sha1:1', changeSet: { counts: { created: 0, configured: 0, unchanged: 0, deleted: 0, skipped: 0 }, entries: [] }, inventory: [{ id: 'apps_web_apps_Deployment', v: 'v1' }], healthCheck: true, generation: 3, ...payload },
  }) as Parameters<typeof jobOf>[0];

  it('takes the build digest when the applier sends it, else derives a stable one from revision and inventory', () => {
    assert.equal(jobOf(envelope({ digest: 'sha256:beef' }), { streamSequence: 7 }).digest, 'sha256:beef');
    const a = jobOf(envelope({}), { streamSequence: 7 });
    assert.match(a.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(jobOf(envelope({}), { streamSequence: 8 }).digest, a.digest);
    assert.notEqual(jobOf(envelope({ revision: 'main@sha1:2' }), { streamSequence: 8 }).digest, a.digest);
    assert.deepEqual([a.subject, a.sequence, a.generation], ['Kustomization/flux-system/apps', 7, 3]);
  });
});
