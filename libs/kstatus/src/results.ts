// Builders for the results the rules return, so that every rule words InProgress/Failed/Current the same way.
import type { SluiceError } from '@sluice/errors';
import { Status, StandardCondition } from './types.js';
import type { ReplicaProgress, StatusCondition, StatusResult } from './types.js';

function trueCondition(type: StandardCondition, reason: string, message: string): StatusCondition {
  return { type, status: 'True', reason, message };
}

/** Current, with kstatus's message for why; Current results carry no conditions. */
export function current(message: string): StatusResult {
  return { status: Status.Current, message, conditions: [] };
}

/** InProgress with a `Reconciling=True` condition carrying `reason` and `message`. */
export function inProgress(reason: string, message: string): StatusResult {
  return {
    status: Status.InProgress,
    message,
    conditions: [trueCondition(StandardCondition.Reconciling, reason, message)],
  };
}

/**
 * Failed with a `Stalled=True` condition carrying `reason` and `conditionMessage` (by default the result's own
 * `message`; the Deployment rule copies the Deployment condition's message instead).
 */
export function failed(reason: string, message: string, conditionMessage = message): StatusResult {
  return {
    status: Status.Failed,
    message,
    conditions: [trueCondition(StandardCondition.Stalled, reason, conditionMessage)],
  };
}

/**
 * InProgress because fewer than wanted are there, worded as kstatus words it (`${label}: ${current}/${desired}`),
 * with the counts kept as {@link ReplicaProgress} for summaries.
 */
export function shortfall(reason: string, label: string, count: ReplicaProgress): StatusResult {
  return { ...inProgress(reason, `${label}: ${count.current}/${count.desired}`), progress: count };
}

/** Unknown, because `error` (a malformed field, a failed health expression) prevented a decision. */
export function unknownResult(error: SluiceError): StatusResult {
  return { status: Status.Unknown, message: error.message, conditions: [], error };
}
