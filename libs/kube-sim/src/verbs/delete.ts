/**
 * delete and deletecollection with DeleteOptions: preconditions, propagation policies (the garbage collector's
 * `orphan` and `foregroundDeletion` finalizers), graceful deletion of objects with finalizers and namespace
 * termination.
 */
import { timestamp, type ApiCore, type VerbResult } from '../api/context.js';
import { FieldErrorType, OMIT_VALUE, badRequest, conflict, fieldError, forbidden, invalid, successStatus } from '../api/status.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import { groupResource, type ResourceDef } from '../registry/resource.js';
import { PROTECTED_NAMESPACES, getExisting, storedMeta, toVersion } from './common.js';
import { listVerb, type ListQuery } from './read.js';

/** Finalizer the garbage collector honours to orphan dependents. */
export const ORPHAN_FINALIZER = 'orphan';
/** Finalizer the garbage collector honours to delete dependents before their owner. */
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

/** Parsed DeleteOptions (body and query parameters). */
export interface DeleteOptions {
  readonly propagationPolicy: PropagationPolicy | undefined;
  readonly preconditions: { readonly uid?: string; readonly resourceVersion?: string };
  readonly dryRun: boolean;
}

const POLICIES: readonly string[] = ['Foreground', 'Background', 'Orphan'];

function readBody(body: JsonValue | undefined): JsonObject {
  if (body === undefined || body === null) return {};
  if (!isJsonObject(body)) throw badRequest('json: cannot unmarshal non-object into Go value of type v1.DeleteOptions');
  return body;
}

function policyOf(raw: unknown, orphan: unknown): PropagationPolicy | undefined {
  const errs = [];
  if (raw !== undefined && (typeof raw !== 'string' || !POLICIES.includes(raw))) {
    errs.push(fieldError(FieldErrorType.NotSupported, 'propagationPolicy', typeof raw === 'string' ? raw : String(raw), 'supported values: "Foreground", "Background", "Orphan"'));
  }
  if (raw !== undefined && orphan !== undefined) {
    errs.push(fieldError(FieldErrorType.Invalid, '', OMIT_VALUE, 'OrphanDependents and DeletionPropagation cannot be both set'));
  }
  if (errs.length > 0) throw invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', errs);
  if (raw !== undefined) return raw as PropagationPolicy;
  if (orphan === true) return 'Orphan';
  if (orphan === false) return 'Background';
  return undefined;
}

/** Reads DeleteOptions from the request body (if any) and the query; throws 400/422 when malformed. */
export function parseDeleteOptions(body: JsonValue | undefined, query: URLSearchParams, dryRun: boolean): DeleteOptions {
  const b = readBody(body);
  const qOrphan = query.get('orphanDependents');
  const rawPolicy = b.propagationPolicy ?? query.get('propagationPolicy') ?? undefined;
  const orphan = b.orphanDependents ?? (qOrphan === null ? undefined : qOrphan === 'true');
  const pre = isJsonObject(b.preconditions) ? b.preconditions : {};
  const grace = b.gracePeriodSeconds ?? query.get('gracePeriodSeconds') ?? undefined;
  if (grace !== undefined && grace !== null && !/^-?\d+$/.test(String(grace))) throw badRequest(`gracePeriodSeconds: invalid value ${JSON.stringify(grace)}`);
  const bodyDryRun = Array.isArray(b.dryRun) && b.dryRun.includes('All');
  return {
    propagationPolicy: policyOf(rawPolicy ?? undefined, orphan ?? undefined),
    preconditions: {
      ...(typeof pre.uid === 'string' ? { uid: pre.uid } : {}),
      ...(typeof pre.resourceVersion === 'string' ? { resourceVersion: pre.resourceVersion } : {}),
    },
    dryRun: dryRun || bodyDryRun,
  };
}

