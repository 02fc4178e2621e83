import assert from 'node:assert/strict';
import { augmentConditions, InvalidObjectError } from '@sluice/kstatus';
import { manifest, testNow } from './helpers.js';

const pod = `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: apps}
status:
  phase: Running
  conditions:
    - type: Reconciling
      status: "False"
      reason: Done
      lastTransitionTime: "2025-01-01T00:00:00Z"
      lastUpdateTime: "2025-01-01T00:00:00Z"`;

describe('augmentConditions', () => {
  it('updates an existing standard condition and stamps a transition when its status changes', () => {
    const augmented = augmentConditions(manifest(pod), { now: testNow });
    const conditions = (augmented['status'] as { conditions: unknown[] }).conditions;
    assert.deepEqual(conditions, [{
      type: 'Reconciling',
      status: 'True',
      reason: 'PodRunningNotReady',
      message: 'Pod is running but is not Ready',
      lastTransitionTime: '2025-06-01T12:00:00Z',
      lastUpdateTime: '2025-06-01T12:00:00Z',
    }]);
  });

  it('keeps lastTransitionTime when the status stays the same', () => {
    const already = pod.replace('status: "False"', 'status: "True"');
    const conditions = (augmentConditions(manifest(already), { now: testNow })['status'] as {
      conditions: Array<Record<string, unknown>>;
    }).conditions;
    assert.equal(conditions[0]?.['lastTransitionTime'], '2025-01-01T00:00:00Z');
    assert.equal(conditions[0]?.['lastUpdateTime'], '2025-06-01T12:00:00Z');
  });

  it('leaves the input object untouched', () => {
    const object = manifest(pod);
    const before = structuredClone(object);
    augmentConditions(object, { now: testNow });
    assert.deepEqual(object, before);
  });

  it('adds a status when the object has none', () => {
    const augmented = augmentConditions(manifest('{apiVersion: apps/v1, kind: Deployment, metadata: {name: d}}'), {
      now: testNow,
    });
    const conditions = (augmented['status'] as { conditions: Array<Record<string, unknown>> }).conditions;
    assert.deepEqual(conditions.map((c) => [c['type'], c['reason']]), [['Reconciling', 'LessReplicas']]);
  });

  it('throws the field error for a malformed object', () => {
    assert.throws(
      () => augmentConditions(manifest('{apiVersion: v1, kind: Pod, metadata: {name: p}, status: {conditions: 7}}')),
      (err: unknown) => err instanceof InvalidObjectError && err.message === 'Pod/p: status.conditions: must be a list, got an integer',
    );
  });
});
