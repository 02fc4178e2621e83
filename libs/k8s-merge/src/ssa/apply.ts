import type { FieldSchema } from '@sluice/k8s-schema';
import { ManagedFieldsError, ServerSideApplyError } from '../errors.js';
import { isJsonObject, jsonEqual, jsonKind, type JsonObject } from '../json.js';
import { conflictList, conflictMessage, type ApplyConflict } from './conflicts.js';
import type { FieldSet } from './field-set.js';
import { KUBECTL_MANAGER, fieldsAllowedByLastApplied, syncLastApplied } from './last-applied.js';
import { mergeValues } from './merge-values.js';
import { capUpdateManagers, copyManaged, decodeManagedFields, formatTime, managerIdentifier, type Managed } from './managed-fields.js';
import { dropNulls, gvknn, subjectOf, withManagedFields, withoutManagedFields } from './object.js';
import { ignoredFields, resetFields } from './reset.js';
import { formatValidationErrors, toFieldSet } from './to-field-set.js';
import { reconcileWithSchema } from './reconcile-schema.js';
import { emptyObjectFor, recordUpdate } from './track-update.js';
import { prune, reconcileManagers, stripMeta } from './updater.js';

/** The Update manager the API server gives the existing fields of an object applied to for the first time. */
export const BEFORE_FIRST_APPLY = 'before-first-apply';

/** Options of {@link serverSideApply}. */
export interface ApplyOptions {
  /** The fieldManager of the request; names the `Apply` entry. */
  manager: string;
  /** Take ownership of contested fields instead of reporting conflicts (`force=true`). */
  force: boolean;
  /** The API version of the request, recorded in the entry. */
  apiVersion: string;
  /** The request time (RFC 3339), recorded when the object changes. */
  now: string;
  /** Whole-object schema (built-in or crdObjectSchema); undefined = atomic lists, granular maps throughout. */
  schema: FieldSchema | undefined;
  /** `status` when applying to the status subresource. */
  subresource?: string;
  /** Whether the resource has a status subresource (default true); false for CRDs without one, where `status` is ordinary. */
  statusSubresource?: boolean;
}

/** Outcome of {@link serverSideApply}: the object to persist, or the conflicts in the API server's words. */
export type ApplyResult =
  | { ok: true; object: JsonObject }
  | { ok: false; conflicts: ApplyConflict[]; message: string };

/**
 * Server-side apply of `applied` (a partial object) onto `live` (undefined to create), as structured-merge-diff
 * does it inside the API server: the configuration merges in by list and map semantics; fields other managers own
 * and the apply would change are conflicts unless `force`; fields this manager applied before and no longer does
 * are removed unless someone else owns them; `metadata.managedFields` is updated (the entry's time only when the
 * object changes). An existing object without managedFields first has its fields recorded for `before-first-apply`
 * (operation Update), so the apply conflicts where it would change them. For the manager `kubectl`, conflicts on
 * fields the client-side last-applied annotation holds are taken over, and that annotation is kept in step with
 * the applied configuration, as the API server does to let `kubectl apply --server-side` upgrade from client-side
 * apply. The endpoint's reset part is put back ({@link resetFields}), nulls are dropped, and
 * never-tracked fields (apiVersion, kind, metadata.name, ...) stay unowned.
 *
 * Throws {@link ServerSideApplyError} when the configuration does not fit the schema (undeclared field, list
 * element without its key, duplicate keys) or carries managedFields, and {@link ManagedFieldsError} when the live
 * object's managedFields cannot be decoded. Never mutates its inputs; deterministic.
 */
