import { findCondition, readConditions } from '../conditions.js';
import { intField } from '../fields.js';
import { current, inProgress, shortfall } from '../results.js';
import type { KubeObject, StatusResult } from '../types.js';
import type { RuleContext } from './rule.js';

/** ReplicaSet: InProgress on `ReplicaFailure=True` and until every replica is labelled, available and ready. */
export function replicaSetRule(object: KubeObject, { subject }: RuleContext): StatusResult {
  if (findCondition(readConditions(object, subject), 'ReplicaFailure', 'True') !== undefined) {
    return inProgress('ReplicaFailure', 'Replica Failure condition. Check Pods');
  }
  const spec = intField(object, 'spec.replicas', 1);
  const counts = [
    ['LessLabelled', 'Labelled', 'status.fullyLabeledReplicas', 'replicas labelled'],
    ['LessAvailable', 'Available', 'status.availableReplicas', 'replicas available'],
    ['LessReady', 'Ready', 'status.readyReplicas', 'replicas ready'],
  ] as const;
  for (const [reason, label, path, noun] of counts) {
    const have = intField(object, path, 0);
    if (spec > have) return shortfall(reason, label, { current: have, desired: spec, noun });
  }
  const replicas = intField(object, 'status.replicas', 0);
  if (replicas > spec) return inProgress('ExtraPods', `Pending termination: ${replicas - spec}`);
  return current(`ReplicaSet is available. Replicas: ${replicas}`);
}