function checkPreconditions(def: ResourceDef, obj: JsonObject, opts: DeleteOptions): void {
  const meta = storedMeta(obj);
  const name = String(meta.name);
  const { uid, resourceVersion } = opts.preconditions;
  if (uid !== undefined && uid !== meta.uid) {
    throw conflict(groupResource(def), name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${String(meta.uid)}`);
  }
  if (resourceVersion !== undefined && resourceVersion !== meta.resourceVersion) {
    throw conflict(groupResource(def), name, `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${String(meta.resourceVersion)}`);
  }
}

/** The finalizers after a delete with `policy`: the garbage collector's finalizers follow an explicit policy. */
function finalizersFor(existing: readonly string[], policy: PropagationPolicy | undefined): string[] {
  if (policy === undefined) return [...existing];
  const rest = existing.filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
  if (policy === 'Orphan') rest.push(ORPHAN_FINALIZER);
  if (policy === 'Foreground') rest.push(FOREGROUND_FINALIZER);
  return rest;
}

function isNamespace(def: ResourceDef): boolean {
  return def.group === '' && def.kind === 'Namespace';
}

/** Marks the object as being deleted (deletionTimestamp, finalizers) instead of removing it. */
function markDeleting(core: ApiCore, def: ResourceDef, obj: JsonObject, finalizers: string[], opts: DeleteOptions): JsonObject {
  const before = storedMeta(obj);
  const unchanged = before.deletionTimestamp !== undefined && JSON.stringify(before.finalizers ?? []) === JSON.stringify(finalizers);
  if (unchanged) return obj;
  const meta = { ...before };
  const next: JsonObject = { ...obj, metadata: meta };
  if (finalizers.length > 0) meta.finalizers = finalizers;
  else delete meta.finalizers;
  if (meta.deletionTimestamp === undefined) {
    meta.deletionTimestamp = timestamp(core.now());
    meta.deletionGracePeriodSeconds = 0;
    if (typeof meta.generation === 'number') meta.generation = meta.generation + 1;
  }
  if (isNamespace(def)) next.status = { ...(isJsonObject(obj.status) ? obj.status : {}), phase: 'Terminating' };
  return opts.dryRun ? next : core.store.update(def.storageKey, next);
}

/** True while finalizers hold the object (metadata.finalizers, and spec.finalizers of namespaces). */
export function pendingFinalizers(def: ResourceDef, obj: JsonObject, finalizers: readonly string[]): boolean {
  if (finalizers.length > 0) return true;
  if (!isNamespace(def)) return false;
  const specFinalizers = isJsonObject(obj.spec) ? obj.spec.finalizers : undefined;
  return Array.isArray(specFinalizers) && specFinalizers.length > 0;
}

/** Deletes one object (or marks it for deletion); returns the server's answer. */
export function deleteOne(core: ApiCore, def: ResourceDef, obj: JsonObject, opts: DeleteOptions): VerbResult {
  checkPreconditions(def, obj, opts);
  const meta = storedMeta(obj);
  const existing = Array.isArray(meta.finalizers) ? meta.finalizers.filter((f): f is string => typeof f === 'string') : [];
  const policy = opts.propagationPolicy ?? (existing.includes(ORPHAN_FINALIZER) || existing.includes(FOREGROUND_FINALIZER) ? undefined : def.defaultPropagation === 'Orphan' ? 'Orphan' : undefined);
  const finalizers = finalizersFor(existing, policy);
  if (pendingFinalizers(def, obj, finalizers)) {
    const marked = markDeleting(core, def, obj, finalizers, opts);
    return { code: 200, body: toVersion(def, marked), warnings: [] };
  }
  const removed = opts.dryRun ? obj : core.store.remove(def.storageKey, obj);
  if (def.returnsDeletedObject) return { code: 200, body: toVersion(def, removed), warnings: [] };
  const details: JsonObject = { name: String(meta.name), ...(def.group ? { group: def.group } : {}), kind: def.resource, uid: String(meta.uid) };
  return { code: 200, body: successStatus(details), warnings: [] };
}

/** DELETE of one object. */
export function deleteVerb(core: ApiCore, def: ResourceDef, namespace: string, name: string, opts: DeleteOptions): VerbResult {
  if (isNamespace(def) && PROTECTED_NAMESPACES.has(name)) throw forbidden(groupResource(def), name, 'this namespace may not be deleted');
  const obj = getExisting(core, def, namespace, name);
  return deleteOne(core, def, obj, opts);
}

/** DELETE of a collection: every object matching the selectors; answers the list of what was deleted. */
export function deleteCollectionVerb(core: ApiCore, def: ResourceDef, namespace: string | undefined, q: ListQuery, opts: DeleteOptions): VerbResult {
  const matched = listVerb(core, def, namespace, { ...q, limit: undefined, continueToken: undefined });
  const deleted: JsonValue[] = [];
  for (const item of matched.items) {
    const meta = item.metadata as JsonObject;
    const stored = core.store.get(def.storageKey, String(meta.namespace ?? ''), String(meta.name));
    if (!stored) continue;
    if (isNamespace(def) && PROTECTED_NAMESPACES.has(String(meta.name))) continue;
    const r = deleteOne(core, def, stored, { ...opts, preconditions: {} });
    deleted.push(r.body.kind === 'Status' ? toVersion(def, stored) : r.body);
  }
  return {
    code: 200,
    body: { apiVersion: matched.apiVersion, kind: matched.kind, metadata: { resourceVersion: String(core.store.revision) }, items: deleted },
    warnings: [],
  };
}
