/**
 * The reconciliation history Flux keeps in `status.history` (`meta.History`): newest first, at most five
 * snapshots, one per (desired-state digest, outcome) pair.
 */
import { formatDuration } from './duration.js';
import { rfc3339 } from './condition-helpers.js';
import type { HistorySnapshot } from './kinds/meta.js';

/** How many snapshots Flux keeps. */
export const HISTORY_MAX_SIZE = 5;

/** One reconciliation to record. */
export interface ReconciliationRecord {
  /** Digest of the desired state that was reconciled (`sha256:<hex>` of the built manifests). */
  readonly digest: string;
  /** The outcome, by convention the Ready reason (`ReconciliationSucceeded`, `HealthCheckFailed`, ...). */
  readonly status: string;
  /** When the reconciliation finished. */
  readonly at: Date;
  /** How long it took, in milliseconds. */
  readonly durationMs: number;
  /** Extra facts, e.g. `{ revision: 'main@sha1:...' }`; replaces the snapshot's metadata. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * Records a reconciliation the way Flux's `History.Upsert` does: a snapshot with the same digest and status is
 * updated (last time, duration, count + 1, metadata) and moved to the front; otherwise a new snapshot is put first.
 * The result keeps the newest {@link HISTORY_MAX_SIZE} snapshots. Pure: returns a new list.
 */
export function recordReconciliation(history: readonly HistorySnapshot[] | undefined, record: ReconciliationRecord): HistorySnapshot[] {
  const entries = [...(history ?? [])];
  const index = entries.findIndex((s) => s.digest === record.digest && s.lastReconciledStatus === record.status);
  const at = rfc3339(record.at);
  const common = {
    lastReconciled: at,
    lastReconciledDuration: formatDuration(record.durationMs),
    ...(record.metadata === undefined ? {} : { metadata: { ...record.metadata } }),
  };
  let snapshot: HistorySnapshot;
  if (index === -1) {
    snapshot = { digest: record.digest, firstReconciled: at, lastReconciledStatus: record.status, totalReconciliations: 1, ...common };
  } else {
    const previous = entries.splice(index, 1)[0]!;
    snapshot = { ...previous, ...common, totalReconciliations: previous.totalReconciliations + 1 };
  }
  return [snapshot, ...entries].slice(0, HISTORY_MAX_SIZE);
}

/** The most recent snapshot, or undefined for an empty history. */
export function latestSnapshot(history: readonly HistorySnapshot[] | undefined): HistorySnapshot | undefined {
  return history?.[0];
}
