/**
 * Inventory entries as Flux writes them in `status.inventory.entries`: `{ id: '<ns>_<name>_<group>_<kind>', v }`.
 * The id format is cli-utils' `ObjMetadata` string: cluster-scoped objects have an empty namespace, core objects an
 * empty group, and a `:` in a name (RBAC names such as `system:controller`) is written as `__`.
 */
import { InvalidInventoryIdError } from './errors.js';
import type { ResourceRef } from './kinds/meta.js';
import { splitApiVersion } from './kinds/registry.js';

/** The identity of one applied object. */
export interface ObjectIdentity {
  /** Empty for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
  /** Empty for the core group (`v1`). */
  readonly group: string;
  readonly kind: string;
}

/** Builds the inventory id of an object: `podinfo_podinfo_apps_Deployment`, `_podinfo__Namespace`. */
export function inventoryId(identity: ObjectIdentity): string {
  return [identity.namespace, identity.name.replaceAll(':', '__'), identity.group, identity.kind].join('_');
}

/** Parses an inventory id; undefined when it is not one. */
export function tryParseInventoryId(id: string): ObjectIdentity | undefined {
  const parts = id.split('_');
  if (parts.length < 4) return undefined;
  const namespace = parts[0]!;
  const kind = parts[parts.length - 1]!;
  const group = parts[parts.length - 2]!;
  const name = parts.slice(1, -2).join('_').replaceAll('__', ':');
  if (name === '' || kind === '') return undefined;
  return { namespace, name, group, kind };
}

/** Parses an inventory id; throws {@link InvalidInventoryIdError} (`SLUICE_INVALID_INVENTORY_ID`) when it is not one. */
export function parseInventoryId(id: string): ObjectIdentity {
  const identity = tryParseInventoryId(id);
  if (identity === undefined) throw new InvalidInventoryIdError(id, 'expected <namespace>_<name>_<group>_<kind> with a name and a kind');
  return identity;
}

/** The inventory entry for a Kubernetes object (`apiVersion`, `kind`, `metadata.name`, `metadata.namespace`). */
export function inventoryEntry(obj: {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
}): ResourceRef {
  const { group, version } = splitApiVersion(obj.apiVersion);
  return { id: inventoryId({ namespace: obj.metadata.namespace ?? '', name: obj.metadata.name, group, kind: obj.kind }), v: version };
}

/** The `apiVersion` of an inventory entry (`apps/v1`, or `v1` for the core group). */
export function entryApiVersion(entry: ResourceRef): string {
  const { group } = parseInventoryId(entry.id);
  return group === '' ? entry.v : `${group}/${entry.v}`;
}

/**
 * The entries of `previous` whose objects are absent from `next` (compared by id, ignoring version): what a prune
 * deletes after applying `next`. Order follows `previous`.
 */
export function staleEntries(previous: readonly ResourceRef[], next: readonly ResourceRef[]): ResourceRef[] {
  const kept = new Set(next.map((e) => e.id));
  return previous.filter((e) => !kept.has(e.id));
}

/** Sorts entries by id, as Flux stores them, so equal inventories compare equal. */
export function sortEntries(entries: readonly ResourceRef[]): ResourceRef[] {
  return [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
