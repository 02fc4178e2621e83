/**
 * create, update (PUT), patch (JSON patch, merge patch, strategic merge patch) and server-side apply of objects
 * and of their status subresource. Each decodes the request and hands over to the write pipeline.
 */
import { timestamp, type ApiCore, type VerbResult, type WriteOptions } from '../api/context.js';
import {
  FieldErrorType, OMIT_VALUE, applyConflict, badRequest, fieldError, invalid, isKubeApiError, rejected, unsupportedMediaType,
} from '../api/status.js';
import { deepClone, isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import { ServerSideApplyError } from '@sluice/k8s-merge';
import { isSluiceError } from '@sluice/errors';
import type { ApplyOutcome } from '../merge.js';
import { apiVersionOf, groupKind, hasSubresource, type ResourceDef } from '../registry/resource.js';
import { checkNameMatches, getExisting, metaOf, metaString, settleNamespace, toVersion } from './common.js';
import { recordApply, repeatedNoop, type ApplyIdentity } from './apply-memo.js';
import { checkTypeMeta, decodeForWrite, type ServesKind } from './decode-body.js';
import { createObject, updateObject } from './write.js';

function servesKind(core: ApiCore): ServesKind {
  return (group, version, kind) => core.registry.findKind(group, version, kind) !== undefined;
}

/** The object a request addresses. */
export interface ObjectTarget {
  readonly def: ResourceDef;
  /** `''` for cluster-scoped resources. */
  readonly namespace: string;
  /** `''` for create. */
  readonly name: string;
  /** `''` or `status`. */
  readonly subresource: string;
}

/** POST to a collection. */
export function createVerb(core: ApiCore, target: ObjectTarget, body: JsonValue, opts: WriteOptions): VerbResult {
  const obj = requireObject(body);
  checkTypeMeta(target.def, obj, false, servesKind(core));
  settleNamespace(target.def, obj, target.namespace);
  const warnings = decodeForWrite(target.def, obj, opts);
  return createObject(core, target.def, target.namespace, obj, opts, { applied: false, subresource: '', warnings });
}

/** PUT of a whole object (or its status). Custom resources need a resourceVersion, as on a real server. */
export function updateVerb(core: ApiCore, target: ObjectTarget, body: JsonValue, opts: WriteOptions): VerbResult {
  const obj = requireObject(body);
  checkTypeMeta(target.def, obj, false, servesKind(core));
  checkNameMatches(obj, target.name);
  settleNamespace(target.def, obj, target.namespace);
  const old = getExisting(core, target.def, target.namespace, target.name);
  if (target.def.custom && !metaString(obj, 'resourceVersion')) {
    throw invalid(groupKind(target.def), target.name, [fieldError(FieldErrorType.Invalid, 'metadata.resourceVersion', goZero(), 'must be specified for an update')]);
  }
  const warnings = decodeForWrite(target.def, obj, opts);
  return updateObject(core, target.def, old, obj, opts, { applied: false, subresource: target.subresource, warnings });
}

function goZero(): string {
  return '\u00000x0';
}

/** Patch content types and what each resource accepts. */
export const PatchType = {
  Json: 'application/json-patch+json',
  Merge: 'application/merge-patch+json',
  Strategic: 'application/strategic-merge-patch+json',
  Apply: 'application/apply-patch+yaml',
} as const;
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

/** Patch types `def` accepts: strategic merge patch only for built-ins. */
export function acceptedPatchTypes(def: ResourceDef): PatchType[] {
  return def.custom ? [PatchType.Json, PatchType.Merge, PatchType.Apply] : [PatchType.Json, PatchType.Merge, PatchType.Strategic, PatchType.Apply];
}

function requireObject(body: JsonValue): JsonObject {
  if (!isJsonObject(body)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body)?.slice(0, 256) ?? ''}'`);
  return body;
}

