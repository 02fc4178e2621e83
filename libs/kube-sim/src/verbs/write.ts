/**
 * The write pipeline every mutating verb ends in (create, update, patch, apply, status and scale writes):
 * system metadata, status ownership, defaulting, managedFields, validation, generation, no-op detection and the
 * commit. Mirrors the order of the real server's registry Store.
 */
import { timestamp, type ApiCore, type VerbResult, type WriteOptions } from '../api/context.js';
import { OPTIMISTIC_LOCK_MESSAGE, alreadyExists, badRequest, conflict, invalid } from '../api/status.js';
import { deepEqual, isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import { applyDefaults } from '../objects/defaults/index.js';
import { generatedName, newUid } from '../objects/identity.js';
import { prepareCreate, prepareUpdate, resetStatusOnCreate } from '../objects/lifecycle.js';
import { validateObject, validateStatusUpdate } from '../objects/validate/index.js';
import { GenerationPolicy, apiVersionOf, groupKind, groupResource, hasSubresource, type ResourceDef } from '../registry/resource.js';
import { checkNamespaceAcceptsCreate, metaOf, storedMeta, toVersion } from './common.js';
import { pendingFinalizers } from './delete.js';

/** How the write's managedFields are produced. */
export interface WriteMode {
  /** The object already carries managedFields from a server-side apply; do not track it as an update. */
  readonly applied: boolean;
  /**
   * `status` for writes through the status subresource; `binding` for the scheduler's pod binding (spec changes
   * allowed); `scale` / `finalize` for those subresources; else `''`.
   */
  readonly subresource: string;
  /** Warning texts collected so far (decoding), returned with the result. */
  readonly warnings: readonly string[];
}

/** The manager name of a non-apply write: `fieldManager`, else the User-Agent up to its first `/`. */
export function managerName(opts: WriteOptions): string {
  if (opts.fieldManager) return opts.fieldManager;
  const ua = opts.userAgent.split('/')[0] ?? '';
  return ua.slice(0, 128) || 'unknown';
}

function trackUpdate(core: ApiCore, def: ResourceDef, old: JsonObject | undefined, obj: JsonObject, opts: WriteOptions, mode: WriteMode): JsonObject {
  if (mode.applied) return obj;
  return core.merge.trackUpdate(old, obj, {
    manager: managerName(opts),
    apiVersion: apiVersionOf(def),
    now: timestamp(core.now()),
    schema: def.schema,
    statusSubresource: hasSubresource(def, 'status'),
    ...(mode.subresource ? { subresource: mode.subresource } : {}),
  });
}

function specChanged(def: ResourceDef, obj: JsonObject, old: JsonObject): boolean {
  if (def.generation === GenerationPolicy.Spec) return !deepEqual(obj.spec, old.spec);
  const strip = (o: JsonObject): JsonObject => {
    const { metadata: _m, status: _s, ...rest } = o;
    return hasSubresource(def, 'status') ? rest : { ...rest, ...(o.status !== undefined ? { status: o.status } : {}) };
  };
  return !deepEqual(strip(obj), strip(old));
}

function setGeneration(def: ResourceDef, obj: JsonObject, old: JsonObject | undefined): void {
  const meta = metaOf(obj);
  if (def.generation === GenerationPolicy.None) {
    delete meta.generation;
    return;
  }
  if (!old) {
    meta.generation = 1;
    return;
  }
  const before = typeof storedMeta(old).generation === 'number' ? (storedMeta(old).generation as number) : 1;
  meta.generation = specChanged(def, obj, old) ? before + 1 : before;
}

function throwIfInvalid(def: ResourceDef, obj: JsonObject, errors: ReturnType<typeof validateObject>): void {
  if (errors.length > 0) throw invalid(groupKind(def), String(metaOf(obj).name ?? ''), errors);
}

/**
 * Creates `obj` (already decoded) in `namespace`. Answers 201 with the stored object, or with the would-be
 * object for dry runs (no resourceVersion).
 */
export function createObject(core: ApiCore, def: ResourceDef, namespace: string, obj: JsonObject, opts: WriteOptions, mode: WriteMode): VerbResult {
  const meta = metaOf(obj);
  if (!meta.name && typeof meta.generateName === 'string' && meta.generateName) meta.name = generatedName(meta.generateName);
  if (typeof meta.resourceVersion === 'string' && meta.resourceVersion !== '' && !mode.applied) {
    throw badRequest('resourceVersion should not be set on objects to be created');
  }
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.selfLink;
  meta.uid = newUid();
  meta.creationTimestamp = timestamp(core.now());
  resetStatusOnCreate(def, obj);
  applyDefaults(def, obj, undefined);
  setGeneration(def, obj, undefined);
  const name = String(meta.name ?? '');
  checkNamespaceAcceptsCreate(core, def, namespace, name);
  throwIfInvalid(def, obj, validateObject(def, obj, undefined));
  if (core.store.get(def.storageKey, def.namespaced ? namespace : '', name)) throw alreadyExists(groupResource(def), name);
  prepareCreate(def, obj, core.store);
  const tracked = trackUpdate(core, def, undefined, obj, opts, mode);
  if (opts.dryRun) return { code: 201, body: toVersion(def, tracked), warnings: mode.warnings };
  const stored = core.store.create(def.storageKey, tracked);
  return { code: 201, body: toVersion(def, stored), warnings: mode.warnings };
}

/** Checks the update's preconditions taken from the body: resourceVersion (409) and uid (409). */
function checkPreconditions(def: ResourceDef, obj: JsonObject, old: JsonObject): void {
  const meta = metaOf(obj);
  const oldMeta = storedMeta(old);
  const name = String(oldMeta.name);
  if (typeof meta.resourceVersion === 'string' && meta.resourceVersion !== '' && meta.resourceVersion !== oldMeta.resourceVersion) {
    throw conflict(groupResource(def), name, OPTIMISTIC_LOCK_MESSAGE);
  }
  if (typeof meta.uid === 'string' && meta.uid !== '' && meta.uid !== oldMeta.uid) {
    throw conflict(groupResource(def), name, `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${String(oldMeta.uid)}`);
  }
}

const SYSTEM_FIELDS = ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const;

/** Restores the fields clients may not change and settles status ownership between spec and status writes. */
function carryOver(def: ResourceDef, obj: JsonObject, old: JsonObject, subresource: string): JsonObject {
  const meta = metaOf(obj);
  const oldMeta = storedMeta(old);
  if (subresource === 'status') {
    const merged: JsonObject = { ...old, metadata: { ...oldMeta } };
    if (obj.status === undefined) delete merged.status;
    else merged.status = obj.status;
    if (meta.managedFields !== undefined) (merged.metadata as JsonObject).managedFields = meta.managedFields;
    return merged;
  }
  for (const k of SYSTEM_FIELDS) {
    if (oldMeta[k] === undefined) delete meta[k];
    else meta[k] = oldMeta[k];
  }
  meta.namespace = oldMeta.namespace ?? '';
  if (!def.namespaced) delete meta.namespace;
  if (meta.managedFields === undefined && oldMeta.managedFields !== undefined) meta.managedFields = oldMeta.managedFields;
  if (hasSubresource(def, 'status')) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
  }
  return obj;
}

