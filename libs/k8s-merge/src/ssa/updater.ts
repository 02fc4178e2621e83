import type { FieldSchema } from '@sluice/k8s-schema';
import type { JsonValue } from '../json.js';
import { compareObjects, excludeFields, type Comparison } from './compare.js';
import { FieldSet } from './field-set.js';
import type { Managed } from './managed-fields.js';
import { ensureNamedFieldsAreMembers } from './named-fields.js';
import { fieldElement, type FieldPath } from './path.js';
import { removeFields } from './remove.js';

/** The fields the API server never records in managedFields (its stripMetaManager), removed from the writer's set. */
const NEVER_TRACKED: FieldSet = FieldSet.fromPaths(
  [
    ['apiVersion'],
    ['kind'],
    ['metadata'],
    ['metadata', 'name'],
    ['metadata', 'namespace'],
    ['metadata', 'creationTimestamp'],
    ['metadata', 'selfLink'],
    ['metadata', 'uid'],
    ['metadata', 'clusterName'],
    ['metadata', 'generation'],
    ['metadata', 'managedFields'],
    ['metadata', 'resourceVersion'],
  ].map((names): FieldPath => names.map(fieldElement)),
);

/** Removes the never-tracked fields from `id`'s set (dropping the entry when nothing is left). */
export function stripMeta(managed: Managed, id: string): void {
  const vs = managed.fields.get(id);
  if (!vs) return;
  const set = vs.set.difference(NEVER_TRACKED);
  if (set.isEmpty()) managed.fields.delete(id);
  else managed.fields.set(id, { ...vs, set });
}

/** Context of one write: the object schema and the fields this endpoint resets. */
export interface WriteContext {
  readonly schema: FieldSchema | undefined;
  readonly ignored: FieldSet;
}

/** Result of reconciling other managers with a change: conflicts (when not forced) or the comparison. */
export type UpdateOutcome = { readonly conflicts: Map<string, FieldSet> } | { readonly compare: Comparison };

/**
 * structured-merge-diff's Updater.update: compares `before` and `after`; fields another manager owns that were
 * added or modified are conflicts; when forced (or there are none) they leave those managers' sets, as do removed
 * fields; managers left with nothing are dropped. Mutates `managed.fields`.
 */
export function reconcileManagers(before: JsonValue, after: JsonValue, managed: Managed, writer: string, force: boolean, ctx: WriteContext): UpdateOutcome {
  const compare = excludeFields(compareObjects(before, after, ctx.schema), ctx.ignored);
  const changed = compare.modified.union(compare.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [id, vs] of managed.fields) {
    if (id === writer) continue;
    const contested = vs.set.intersection(changed);
    if (!contested.isEmpty()) conflicts.set(id, contested);
  }
  if (!force && conflicts.size > 0) return { conflicts };
  for (const [id, vs] of [...managed.fields]) {
    if (id === writer) continue;
    const set = vs.set.difference(conflicts.get(id) ?? FieldSet.empty()).difference(compare.removed);
    if (set.isEmpty()) managed.fields.delete(id);
    else managed.fields.set(id, { ...vs, set });
  }
  return { compare };
}

/**
 * structured-merge-diff's prune: removes from `merged` what `writer` applied last time (`lastSet`) and no longer
 * applies, unless another manager (or the new configuration, `writer`'s set in `managed`) owns it; fields nobody
 * owned stay.
 */
export function prune(merged: JsonValue, managed: Managed, writer: string, lastSet: FieldSet | undefined, schema: FieldSchema | undefined): JsonValue {
  if (!lastSet || lastSet.isEmpty()) return merged;
  // Everything applied last time is applied again: nothing can be pruned (the usual re-apply).
  const current = managed.fields.get(writer)?.set;
  if (current && lastSet.difference(current).isEmpty()) return merged;
  const named = (s: FieldSet) => ensureNamedFieldsAreMembers(s, schema);
  const last = named(lastSet);
  let pruned = removeFields(merged, last, schema);
  let owned = FieldSet.empty();
  for (const vs of managed.fields.values()) owned = owned.union(vs.set);
  const mergedSet = named(FieldSet.of(merged, schema));
  pruned = removeFields(merged, mergedSet.difference(named(FieldSet.of(pruned, schema)).union(named(owned))), schema);
  const dangling = mergedSet.difference(named(FieldSet.of(pruned, schema))).intersection(last);
  return removeFields(merged, dangling, schema);
}