export function serverSideApply(live: JsonObject | undefined, applied: JsonObject, opts: ApplyOptions): ApplyResult {
  const subject = subjectOf(applied);
  validateConfig(applied, opts.schema, subject);
  const outcome = applyOnce(live, applied, opts, opts.force);
  if (!('conflicts' in outcome)) {
    const object = opts.manager === KUBECTL_MANAGER ? syncLastApplied(outcome.object, applied) : outcome.object;
    return { ok: true, object };
  }
  let conflicts = outcome.conflicts;
  if (live && opts.manager === KUBECTL_MANAGER) {
    // Upgrading from client-side apply: conflicts on fields the annotation says kubectl applied are forced.
    const allowed = fieldsAllowedByLastApplied(live, opts.apiVersion, opts.schema);
    const rest = new Map([...conflicts].map(([id, set]) => [id, set.difference(allowed)] as const).filter(([, set]) => !set.isEmpty()));
    if (rest.size === 0) return serverSideApply(live, applied, { ...opts, force: true });
    conflicts = rest;
  }
  const list = conflictList(conflicts);
  return { ok: false, conflicts: list.map((c) => c.conflict), message: conflictMessage(list) };
}

/** One pass of the apply: the merged object with managedFields, or the conflicts by manager identifier. */
function applyOnce(live: JsonObject | undefined, applied: JsonObject, opts: ApplyOptions, force: boolean): { object: JsonObject } | { conflicts: Map<string, FieldSet> } {
  const managed = decodeLive(live);
  const before = live ? withoutManagedFields(live) : {};
  const scope = { subresource: opts.subresource, statusSubresource: opts.statusSubresource };
  if (live && managed.fields.size === 0) {
    // The API server's skipNonAppliedManager: an untracked object's fields first go to "before-first-apply".
    recordUpdate(managed, emptyObjectFor(opts.schema), before, { ...opts, ...scope, manager: BEFORE_FIRST_APPLY });
  }
  reconcileWithSchema(managed, before, opts.schema);
  const ctx = { schema: opts.schema, ignored: ignoredFields(scope, before, applied) };
  const writer = managerIdentifier({ manager: opts.manager, operation: 'Apply', apiVersion: opts.apiVersion, subresource: opts.subresource });

  const configSet = toFieldSet(applied, opts.schema, undefined).recursiveDifference(ctx.ignored);
  const lastSet = managed.fields.get(writer)?.set;
  managed.fields.set(writer, { set: configSet, apiVersion: opts.apiVersion, applied: true });
  let merged = mergeValues(before, applied, opts.schema) as JsonObject;
  merged = prune(merged, managed, writer, lastSet, opts.schema) as JsonObject;

  const outcome = reconcileManagers(before, merged, managed, writer, force, ctx);
  if ('conflicts' in outcome) return { conflicts: outcome.conflicts };
  stripMeta(managed, writer);
  const changed = !jsonEqual(before, merged);
  if (changed) managed.times.set(writer, formatTime(opts.now));
  capUpdateManagers(managed);
  const persisted = changed ? (dropNulls(resetFields(before, merged, scope), opts.schema) as JsonObject) : before;
  return { object: withManagedFields(persisted, managed) };
}

function validateConfig(applied: JsonObject, schema: FieldSchema | undefined, subject: string): void {
  if (!isJsonObject(applied)) throw new ServerSideApplyError(subject, `the applied configuration must be an object, got ${jsonKind(applied)}`);
  const meta = applied.metadata;
  if (isJsonObject(meta) && meta.managedFields !== undefined && meta.managedFields !== null) {
    throw new ServerSideApplyError(subject, 'metadata.managedFields must be nil');
  }
  const sink = { errors: [] as string[] };
  toFieldSet(applied, schema, sink);
  if (sink.errors.length > 0) {
    throw new ServerSideApplyError(subject, `failed to create typed patch object (${gvknn(applied)}): ${formatValidationErrors(sink.errors)}`);
  }
}

function decodeLive(live: JsonObject | undefined): Managed {
  if (!live) return copyManaged(decodeManagedFields(undefined));
  const meta = isJsonObject(live.metadata) ? live.metadata : {};
  try {
    return decodeManagedFields(meta.managedFields);
  } catch (err) {
    if (err instanceof ManagedFieldsError) throw new ManagedFieldsError(err.message.replace(/^invalid managedFields: /, ''), subjectOf(live));
    throw err;
  }
}
