import { intField, stringField } from '../fields.js';
import { current, inProgress, shortfall } from '../results.js';
import type { KubeObject, StatusResult } from '../types.js';

function partitionRollout(object: KubeObject, spec: number, partition: number): StatusResult {
  const updated = intField(object, 'status.updatedReplicas', 0);
  if (updated < spec - partition) {
    return shortfall('PartitionRollout', 'updated', {
      current: updated,
      desired: spec - partition,
      noun: 'replicas updated',
    });
  }
  return current(`Partition rollout complete. updated: ${updated}`);
}

/**
 * StatefulSet: the controller sets no conditions, so only counts and revisions decide. OnDelete StatefulSets are
 * user-managed and always Current; with a rolling-update partition only the replicas above it must be updated.
 */
export function statefulSetRule(object: KubeObject): StatusResult {
  if (stringField(object, 'spec.updateStrategy.type', '') === 'OnDelete') {
    return current('StatefulSet is using the ondelete update strategy');
  }
  const spec = intField(object, 'spec.replicas', 1);
  const ready = intField(object, 'status.readyReplicas', 0);
  const replicas = intField(object, 'status.replicas', 0);
  if (spec > replicas) {
    return shortfall('LessReplicas', 'Replicas', { current: replicas, desired: spec, noun: 'replicas created' });
  }
  if (spec > ready) return shortfall('LessReady', 'Ready', { current: ready, desired: spec, noun: 'replicas ready' });
  if (replicas > spec) return inProgress('ExtraPods', `Pending termination: ${replicas - spec}`);
  const partition = intField(object, 'spec.updateStrategy.rollingUpdate.partition', -1);
  if (partition !== -1) return partitionRollout(object, spec, partition);
  const currentReplicas = intField(object, 'status.currentReplicas', 0);
  if (spec > currentReplicas) {
    return shortfall('LessCurrent', 'current', { current: currentReplicas, desired: spec, noun: 'replicas current' });
  }
  if (stringField(object, 'status.currentRevision', '') !== stringField(object, 'status.updateRevision', '')) {
    return inProgress('RevisionMismatch', 'Waiting for updated revision to match current');
  }
  return current(`All replicas scheduled as expected. Replicas: ${replicas}`);
}
