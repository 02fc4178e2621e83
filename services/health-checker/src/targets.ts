/**
 * Which objects a Kustomization's health check waits for, as kustomize-controller chooses them: with `wait: true`
 * every object of the applied inventory (`healthChecks` is then ignored); otherwise the objects `healthChecks`
 * names. The Kustomization itself is never a target (waiting on itself would never end). Pure.
 */
import { KUSTOMIZE_GROUP, inventoryId, splitApiVersion, tryParseInventoryId, type Kustomization } from '@sluice/api';
import type { InventoryEntry } from '@sluice/bus';
import { SluiceError } from '@sluice/errors';

/** One object to wait for. */
export interface HealthTarget {
  /** Inventory id (`<namespace>_<name>_<group>_<kind>`): the object's identity in `health` payloads. */
  readonly id: string;
  readonly apiVersion: string;
  readonly kind: string;
  /** Empty for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
}

/** Why the targets were chosen: `wait`, `healthChecks`, or `none` (nothing asks for a health check). */
export type SelectionMode = 'wait' | 'healthChecks' | 'none';

/** The targets and how they were chosen. */
export interface TargetSelection {
  readonly mode: SelectionMode;
  /** Sorted by id, without duplicates. */
  readonly targets: readonly HealthTarget[];
}

/** The applied inventory of an `apply` message cannot be read. */
export class InvalidHealthTargetError extends SluiceError {
  constructor(subject: string, field: string, problem: string) {
    super('SLUICE_HEALTH_TARGET', `${subject}: ${field}: ${problem}`);
  }
}

const subjectOf = (k: Kustomization): string => `Kustomization/${k.metadata.namespace ?? ''}/${k.metadata.name}`;

function isSelf(k: Kustomization, target: HealthTarget): boolean {
  return target.kind === 'Kustomization' && splitApiVersion(target.apiVersion).group === KUSTOMIZE_GROUP
    && target.name === k.metadata.name && target.namespace === (k.metadata.namespace ?? '');
}

function fromInventory(k: Kustomization, inventory: readonly InventoryEntry[]): HealthTarget[] {
  return inventory.map((entry, i) => {
    const identity = tryParseInventoryId(entry.id);
    if (!identity) throw new InvalidHealthTargetError(subjectOf(k), `inventory[${i}].id`, `${JSON.stringify(entry.id)} is not <namespace>_<name>_<group>_<kind>`);
    if (entry.v === '') throw new InvalidHealthTargetError(subjectOf(k), `inventory[${i}].v`, 'the version is empty');
    const apiVersion = identity.group === '' ? entry.v : `${identity.group}/${entry.v}`;
    return { id: entry.id, apiVersion, kind: identity.kind, namespace: identity.namespace, name: identity.name };
  });
}

/**
 * The apiVersion of a `healthChecks` entry: as written; when absent, the version of the same object in the
 * inventory, else the core group's `v1` (Flux leaves it to discovery, which finds only core kinds for an empty group).
 */
function apiVersionFor(ref: { kind: string; name: string; apiVersion?: string | undefined }, namespace: string, applied: readonly HealthTarget[]): string {
  if (ref.apiVersion) return ref.apiVersion;
  const same = applied.find((t) => t.kind === ref.kind && t.name === ref.name && (t.namespace === namespace || t.namespace === ''));
  return same?.apiVersion ?? 'v1';
}

function fromHealthChecks(k: Kustomization, applied: readonly HealthTarget[]): HealthTarget[] {
  return (k.spec.healthChecks ?? []).map((ref) => {
    const namespace = ref.namespace || (k.metadata.namespace ?? '');
    const apiVersion = apiVersionFor(ref, namespace, applied);
    const { group } = splitApiVersion(apiVersion);
    return { id: inventoryId({ namespace, name: ref.name, group, kind: ref.kind }), apiVersion, kind: ref.kind, namespace, name: ref.name };
  });
}

function sortedUnique(targets: readonly HealthTarget[]): HealthTarget[] {
  const byId = new Map<string, HealthTarget>();
  for (const t of targets) if (!byId.has(t.id)) byId.set(t.id, t);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The objects to wait for after `inventory` was applied for `k`. Call once per `apply` message; throws
 * {@link InvalidHealthTargetError} naming the entry when the inventory holds an id that is not one.
 */
export function selectTargets(k: Kustomization, inventory: readonly InventoryEntry[]): TargetSelection {
  const applied = fromInventory(k, inventory);
  if (k.spec.wait) return { mode: 'wait', targets: sortedUnique(applied.filter((t) => !isSelf(k, t))) };
  if ((k.spec.healthChecks?.length ?? 0) > 0) {
    return { mode: 'healthChecks', targets: sortedUnique(fromHealthChecks(k, applied).filter((t) => !isSelf(k, t))) };
  }
  return { mode: 'none', targets: [] };
}

/** `Kind/namespace/name` (or `Kind/name`) of a target, as messages name objects. */
export function describeTarget(target: Pick<HealthTarget, 'kind' | 'namespace' | 'name'>): string {
  return target.namespace === '' ? `${target.kind}/${target.name}` : `${target.kind}/${target.namespace}/${target.name}`;
}
