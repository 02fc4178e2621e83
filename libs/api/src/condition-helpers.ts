/**
 * Pure helpers over status conditions, following Flux's `runtime/conditions` semantics and kstatus: every helper
 * returns new arrays/objects and never mutates its input.
 */
import { ConditionType, MetaReason } from './conditions.js';
import type { Condition } from './kinds/meta.js';

/** The fields a caller chooses when setting a condition; the time and generation come from the options. */
export interface ConditionInput {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
}

/** Options for the condition helpers; every field has a default. */
export interface ConditionOptions {
  /** The transition time written when a condition changes status; defaults to the current time. */
  readonly now?: Date;
  /** The generation the condition describes (`metadata.generation`); omitted when undefined. */
  readonly observedGeneration?: number;
}

/** Anything with status conditions and a generation: every Flux kind with a status. */
export interface ConditionedObject {
  readonly metadata: { readonly generation?: number };
  readonly status?: { readonly conditions?: readonly Condition[]; readonly observedGeneration?: number };
}

/** What a mark helper writes: a reason and a message (the reason defaults per helper). */
export interface MarkInput {
  readonly reason?: string;
  readonly message: string;
}

/**
 * Sets (adds or replaces) one condition. `lastTransitionTime` is kept when the status does not change, as the
 * Kubernetes convention requires, and renewed otherwise. The list stays sorted as Flux sorts it: Ready first,
 * then by type.
 */
export function setCondition(
  conditions: readonly Condition[] | undefined,
  input: ConditionInput,
  options: ConditionOptions = {},
): Condition[] {
  const existing = findCondition(conditions, input.type);
  const lastTransitionTime =
    existing !== undefined && existing.status === input.status ? existing.lastTransitionTime : rfc3339(options.now ?? new Date());
  const next: Condition = {
    type: input.type,
    status: input.status,
    reason: input.reason,
    message: input.message,
    lastTransitionTime,
    ...(options.observedGeneration === undefined ? {} : { observedGeneration: options.observedGeneration }),
  };
  return sortConditions([...(conditions ?? []).filter((c) => c.type !== input.type), next]);
}

/** The condition of the given type, or undefined. */
export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** The list without the condition of the given type. */
export function removeCondition(conditions: readonly Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}

/**
 * True when the object is Ready for its current generation: `Ready=True` and `status.observedGeneration` equal to
 * `metadata.generation` (when both are known). This is the check a dependent runs before reconciling.
 */
export function isReady(obj: ConditionedObject): boolean {
  const ready = findCondition(obj.status?.conditions, ConditionType.Ready);
  if (ready?.status !== 'True') return false;
  const { generation } = obj.metadata;
  const observed = obj.status?.observedGeneration;
  return generation === undefined || observed === undefined || observed === generation;
}

/** True when the object carries `Stalled=True` (kstatus: Failed; the controller will not retry). */
export function isStalled(obj: ConditionedObject): boolean {
  return findCondition(obj.status?.conditions, ConditionType.Stalled)?.status === 'True';
}

/**
 * Call when a reconciliation starts: `Reconciling=True` and `Ready=Unknown` (reason `Progressing` unless given),
 * `Stalled` removed. kstatus reads the object as InProgress.
 */
export function markReconciling<T extends ConditionedObject>(obj: T, input: MarkInput, options: ConditionOptions = {}): T {
  const reason = input.reason ?? MetaReason.Progressing;
  return update(obj, options, false, [
    { type: ConditionType.Reconciling, status: 'True', reason, message: input.message },
    { type: ConditionType.Ready, status: 'Unknown', reason, message: input.message },
  ], [ConditionType.Stalled]);
}

/**
 * Call when a reconciliation succeeded: `Ready=True` (reason `ReconciliationSucceeded` unless given), `Reconciling`
 * and `Stalled` removed, `status.observedGeneration` set to the generation. kstatus reads the object as Current.
 */
export function markReady<T extends ConditionedObject>(obj: T, input: MarkInput, options: ConditionOptions = {}): T {
  const reason = input.reason ?? MetaReason.ReconciliationSucceeded;
  return update(obj, options, true, [{ type: ConditionType.Ready, status: 'True', reason, message: input.message }], [
    ConditionType.Reconciling,
    ConditionType.Stalled,
  ]);
}

/**
 * Call when a reconciliation failed and will be retried (a transient error: fetch, apply, health check):
 * `Ready=False` with the failure's reason (e.g. `BuildFailed`; `ReconciliationFailed` unless given) and
 * `Reconciling=True` with reason `ProgressingWithRetry`, as Flux's controllers leave it. `Stalled` is removed;
 * `observedGeneration` is left alone. kstatus reads the object as InProgress.
 */
export function markNotReady<T extends ConditionedObject>(obj: T, input: MarkInput, options: ConditionOptions = {}): T {
  const reason = input.reason ?? MetaReason.ReconciliationFailed;
  return update(obj, options, false, [
    { type: ConditionType.Ready, status: 'False', reason, message: input.message },
    { type: ConditionType.Reconciling, status: 'True', reason: MetaReason.ProgressingWithRetry, message: input.message },
  ], [ConditionType.Stalled]);
}

/**
 * Call when reconciliation cannot succeed until the object changes (invalid spec, dependency cycle, a
 * `TerminalError`): `Stalled=True` and `Ready=False` with the same reason, `Reconciling` removed,
 * `observedGeneration` set (this generation was handled). kstatus reads the object as Failed; do not retry.
 */
export function markStalled<T extends ConditionedObject>(obj: T, input: MarkInput & { reason: string }, options: ConditionOptions = {}): T {
  return update(obj, options, true, [
    { type: ConditionType.Stalled, status: 'True', reason: input.reason, message: input.message },
    { type: ConditionType.Ready, status: 'False', reason: input.reason, message: input.message },
  ], [ConditionType.Reconciling]);
}

function update<T extends ConditionedObject>(
  obj: T,
  options: ConditionOptions,
  observe: boolean,
  set: readonly ConditionInput[],
  remove: readonly string[],
): T {
  const generation = obj.metadata.generation;
  const conditionOptions: ConditionOptions = { ...options, ...(generation === undefined ? {} : { observedGeneration: generation }) };
  let conditions = (obj.status?.conditions ?? []).filter((c) => !remove.includes(c.type));
  for (const input of set) conditions = setCondition(conditions, input, conditionOptions);
  const status = { ...(obj.status ?? {}), conditions };
  if (observe && generation !== undefined) status.observedGeneration = generation;
  return { ...obj, status };
}

function sortConditions(conditions: Condition[]): Condition[] {
  return conditions.sort((a, b) => {
    if (a.type === b.type) return 0;
    if (a.type === ConditionType.Ready) return -1;
    if (b.type === ConditionType.Ready) return 1;
    return a.type < b.type ? -1 : 1;
  });
}

/** RFC 3339 at second precision, as `metav1.Time` serialises (`2024-01-02T03:04:05Z`). */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