/** Equal apart from resourceVersion and the timestamps of managedFields entries: nothing to write. */
function isNoop(obj: JsonObject, old: JsonObject): boolean {
  const norm = (o: JsonObject): JsonObject => {
    const meta = { ...storedMeta(o) };
    delete meta.resourceVersion;
    if (Array.isArray(meta.managedFields)) {
      meta.managedFields = meta.managedFields.map((e) => (isJsonObject(e) ? { ...e, time: null } : e));
    }
    return { ...o, metadata: meta };
  };
  return deepEqual(norm(obj), norm(old));
}

function hasPendingFinalizers(def: ResourceDef, obj: JsonObject): boolean {
  const meta = storedMeta(obj);
  const finalizers = Array.isArray(meta.finalizers) ? meta.finalizers.filter((f): f is string => typeof f === 'string') : [];
  return pendingFinalizers(def, obj, finalizers);
}

/**
 * Updates `old` to `obj` (already decoded and carrying the URL's name). Answers 200 with the stored object;
 * removes the object instead when its deletion is pending and the last finalizer went away.
 */
export function updateObject(core: ApiCore, def: ResourceDef, old: JsonObject, input: JsonObject, opts: WriteOptions, mode: WriteMode): VerbResult {
  checkPreconditions(def, input, old);
  let obj = carryOver(def, input, old, mode.subresource);
  if (mode.subresource !== 'status') {
    applyDefaults(def, obj, old);
    if (mode.subresource !== 'finalize') prepareUpdate(def, obj, old, core.store);
  }
  setGeneration(def, obj, old);
  const errors = mode.subresource === 'status' ? validateStatusUpdate(def, obj, old) : validateObject(def, obj, mode.subresource === 'binding' ? undefined : old);
  throwIfInvalid(def, obj, errors);
  obj = trackUpdate(core, def, old, obj, opts, mode);
  metaOf(obj).resourceVersion = storedMeta(old).resourceVersion as JsonValue;
  if (isNoop(obj, old)) return { code: 200, body: toVersion(def, old), warnings: mode.warnings };
  if (storedMeta(old).deletionTimestamp !== undefined && !hasPendingFinalizers(def, obj)) {
    if (opts.dryRun) return { code: 200, body: toVersion(def, obj), warnings: mode.warnings };
    const removed = core.store.remove(def.storageKey, obj);
    return { code: 200, body: toVersion(def, removed), warnings: mode.warnings };
  }
  if (opts.dryRun) return { code: 200, body: toVersion(def, obj), warnings: mode.warnings };
  const stored = core.store.update(def.storageKey, obj);
  return { code: 200, body: toVersion(def, stored), warnings: mode.warnings };
}
