import assert from 'node:assert/strict';
import { computeStatus } from '@sluice/kstatus';
import { manifest, testNow } from './helpers.js';

function deployment(status: string, spec = 'replicas: 3'): string {
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: podinfo, namespace: apps, generation: 1}
spec: {${spec}}
status:
  observedGeneration: 1
${status}`;
}

describe('per-kind rules', () => {
  describe('Deployment', () => {
    it('is Current with kstatus\'s message once every replica is available', () => {
      const result = computeStatus(manifest(deployment(`
  replicas: 3
  updatedReplicas: 3
  readyReplicas: 3
  availableReplicas: 3
  conditions:
    - {type: Progressing, status: "True", reason: NewReplicaSetAvailable}
    - {type: Available, status: "True"}`)));
      assert.equal(result.status, 'Current');
      assert.equal(result.message, 'Deployment is available. Replicas: 3');
    });

    it('counts missing replicas as kstatus words them', () => {
      const result = computeStatus(manifest(deployment('  replicas: 1')));
      assert.equal(result.status, 'InProgress');
      assert.equal(result.message, 'Replicas: 1/3');
      assert.deepEqual(result.progress, { current: 1, desired: 3, noun: 'replicas created' });
    });

    it('compares available replicas with updated ones', () => {
      const result = computeStatus(manifest(deployment(`
  replicas: 3
  updatedReplicas: 3
  availableReplicas: 1`)));
      assert.equal(result.message, 'Available: 1/3');
      assert.equal(result.conditions[0]?.reason, 'LessAvailable');
    });

    it('reports extra pods still terminating', () => {
      const result = computeStatus(manifest(deployment('  replicas: 5\n  updatedReplicas: 3')));
      assert.equal(result.message, 'Pending termination: 2');
      assert.equal(result.conditions[0]?.reason, 'ExtraPods');
    });

    it('fails once the progress deadline is exceeded, keeping the condition\'s message', () => {
      const result = computeStatus(manifest(deployment(`
  conditions:
    - type: Progressing
      status: "False"
      reason: ProgressDeadlineExceeded
      message: 'ReplicaSet "podinfo-7d9" has timed out progressing.'`)));
      assert.equal(result.status, 'Failed');
      assert.equal(result.message, 'Progress deadline exceeded');
      assert.deepEqual(result.conditions, [{
        type: 'Stalled',
        status: 'True',
        reason: 'ProgressDeadlineExceeded',
        message: 'ReplicaSet "podinfo-7d9" has timed out progressing.',
      }]);
    });

    it('applies the same rule to extensions/v1beta1 Deployments', () => {
      const object = { ...manifest(deployment('  replicas: 1')), apiVersion: 'extensions/v1beta1' };
      assert.equal(computeStatus(object).message, 'Replicas: 1/3');
    });
  });

  describe('StatefulSet', () => {
    it('is Current when updates are left to the user (OnDelete)', () => {
      const result = computeStatus(manifest(`
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, generation: 1}
spec: {replicas: 3, updateStrategy: {type: OnDelete}}`));
      assert.equal(result.status, 'Current');
      assert.equal(result.message, 'StatefulSet is using the ondelete update strategy');
    });

    it('waits only for the replicas above a rolling-update partition', () => {
      const object = (updated: number): string => `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, generation: 1}
spec: {replicas: 3, updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 2}}}
status: {observedGeneration: 1, replicas: 3, readyReplicas: 3, updatedReplicas: ${updated}}`;
      assert.equal(computeStatus(manifest(object(0))).message, 'updated: 0/1');
      assert.equal(computeStatus(manifest(object(1))).message, 'Partition rollout complete. updated: 1');
    });

    it('waits for the update revision to become current', () => {
      const result = computeStatus(manifest(`
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, generation: 1}
spec: {replicas: 1}
status: {replicas: 1, readyReplicas: 1, currentReplicas: 1, currentRevision: db-1, updateRevision: db-2}`));
      assert.equal(result.conditions[0]?.reason, 'RevisionMismatch');
    });
  });

  describe('Job', () => {
    const job = (spec: string, conditions: string): string => `
