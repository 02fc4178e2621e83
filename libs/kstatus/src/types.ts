import type { SluiceError } from '@sluice/errors';

/**
 * The six statuses kstatus assigns to an object, as `as const` values.
 *
 * `Current` means the object reached its desired state, `InProgress` that it is still getting there, `Failed` that
 * it will not get there without a change, `Terminating` that it is being deleted. `NotFound` is for callers that
 * looked an object up and found nothing; `Unknown` is what {@link computeStatus} returns when the object is
 * malformed or a health expression cannot be evaluated.
 */
export const Status = {
  InProgress: 'InProgress',
  Failed: 'Failed',
  Current: 'Current',
  Terminating: 'Terminating',
  NotFound: 'NotFound',
  Unknown: 'Unknown',
} as const;

/** One of the {@link Status} values. */
export type Status = (typeof Status)[keyof typeof Status];

/**
 * The two standard condition types kstatus reads and writes. Both follow the "abnormal-true" convention: present
 * and `True` only while something is unusual.
 */
export const StandardCondition = {
  /** The controller is working on the latest changes. */
  Reconciling: 'Reconciling',
  /** The controller hit an error or made insufficient progress. */
  Stalled: 'Stalled',
} as const;

/** One of the {@link StandardCondition} types. */
export type StandardCondition = (typeof StandardCondition)[keyof typeof StandardCondition];

/** A condition as kstatus reports it: the standard condition the object would carry for its computed status. */
export interface StatusCondition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
}

/**
 * How far a workload got towards its desired replica count, for messages such as "1 of 3 replicas available".
 * Present only on results of the workload rules that count replicas or pods.
 */
export interface ReplicaProgress {
  /** How many are there. */
  readonly current: number;
  /** How many are wanted. */
  readonly desired: number;
  /** What is counted, as plural noun plus state, e.g. "replicas available" or "pods scheduled". */
  readonly noun: string;
}

/** The outcome of computing an object's health. */
export interface StatusResult {
  readonly status: Status;
  /** Human-readable explanation, worded as kstatus words it (e.g. "Deployment is available. Replicas: 3"). */
  readonly message: string;
  /** The standard conditions (`Reconciling` or `Stalled`) the object would carry; empty when Current. */
  readonly conditions: readonly StatusCondition[];
  /** Replica counts behind an InProgress workload, when the rule that decided counted them. */
  readonly progress?: ReplicaProgress;
  /** Why the status is Unknown: the malformed field or the failed health expression. */
  readonly error?: SluiceError;
}

/** A Kubernetes object as decoded from JSON or YAML: a plain mapping. */
export type KubeObject = Readonly<Record<string, unknown>>;
