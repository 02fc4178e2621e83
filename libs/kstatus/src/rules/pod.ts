import { findCondition, readConditions } from '../conditions.js';
import type { BasicCondition } from '../conditions.js';
import { InvalidObjectError } from '../errors.js';
import { describeType, strictListField, stringField } from '../fields.js';
import { isMapping } from '../object-ref.js';
import { current, failed, inProgress } from '../results.js';
import type { KubeObject, StatusResult } from '../types.js';
import type { RuleContext } from './rule.js';

/** How long a pod may stay unschedulable before kstatus reports it as Failed. */
export const scheduleWindowMs = 15_000;

function crashLoopingContainers(object: KubeObject, subject: string): string[] {
  const statuses = strictListField(object, 'status.containerStatuses', subject) ?? [];
  return statuses.flatMap((entry, i) => {
    if (!isMapping(entry)) {
      const field = `status.containerStatuses[${i}]`;
      throw new InvalidObjectError(subject, field, `must be a mapping, got ${describeType(entry)}`);
    }
    const state = entry['state'];
    const waiting = isMapping(state) ? state['waiting'] : undefined;
    const reason = isMapping(waiting) ? waiting['reason'] : undefined;
    return reason === 'CrashLoopBackOff' && typeof entry['name'] === 'string' ? [entry['name']] : [];
  });
}

function creationTime(object: KubeObject): number {
  const metadata = object['metadata'];
  const timestamp = isMapping(metadata) ? metadata['creationTimestamp'] : undefined;
  if (timestamp instanceof Date) return timestamp.getTime();
  const parsed = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  // An absent or unparseable timestamp reads as the zero time, as in Kubernetes: long past.
  return Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed;
}

function runningPod(object: KubeObject, conditions: readonly BasicCondition[], subject: string): StatusResult {
  if (findCondition(conditions, 'Ready', 'True') !== undefined) return current('Pod is Ready');
  const crashLooping = crashLoopingContainers(object, subject);
  if (crashLooping.length > 0) {
    return failed('ContainerCrashLooping', `Containers in CrashLoop state: ${crashLooping.join(',')}`);
  }
  return inProgress('PodRunningNotReady', 'Pod is running but is not Ready');
}

function pendingPod(object: KubeObject, conditions: readonly BasicCondition[], now: number): StatusResult {
  const scheduled = findCondition(conditions, 'PodScheduled', 'False');
  if (scheduled?.reason !== 'Unschedulable') return inProgress('PodPending', 'Pod is in the Pending phase');
  if (now - scheduleWindowMs < creationTime(object)) return inProgress('PodNotScheduled', 'Pod has not been scheduled');
  return failed('PodUnschedulable', 'Pod could not be scheduled');
}

/**
 * Pod: Current when completed (successfully or not) or Running and Ready; Failed when a container is
 * crash-looping or the pod stayed unschedulable longer than {@link scheduleWindowMs}; InProgress otherwise.
 */
export function podRule(object: KubeObject, { subject, now }: RuleContext): StatusResult {
  const conditions = readConditions(object, subject);
  const phase = stringField(object, 'status.phase', '');
  switch (phase) {
    case 'Succeeded':
      return current('Pod has completed successfully');
    case 'Failed':
      return current('Pod has completed, but not successfully');
    case 'Running':
      return runningPod(object, conditions, subject);
    case 'Pending':
      return pendingPod(object, conditions, now);
    case '':
      return inProgress('PodNotObserved', 'Pod phase not available');
    default:
      throw new InvalidObjectError(subject, 'status.phase', `unknown phase ${phase}`);
  }
}
