import assert from 'node:assert/strict';
import { isSluiceError } from '@sluice/errors';
import { computeStatus, InvalidObjectError, KstatusErrorCode } from '@sluice/kstatus';
import { manifest } from './helpers.js';

function assertUnknown(object: unknown, field: string, message: string): void {
  const result = computeStatus(object);
  assert.equal(result.status, 'Unknown');
  assert.ok(result.error instanceof InvalidObjectError, 'error is an InvalidObjectError');
  assert.ok(isSluiceError(result.error, KstatusErrorCode.InvalidObject));
  assert.equal(result.error.field, field);
  assert.equal(result.message, message);
  assert.deepEqual(result.conditions, []);
}

describe('malformed objects', () => {
  it('reports conditions that are not a list as Unknown, naming object and field', () => {
    assertUnknown(
      manifest('{apiVersion: example.com/v1, kind: Widget, metadata: {name: w, namespace: ns}, status: {conditions: ready}}'),
      'status.conditions',
      'Widget/ns/w: status.conditions: must be a list, got a string',
    );
  });

  it('names the condition entry whose field has the wrong type', () => {
    assertUnknown(
      manifest('{apiVersion: v1, kind: Pod, metadata: {name: p}, status: {conditions: [{type: Ready, status: true}]}}'),
      'status.conditions[0].status',
      'Pod/p: status.conditions[0].status: must be a string, got a boolean',
    );
  });

  it('rejects a generation that is not an integer', () => {
    assertUnknown(
      manifest('{apiVersion: apps/v1, kind: Deployment, metadata: {name: d, generation: "2"}}'),
      'metadata.generation',
      'Deployment/d: metadata.generation: must be an integer, got a string',
    );
  });

  it('rejects a status that is not a mapping', () => {
    assertUnknown(
      manifest('{apiVersion: v1, kind: Thing, metadata: {name: t, generation: 1}, status: pending}'),
      'status',
      'Thing/t: status: must be a mapping to hold status.observedGeneration, got a string',
    );
  });

  it('reports a pod phase Kubernetes does not define', () => {
    assertUnknown(
      manifest('{apiVersion: v1, kind: Pod, metadata: {name: p, namespace: web}, status: {phase: Sleeping}}'),
      'status.phase',
      'Pod/web/p: status.phase: unknown phase Sleeping',
    );
  });

  it('reports input that is not a mapping at all', () => {
    assertUnknown(['not', 'an', 'object'], '(root)', 'object: (root): must be a mapping, got a list');
    assertUnknown(null, '(root)', 'object: (root): must be a mapping, got null');
  });

  it('falls back to defaults where kstatus is lenient, e.g. a non-integer replica count', () => {
    const result = computeStatus(
      manifest(`
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: r}
spec: {replicas: "3"}
status: {fullyLabeledReplicas: 1, availableReplicas: 1, readyReplicas: 1, replicas: 1}`),
    );
    assert.equal(result.status, 'Current');
  });
});
