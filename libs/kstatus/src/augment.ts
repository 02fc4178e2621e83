import { computeStatus, defaultComputeOptions } from './compute.js';
import type { ComputeOptions } from './compute.js';
import { isMapping } from './object-ref.js';
import type { KubeObject, StatusCondition } from './types.js';

/** Kubernetes' RFC 3339 form with whole seconds, e.g. `2024-05-01T12:00:00Z`. */
export function formatRfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function updateCondition(existing: Record<string, unknown>, computed: StatusCondition, time: string): void {
  if (existing['status'] !== computed.status) existing['lastTransitionTime'] = time;
  existing['status'] = computed.status;
  existing['lastUpdateTime'] = time;
  existing['reason'] = computed.reason;
  existing['message'] = computed.message;
}

function newCondition(computed: StatusCondition, time: string): Record<string, unknown> {
  return {
    lastTransitionTime: time,
    lastUpdateTime: time,
    message: computed.message,
    reason: computed.reason,
    status: computed.status,
    type: computed.type,
  };
}

/**
 * A copy of `object` whose `status.conditions` also carry the standard conditions kstatus computes for it
 * (`Reconciling` or `Stalled`), as kstatus's `Augment` does: existing conditions of the same type are updated
 * (with a new `lastTransitionTime` when their status changes), missing ones appended. Call it to show kstatus's
 * verdict on objects whose controllers do not publish these conditions. Throws the status's `error`
 * ({@link InvalidObjectError}) when the object is malformed.
 */
export function augmentConditions(object: KubeObject, options: Partial<ComputeOptions> = {}): KubeObject {
  const now = options.now ?? defaultComputeOptions().now;
  const result = computeStatus(object, { ...options, now });
  if (result.error !== undefined) throw result.error;
  const copy = structuredClone(object) as Record<string, unknown>;
  const status = isMapping(copy['status']) ? (copy['status'] as Record<string, unknown>) : {};
  const conditions = Array.isArray(status['conditions']) ? (status['conditions'] as unknown[]) : [];
  const time = formatRfc3339(now);
  for (const computed of result.conditions) {
    const matching = conditions.filter(
      (c): c is Record<string, unknown> => isMapping(c) && c['type'] === computed.type,
    );
    for (const existing of matching) updateCondition(existing, computed, time);
    if (matching.length === 0) conditions.push(newCondition(computed, time));
  }
  copy['status'] = { ...status, conditions };
  return copy;
}