function patchFailed(err: unknown): Error {
  if (isKubeApiError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return badRequest(message);
}

/**
 * Applies a JSON, merge or strategic merge patch document to `current`, with the server's errors: 400 for a
 * malformed patch, 422 for a JSON patch that cannot be applied.
 */
export function applyPatchDocument(core: ApiCore, type: PatchType, current: JsonObject, patch: JsonValue, schema: ResourceDef['schema']): JsonValue {
  switch (type) {
    case PatchType.Json:
      checkJsonPatchShape(patch);
      try {
        return core.merge.applyJsonPatch(current, patch);
      } catch (err) {
        throw jsonPatchFailed(err);
      }
    case PatchType.Merge:
      if (!isJsonObject(patch)) throw badRequest('json: cannot unmarshal non-object into Go value of type map[string]interface {}');
      return core.merge.jsonMergePatch(current, patch);
    default:
      if (!isJsonObject(patch)) throw badRequest('json: cannot unmarshal non-object into Go value of type map[string]interface {}');
      try {
        return core.merge.strategicMergePatch(current, patch, schema);
      } catch (err) {
        throw patchFailed(err);
      }
  }
}

/** A JSON patch that decodes but cannot be applied (missing path, failed test) is a 422 with the generic message. */
function jsonPatchFailed(err: unknown): Error {
  return isKubeApiError(err) ? err : rejected();
}

/** A JSON patch body must decode as a list of objects (400 otherwise, as the server's decoder says). */
function checkJsonPatchShape(patch: JsonValue): void {
  if (!Array.isArray(patch)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  if (!patch.every(isJsonObject)) throw badRequest('json: cannot unmarshal non-object into Go value of type jsonpatch.Operation');
}

/** PATCH with a JSON, merge or strategic merge patch (apply has its own verb). */
export function patchVerb(core: ApiCore, target: ObjectTarget, type: PatchType, patch: JsonValue, opts: WriteOptions): VerbResult {
  const { def } = target;
  if (!acceptedPatchTypes(def).includes(type) || type === PatchType.Apply) throw unsupportedMediaType(acceptedPatchTypes(def));
  const old = getExisting(core, def, target.namespace, target.name);
  const current = toVersion(def, old);
  const patched = applyPatchDocument(core, type, current, patch, def.schema);
  if (!isJsonObject(patched)) throw badRequest('the patched object is not a JSON object');
  const obj = deepClone(patched);
  const meta = metaOf(obj);
  // A patch only carries a resourceVersion precondition when it sets one itself.
  if (meta.resourceVersion === (old.metadata as JsonObject).resourceVersion && !patchSetsResourceVersion(patch)) delete meta.resourceVersion;
  checkTypeMeta(def, obj, false, servesKind(core));
  checkNameMatches(obj, target.name);
  settleNamespace(def, obj, target.namespace);
  const warnings = decodeForWrite(def, obj, opts);
  return updateObject(core, def, old, obj, opts, { applied: false, subresource: target.subresource, warnings });
}

function patchSetsResourceVersion(patch: JsonValue): boolean {
  if (isJsonObject(patch)) return isJsonObject(patch.metadata) && patch.metadata.resourceVersion !== undefined;
  if (Array.isArray(patch)) return patch.some((op) => isJsonObject(op) && typeof op.path === 'string' && op.path.startsWith('/metadata/resourceVersion'));
  return false;
}

/** Options of server-side apply beyond the shared ones. */
export interface ApplyOptions extends WriteOptions {
  readonly force: boolean;
}

function checkApplyOptions(opts: ApplyOptions): void {
  const errs = [];
  if (!opts.fieldManager) errs.push(fieldError(FieldErrorType.Required, 'fieldManager', OMIT_VALUE, 'is required for apply patch'));
  else if (opts.fieldManager.length > 128) errs.push(fieldError(FieldErrorType.TooLong, 'fieldManager', OMIT_VALUE, 'may not be more than 128 bytes'));
  if (errs.length > 0) throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', errs);
}

function checkAppliedConfig(core: ApiCore, target: ObjectTarget, obj: JsonObject): void {
  checkTypeMeta(target.def, obj, true, servesKind(core));
  const meta = metaOf(obj);
  if (meta.name === undefined) meta.name = target.name;
  checkNameMatches(obj, target.name);
  settleNamespace(target.def, obj, target.namespace);
  if (meta.managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
}

function mergeApply(core: ApiCore, def: ResourceDef, live: JsonObject | undefined, applied: JsonObject, opts: ApplyOptions, subresource: string): ApplyOutcome {
  try {
    return core.merge.serverSideApply(live, applied, {
      manager: opts.fieldManager!,
      force: opts.force,
      apiVersion: apiVersionOf(def),
      now: timestamp(core.now()),
      schema: def.schema,
      statusSubresource: hasSubresource(def, 'status'),
      ...(subresource ? { subresource } : {}),
    });
  } catch (err) {
    if (err instanceof ServerSideApplyError) throw badRequest(err.serverMessage);
    if (isSluiceError(err)) throw badRequest(err.message);
    throw err;
  }
}

/** PATCH with `application/apply-patch+yaml`: server-side apply, creating the object when absent. */
export function applyVerb(core: ApiCore, target: ObjectTarget, body: JsonValue, opts: ApplyOptions): VerbResult {
  const { def } = target;
  checkApplyOptions(opts);
  const identity: ApplyIdentity = {
    objectKey: `${def.storageKey}|${target.namespace}/${target.name}|${target.subresource}`,
    manager: opts.fieldManager!, force: opts.force, fieldValidation: opts.fieldValidation, apiVersion: apiVersionOf(def),
    schemaGeneration: core.registry.generation, body: JSON.stringify(body),
  };
  const stored = core.store.get(def.storageKey, def.namespaced ? target.namespace : '', target.name);
  const repeated = repeatedNoop(core, identity, stored);
  if (repeated && stored) return { code: 200, body: toVersion(def, stored), warnings: repeated };
  const result = applyOnce(core, target, body, opts, stored);
  if (!opts.dryRun) recordApply(core, identity, stored, result.code !== 200 || metaString(result.body, 'resourceVersion') !== metaString(stored ?? {}, 'resourceVersion'), result.warnings);
  return result;
}

function applyOnce(core: ApiCore, target: ObjectTarget, body: JsonValue, opts: ApplyOptions, stored: JsonObject | undefined): VerbResult {
  const { def } = target;
  const applied = requireObject(body);
  checkAppliedConfig(core, target, applied);
  const warnings = decodeForWrite(def, applied, opts);
  if (!stored && target.subresource === 'status') getExisting(core, def, target.namespace, target.name);
  const live = stored ? toVersion(def, stored) : undefined;
  const result = mergeApply(core, def, live, applied, opts, target.subresource);
  if (!result.ok) throw applyConflict(result.message, result.conflicts);
  const obj = deepClone(result.object);
  const mode = { applied: true, subresource: target.subresource, warnings };
  if (!stored) return createObject(core, def, target.namespace, obj, opts, mode);
  if (!patchSetsResourceVersion(body)) delete metaOf(obj).resourceVersion;
  return updateObject(core, def, stored, obj, opts, mode);
}
