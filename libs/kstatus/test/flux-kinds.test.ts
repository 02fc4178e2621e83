import assert from 'node:assert/strict';
import { computeStatus } from '@sluice/kstatus';
import { manifest } from './helpers.js';

function fluxObject(kind: string, apiVersion: string, status: string, generation = 2): string {
  return `
apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: podinfo
  namespace: apps
  generation: ${generation}
${status}`;
}

describe('Flux kinds through the generic rules', () => {
  it('reports a Kustomization with Ready=False and Stalled=True as Failed', () => {
    const result = computeStatus(manifest(fluxObject('Kustomization', 'kustomize.toolkit.fluxcd.io/v1', `
status:
  observedGeneration: 2
  conditions:
    - type: Ready
      status: "False"
      reason: BuildFailed
      message: "kustomization path not found"
    - type: Stalled
      status: "True"
      reason: BuildFailed
      message: "kustomization path not found"`)));
    assert.equal(result.status, 'Failed');
    assert.equal(result.message, 'kustomization path not found');
    assert.deepEqual(result.conditions, [
      { type: 'Stalled', status: 'True', reason: 'BuildFailed', message: 'kustomization path not found' },
    ]);
  });

  it('reports a HelmRelease with Reconciling=True as InProgress', () => {
    const result = computeStatus(manifest(fluxObject('HelmRelease', 'helm.toolkit.fluxcd.io/v2', `
status:
  observedGeneration: 2
  conditions:
    - type: Ready
      status: Unknown
      reason: Progressing
      message: "Fulfilling prerequisites"
    - type: Reconciling
      status: "True"
      reason: Progressing
      message: "Fulfilling prerequisites"`)));
    assert.equal(result.status, 'InProgress');
    assert.deepEqual(result.conditions.map((c) => [c.type, c.reason]), [['Reconciling', 'Progressing']]);
  });

  it('reports a GitRepository with Ready=True at the current generation as Current', () => {
    const result = computeStatus(manifest(fluxObject('GitRepository', 'source.toolkit.fluxcd.io/v1', `
status:
  observedGeneration: 2
  conditions:
    - type: Ready
      status: "True"
      reason: Succeeded
      message: "stored artifact for revision 'main@sha1:abc'"`)));
    assert.equal(result.status, 'Current');
    assert.equal(result.message, 'Resource is Ready');
    assert.deepEqual(result.conditions, []);
  });

  it('reports Ready=True at an older generation as InProgress', () => {
    const result = computeStatus(manifest(fluxObject('Kustomization', 'kustomize.toolkit.fluxcd.io/v1', `
status:
  observedGeneration: 1
  conditions:
    - type: Ready
      status: "True"
      reason: ReconciliationSucceeded`, 2)));
    assert.equal(result.status, 'InProgress');
    assert.equal(result.message, 'Kustomization generation is 2, but latest observed generation is 1');
    assert.equal(result.conditions[0]?.reason, 'LatestGenerationNotObserved');
  });

  it('reports Ready=False without Stalled as InProgress with the Ready reason', () => {
    const result = computeStatus(manifest(fluxObject('HelmRelease', 'helm.toolkit.fluxcd.io/v2', `
status:
  observedGeneration: 2
  conditions:
    - type: Ready
      status: "False"
      reason: UpgradeFailed
      message: "timed out waiting for the condition"`)));
    assert.equal(result.status, 'InProgress');
    assert.deepEqual(result.conditions, [
      { type: 'Reconciling', status: 'True', reason: 'UpgradeFailed', message: 'timed out waiting for the condition' },
    ]);
  });

  it('reports a Flux object that is being deleted as Terminating whatever its conditions', () => {
    const result = computeStatus(manifest(`
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  deletionTimestamp: "2025-06-01T12:00:00Z"
status:
  conditions:
    - type: Ready
      status: "True"`));
    assert.equal(result.status, 'Terminating');
    assert.equal(result.message, 'Resource scheduled for deletion');
  });

  it('takes whichever of Reconciling and Stalled comes first', () => {
    const result = computeStatus(manifest(fluxObject('OCIRepository', 'source.toolkit.fluxcd.io/v1', `
status:
  conditions:
    - type: Stalled
      status: "True"
      reason: InvalidURL
    - type: Reconciling
      status: "True"
      reason: NewGeneration`)));
    assert.equal(result.status, 'Failed');
  });

  it('reports a Flux object its controller has not touched yet as Current, as kstatus does', () => {
    const result = computeStatus(manifest(fluxObject('Bucket', 'source.toolkit.fluxcd.io/v1', '')));
    assert.equal(result.status, 'Current');
    assert.equal(result.message, 'Resource is current');
  });
});
