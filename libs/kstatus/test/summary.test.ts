import assert from 'node:assert/strict';
import { computeStatus, summarizeStatus } from '@sluice/kstatus';
import { manifest } from './helpers.js';

describe('summarizeStatus', () => {
  it('counts replicas for a workload that is rolling out', () => {
    const deployment = manifest(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: podinfo, namespace: apps, generation: 1}
spec: {replicas: 3}
status: {observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 1, availableReplicas: 1}`);
    assert.equal(summarizeStatus(deployment, computeStatus(deployment)), 'Deployment/apps/podinfo: 1 of 3 replicas available');
  });

  it('uses the kstatus message otherwise, without a namespace for cluster-scoped objects', () => {
    const crd = manifest('{apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition, metadata: {name: widgets.example.com}}');
    assert.equal(
      summarizeStatus(crd, computeStatus(crd)),
      'CustomResourceDefinition/widgets.example.com: Install in progress',
    );
  });

  it('falls back to the status when the result has no message', () => {
    const object = manifest('{apiVersion: v1, kind: ConfigMap, metadata: {name: c, namespace: d}}');
    assert.equal(summarizeStatus(object, { status: 'Current', message: '', conditions: [] }), 'ConfigMap/d/c: Current');
  });
});