apiVersion: batch/v1
kind: Job
metadata: {name: migrate, generation: 1}
spec: {${spec}}
status:
  conditions: [${conditions}]`;

    it('is Current while suspended as its spec asks', () => {
      const result = computeStatus(manifest(job('suspend: true', '{type: Suspended, status: "True"}')));
      assert.equal(result.status, 'Current');
      assert.equal(result.message, 'Job is suspended');
    });

    it('is InProgress while being resumed from suspension', () => {
      const result = computeStatus(manifest(job('suspend: false', '{type: Suspended, status: "True"}')));
      assert.equal(result.status, 'InProgress');
    });

    it('reports failed pods out of completions', () => {
      const result = computeStatus(manifest(`${job('completions: 4', '{type: Failed, status: "True"}')}
  failed: 2`));
      assert.equal(result.status, 'Failed');
      assert.equal(result.message, 'Job Failed. failed: 2/4');
    });
  });

  describe('Pod', () => {
    const unschedulable = `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: apps, creationTimestamp: "2025-06-01T12:00:00Z"}
status:
  phase: Pending
  conditions: [{type: PodScheduled, status: "False", reason: Unschedulable}]`;

    it('gives an unschedulable pod 15 seconds from creation before failing it', () => {
      assert.equal(computeStatus(manifest(unschedulable), { now: testNow + 14_000 }).status, 'InProgress');
      const late = computeStatus(manifest(unschedulable), { now: testNow + 16_000 });
      assert.equal(late.status, 'Failed');
      assert.equal(late.conditions[0]?.reason, 'PodUnschedulable');
    });

    it('names every crash-looping container', () => {
      const result = computeStatus(manifest(`
apiVersion: v1
kind: Pod
metadata: {name: web}
status:
  phase: Running
  containerStatuses:
    - {name: app, state: {waiting: {reason: CrashLoopBackOff}}}
    - {name: sidecar, state: {running: {}}}
    - {name: init, state: {waiting: {reason: CrashLoopBackOff}}}`));
      assert.equal(result.status, 'Failed');
      assert.equal(result.message, 'Containers in CrashLoop state: app,init');
    });

    it('is Current when running and Ready', () => {
      const result = computeStatus(manifest(`
apiVersion: v1
kind: Pod
metadata: {name: web}
status: {phase: Running, conditions: [{type: Ready, status: "True"}]}`));
      assert.equal(result.message, 'Pod is Ready');
    });
  });

  describe('kinds that are Current as soon as they exist', () => {
    for (const [apiVersion, kind] of [['v1', 'ConfigMap'], ['v1', 'Secret'], ['batch/v1', 'CronJob']]) {
      it(`treats a ${kind} as always ready`, () => {
        const result = computeStatus({ apiVersion, kind, metadata: { name: 'x' } });
        assert.equal(result.status, 'Current');
        assert.equal(result.message, 'Resource is always ready');
      });
    }
  });

  it('lets a LoadBalancer Service with a cluster IP be Current', () => {
    const result = computeStatus(manifest(`
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {type: LoadBalancer, clusterIP: 10.0.0.7}`));
    assert.equal(result.message, 'Service is ready');
  });

  it('counts DaemonSet pods in summaries\' terms', () => {
    const result = computeStatus(manifest(`
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, generation: 1}
status: {observedGeneration: 1, desiredNumberScheduled: 3, currentNumberScheduled: 2}`));
    assert.equal(result.message, 'Current: 2/3');
    assert.deepEqual(result.progress, { current: 2, desired: 3, noun: 'pods scheduled' });
  });

  it('fails a CRD that could not be established', () => {
    const result = computeStatus(manifest(`
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
status:
  conditions: [{type: Established, status: "False", reason: Conflict, message: "name conflict"}]`));
    assert.equal(result.status, 'Failed');
    assert.deepEqual(result.conditions, [{ type: 'Stalled', status: 'True', reason: 'Conflict', message: 'name conflict' }]);
  });
});
