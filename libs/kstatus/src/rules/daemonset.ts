import { intField, strictIntField } from '../fields.js';
import { current, inProgress, shortfall } from '../results.js';
import type { KubeObject, StatusResult } from '../types.js';
import type { RuleContext } from './rule.js';

// The generic generation check passes objects that lack the fields; a DaemonSet the controller has acted on always
// has both, so their absence means it has not acted yet.
function requireGenerations(object: KubeObject, subject: string): StatusResult | undefined {
  const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
  if (strictIntField(object, 'metadata.generation', subject) === undefined) {
    return inProgress('NoGeneration', `${kind} metadata.generation not found`);
  }
  if (strictIntField(object, 'status.observedGeneration', subject) === undefined) {
    return inProgress('NoObservedGeneration', `${kind} status.observedGeneration not found`);
  }
  return undefined;
}

/** DaemonSet: InProgress until every desired pod is scheduled, updated, available and ready. */
export function daemonSetRule(object: KubeObject, { subject }: RuleContext): StatusResult {
  const unobserved = requireGenerations(object, subject);
  if (unobserved !== undefined) return unobserved;
  const desired = intField(object, 'status.desiredNumberScheduled', -1);
  if (desired === -1) return inProgress('NoDesiredNumber', 'Missing .status.desiredNumberScheduled');
  const counts = [
    ['LessCurrent', 'Current', 'status.currentNumberScheduled', 'pods scheduled'],
    ['LessUpdated', 'Updated', 'status.updatedNumberScheduled', 'pods updated'],
    ['LessAvailable', 'Available', 'status.numberAvailable', 'pods available'],
    ['LessReady', 'Ready', 'status.numberReady', 'pods ready'],
  ] as const;
  for (const [reason, label, path, noun] of counts) {
    const have = intField(object, path, 0);
    if (desired > have) return shortfall(reason, label, { current: have, desired, noun });
  }
  return current(`All replicas scheduled as expected. Replicas: ${desired}`);
}
