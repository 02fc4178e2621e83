import assert from 'node:assert/strict';
import {
  ConditionType,
  HelmReason,
  KustomizeReason,
  MetaReason,
  Reason,
  SluiceReason,
  SourceReason,
  findCondition,
  isReady,
  isStalled,
  markNotReady,
  markReady,
  markReconciling,
  markStalled,
  parseKustomization,
  setCondition,
  type Condition,
  type ConditionedObject,
} from '../src/index.js';

const T0 = new Date('2024-05-01T10:00:00.123Z');
const T1 = new Date('2024-05-01T10:05:00Z');

function object(generation: number, conditions: Condition[] = [], observedGeneration?: number): ConditionedObject {
  return { metadata: { generation }, status: { conditions, ...(observedGeneration === undefined ? {} : { observedGeneration }) } };
}

function types(obj: ConditionedObject): string[] {
  return (obj.status?.conditions ?? []).map((c) => `${c.type}=${c.status}/${c.reason}`);
}

describe('condition vocabulary', () => {
  it('holds the Flux reasons controllers write', () => {
    for (const reason of ['ReconciliationSucceeded', 'ReconciliationFailed', 'Progressing', 'ProgressingWithRetry', 'DependencyNotReady', 'ArtifactFailed', 'BuildFailed', 'HealthCheckFailed', 'HealthCheckCanceled', 'PruneFailed', 'GitOperationFailed', 'InstallFailed', 'UpgradeFailed', 'TokenNotFound']) {
      assert.ok(Object.values(Reason).includes(reason as never), reason);
    }
    assert.equal(SluiceReason.DependencyCycle, 'DependencyCycle');
    assert.equal(KustomizeReason.PruneFailed, 'PruneFailed');
    assert.equal(SourceReason.GitOperationFailed, 'GitOperationFailed');
    assert.equal(HelmReason.UpgradeFailed, 'UpgradeFailed');
  });

  it('uses reasons the condition schema accepts', () => {
    for (const reason of Object.values(Reason)) assert.match(reason, /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/);
  });
});

describe('setCondition', () => {
  it('adds a condition with the transition time and generation', () => {
    const conditions = setCondition([], { type: 'Ready', status: 'True', reason: 'Succeeded', message: 'ok' }, { now: T0, observedGeneration: 3 });
    assert.deepEqual(conditions, [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'ok', lastTransitionTime: '2024-05-01T10:00:00Z', observedGeneration: 3 }]);
  });

  it('keeps lastTransitionTime when the status does not change', () => {
    const first = setCondition([], { type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'a' }, { now: T0 });
    const second = setCondition(first, { type: 'Ready', status: 'False', reason: 'HealthCheckFailed', message: 'b' }, { now: T1 });
    assert.equal(second[0]?.lastTransitionTime, '2024-05-01T10:00:00Z');
    assert.equal(second[0]?.reason, 'HealthCheckFailed');
  });

  it('renews lastTransitionTime when the status changes', () => {
    const first = setCondition([], { type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'a' }, { now: T0 });
    const second = setCondition(first, { type: 'Ready', status: 'True', reason: 'Succeeded', message: 'b' }, { now: T1 });
    assert.equal(second[0]?.lastTransitionTime, '2024-05-01T10:05:00Z');
  });

  it('sorts Ready first, then by type, and does not mutate its input', () => {
    const input: Condition[] = [];
    let conditions = setCondition(input, { type: 'Stalled', status: 'True', reason: 'X', message: '' }, { now: T0 });
    conditions = setCondition(conditions, { type: 'Healthy', status: 'True', reason: 'X', message: '' }, { now: T0 });
    conditions = setCondition(conditions, { type: 'Ready', status: 'False', reason: 'X', message: '' }, { now: T0 });
    assert.deepEqual(conditions.map((c) => c.type), ['Ready', 'Healthy', 'Stalled']);
    assert.deepEqual(input, []);
  });
});

describe('mark helpers', () => {
  it('markReconciling: Reconciling=True, Ready=Unknown, Stalled removed', () => {
    const stalled = markStalled(object(2), { reason: 'BuildFailed', message: 'bad' }, { now: T0 });
    const obj = markReconciling(stalled, { message: 'reconciliation in progress' }, { now: T1 });
    assert.deepEqual(types(obj), ['Ready=Unknown/Progressing', 'Reconciling=True/Progressing']);
    assert.equal(findCondition(obj.status?.conditions, 'Ready')?.observedGeneration, 2);
  });

  it('markReady: Ready=True, Reconciling and Stalled removed, observedGeneration set', () => {
    const obj = markReady(markReconciling(object(4, [], 3), { message: 'go' }, { now: T0 }), { message: 'Applied revision: main@sha1:abc' }, { now: T1 });
    assert.deepEqual(types(obj), ['Ready=True/ReconciliationSucceeded']);
    assert.equal(obj.status?.observedGeneration, 4);
    assert.ok(isReady(obj));
  });

  it('markNotReady: Ready=False with the failure, Reconciling=True ProgressingWithRetry, generation not observed', () => {
    const obj = markNotReady(object(5, [], 4), { reason: KustomizeReason.BuildFailed, message: 'kustomization.yaml: patches[1]: target not found' }, { now: T0 });
    assert.deepEqual(types(obj), ['Ready=False/BuildFailed', `Reconciling=True/${MetaReason.ProgressingWithRetry}`]);
    assert.equal(obj.status?.observedGeneration, 4);
    assert.equal(isReady(obj), false);
    assert.equal(isStalled(obj), false);
  });

  it('markStalled: Stalled=True and Ready=False with one reason, Reconciling removed, generation observed', () => {
    const reconciling = markReconciling(object(7), { message: 'go' }, { now: T0 });
    const obj = markStalled(reconciling, { reason: SluiceReason.DependencyCycle, message: 'apps -> infra -> apps' }, { now: T1 });
    assert.deepEqual(types(obj), ['Ready=False/DependencyCycle', 'Stalled=True/DependencyCycle']);
    assert.equal(obj.status?.observedGeneration, 7);
    assert.ok(isStalled(obj));
  });

  it('keeps the object’s other fields and type', () => {
    const parsed = parseKustomization({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'apps', namespace: 'flux-system', generation: 1 },
      spec: { interval: '5m', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
    });
    assert.ok(parsed.ok);
    const ready = markReady(parsed.value, { message: 'ok' }, { now: T0 });
    assert.equal(ready.spec.interval, '5m');
    assert.equal(ready.status?.conditions?.[0]?.type, ConditionType.Ready);
    assert.equal(parsed.value.status, undefined, 'input untouched');
  });
});

describe('isReady', () => {
  const readyCondition: Condition = { type: 'Ready', status: 'True', reason: 'Succeeded', message: '', lastTransitionTime: '2024-05-01T10:00:00Z' };

  it('is false when Ready=True describes an older generation', () => {
    assert.equal(isReady(object(3, [readyCondition], 2)), false);
    assert.ok(isReady(object(3, [readyCondition], 3)));
  });

  it('is false without a Ready condition', () => assert.equal(isReady(object(1)), false));
});
