// The rules kstatus applies to every object, before (deletion, generation, standard conditions) and after (the
// Ready condition) the per-kind rules.
import { readConditions } from './conditions.js';
import { strictIntField, strictStringField } from './fields.js';
import { current, inProgress, failed } from './results.js';
import { Status, StandardCondition } from './types.js';
import type { KubeObject, StatusResult } from './types.js';

function kindOf(object: KubeObject): string {
  return typeof object['kind'] === 'string' ? object['kind'] : '';
}

/**
 * InProgress when the controller has not yet observed the latest generation. Objects without
 * `status.observedGeneration` (or without `metadata.generation`) pass: kstatus cannot tell.
 */
export function checkGeneration(object: KubeObject, subject: string): StatusResult | undefined {
  const generation = strictIntField(object, 'metadata.generation', subject);
  if (generation === undefined) return undefined;
  const observed = strictIntField(object, 'status.observedGeneration', subject);
  if (observed === undefined || observed === generation) return undefined;
  const message = `${kindOf(object)} generation is ${generation}, but latest observed generation is ${observed}`;
  return inProgress('LatestGenerationNotObserved', message);
}

/**
 * The checks that decide for every kind: deletion pending → Terminating, generation not observed → InProgress,
 * `Reconciling=True` → InProgress, `Stalled=True` → Failed (whichever of the two conditions comes first). Returns
 * `undefined` when none applies and the per-kind rules must decide.
 */
export function checkGenericProperties(object: KubeObject, subject: string): StatusResult | undefined {
  const deletionTimestamp = strictStringField(object, 'metadata.deletionTimestamp', subject);
  if (deletionTimestamp !== undefined && deletionTimestamp !== '') {
    return { status: Status.Terminating, message: 'Resource scheduled for deletion', conditions: [] };
  }
  const generation = checkGeneration(object, subject);
  if (generation !== undefined) return generation;
  for (const condition of readConditions(object, subject)) {
    if (condition.status !== 'True') continue;
    if (condition.type === StandardCondition.Reconciling) return inProgress(condition.reason, condition.message);
    if (condition.type === StandardCondition.Stalled) return failed(condition.reason, condition.message);
  }
  return undefined;
}

/**
 * The fallback for kinds without a rule of their own: the first `Ready` condition decides (`True` → Current,
 * `False` or `Unknown` → InProgress with its reason). Returns `undefined` when there is no usable `Ready` condition.
 */
export function checkReadyCondition(object: KubeObject, subject: string): StatusResult | undefined {
  for (const condition of readConditions(object, subject)) {
    if (condition.type !== 'Ready') continue;
    if (condition.status === 'True') return current('Resource is Ready');
    if (condition.status === 'False' || condition.status === 'Unknown') {
      return inProgress(condition.reason, condition.message);
    }
  }
  return undefined;
}
