/** The typed result of applying or deleting a set of objects: what happened to each, in Flux's vocabulary. */

/** What was done to one object. */
export const Action = {
  Created: 'created',
  Configured: 'configured',
  Unchanged: 'unchanged',
  Deleted: 'deleted',
  Skipped: 'skipped',
} as const;
export type Action = (typeof Action)[keyof typeof Action];

/** One object's outcome. */
export interface ChangeSetEntry {
  /** `Kind/namespace/name` (or `Kind/name`), as Flux prints it. */
  readonly subject: string;
  readonly action: Action;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

/** Outcomes in the order they happened. */
export type ChangeSet = readonly ChangeSetEntry[];

/** Counts per action, for events, metrics and the `apply` bus message. */
export function countActions(changeSet: ChangeSet): Record<Action, number> {
  const counts: Record<Action, number> = { created: 0, configured: 0, unchanged: 0, deleted: 0, skipped: 0 };
  for (const e of changeSet) counts[e.action] += 1;
  return counts;
}

/**
 * Flux's rendering of a change set: one `Kind/namespace/name action` line per entry that changed something, which
 * is what its events and notifications carry. Unchanged entries are left out unless `includeUnchanged`.
 */
export function formatChangeSet(changeSet: ChangeSet, opts: { includeUnchanged?: boolean } = {}): string {
  return changeSet
    .filter((e) => opts.includeUnchanged || (e.action !== Action.Unchanged && e.action !== Action.Skipped))
    .map((e) => `${e.subject} ${e.action}`)
    .join('\n');
}

/** True when any entry created, configured or deleted something. */
export function hasChanges(changeSet: ChangeSet): boolean {
  return changeSet.some((e) => e.action === Action.Created || e.action === Action.Configured || e.action === Action.Deleted);
}
