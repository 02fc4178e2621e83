/**
 * The Kustomization status a health check writes, computed from the latest object: `Healthy` and `Ready` with
 * Flux's reasons and messages, `Reconciling` removed on success, a `status.history` snapshot per finished check.
 * Each function returns the whole new status and changes only what the health-checker owns. Pure.
 */
import {
  ConditionType, MetaReason, markNotReady, markReady, markReconciling, markStalled, recordReconciliation, removeCondition,
  setCondition, type HistorySnapshot, type Kustomization,
} from '@sluice/api';
import { appliedMessage, failedMessage, passedMessage, progressMessage } from './messages.js';

/** A Kustomization's status. */
export type KustomizationStatus = NonNullable<Kustomization['status']>;

/** What every finished check records. */
export interface FinishedCheck {
  readonly revision: string;
  /** Digest of the applied state (history snapshots are keyed by it). */
  readonly digest: string;
  readonly elapsedMs: number;
  readonly now: Date;
}

/**
 * True when the Kustomization moved on since the apply being checked (a newer generation, or another revision
 * applied): the check's result must not be written over the newer state.
 */
export function isSuperseded(latest: Kustomization, job: { readonly revision: string; readonly generation: number | undefined }): boolean {
  if (job.generation !== undefined && latest.metadata.generation !== job.generation) return true;
  return latest.status?.lastAppliedRevision !== job.revision;
}

function withHealthy(k: Kustomization, status: 'True' | 'False' | 'Unknown', reason: string, message: string, now: Date): Kustomization {
  const generation = k.metadata.generation;
  const conditions = setCondition(k.status?.conditions, { type: ConditionType.Healthy, status, reason, message }, {
    now, ...(generation === undefined ? {} : { observedGeneration: generation }),
  });
  return { ...k, status: { ...k.status, conditions } };
}

function withHistory(k: Kustomization, result: FinishedCheck, outcome: string): KustomizationStatus {
  const history: HistorySnapshot[] = recordReconciliation(k.status?.history, {
    digest: result.digest, status: outcome, at: result.now, durationMs: result.elapsedMs, metadata: { revision: result.revision },
  });
  return { ...k.status, history };
}

/**
 * `Reconciling=True`, `Ready=Unknown` and `Healthy=Unknown` (Progressing) while the check runs, as the applier
 * leaves them; written again when a cancellation overwrote them.
 */
export function progressingStatus(latest: Kustomization, revision: string, timeoutMs: number, now: Date): KustomizationStatus {
  const message = progressMessage(revision, timeoutMs);
  const reconciling = markReconciling(latest, { message }, { now });
  return withHealthy(reconciling, 'Unknown', MetaReason.Progressing, message, now).status ?? {};
}

/**
 * Success: `Healthy=True` ("Health check passed in 1.2s"), `Ready=True` ("Applied revision: <rev>"), `Reconciling`
 * removed. With `checked: false` (nothing to wait for) `Healthy` is removed instead, as Flux does.
 */
export function healthyStatus(latest: Kustomization, result: FinishedCheck & { readonly checked: boolean }): KustomizationStatus {
  const healthy = result.checked
    ? withHealthy(latest, 'True', MetaReason.Succeeded, passedMessage(result.elapsedMs), result.now)
    : { ...latest, status: { ...latest.status, conditions: removeCondition(latest.status?.conditions, ConditionType.Healthy) } };
  const ready = markReady(healthy, { message: appliedMessage(result.revision) }, { now: result.now });
  return withHistory(ready, result, MetaReason.ReconciliationSucceeded);
}

/**
 * Failure: `Healthy=False` with the detail and `Ready=False` with "health check failed after <d>: <detail>", both
 * `HealthCheckFailed`; `Reconciling` stays True (ProgressingWithRetry) since a retry follows.
 */
export function unhealthyStatus(latest: Kustomization, result: FinishedCheck & { readonly detail: string }): KustomizationStatus {
  const unhealthy = withHealthy(latest, 'False', MetaReason.HealthCheckFailed, result.detail, result.now);
  const notReady = markNotReady(unhealthy, { reason: MetaReason.HealthCheckFailed, message: failedMessage(result.elapsedMs, result.detail) }, { now: result.now });
  return withHistory(notReady, result, MetaReason.HealthCheckFailed);
}

/** Cancellation: `Ready=False HealthCheckCanceled` naming what triggered the new reconciliation. */
export function canceledStatus(latest: Kustomization, message: string, now: Date): KustomizationStatus {
  return markNotReady(latest, { reason: MetaReason.HealthCheckCanceled, message }, { now }).status ?? {};
}

/** Configuration error (`healthCheckExprs` that do not compile): `Stalled=True`, `Ready=False` and `Healthy=False`. */
export function stalledStatus(latest: Kustomization, message: string, now: Date): KustomizationStatus {
  const stalled = markStalled(latest, { reason: MetaReason.InvalidCELExpression, message }, { now });
  return withHealthy(stalled, 'False', MetaReason.InvalidCELExpression, message, now).status ?? {};
}

/**
 * Whether a passed check is news worth an event: the previous result recorded was not a success of this same
 * revision (a recovery or a new revision), as kustomize-controller emits "Health check passed" only then.
 */
export function announcesSuccess(history: readonly HistorySnapshot[] | undefined, revision: string): boolean {
  const last = history?.[0];
  return last === undefined || last.lastReconciledStatus !== MetaReason.ReconciliationSucceeded || last.metadata?.['revision'] !== revision;
}
