import type { FieldSchema } from '@sluice/k8s-schema';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import { capUpdateManagers, decodeManagedFields, emptyManaged, formatTime, managerIdentifier, type Managed } from './managed-fields.js';
import { withManagedFields, withoutManagedFields } from './object.js';
import { reconcileWithSchema } from './reconcile-schema.js';
import { ignoredFields, type WriteScope } from './reset.js';
import { reconcileManagers, stripMeta } from './updater.js';

/** Options of {@link trackUpdate}. */
export interface UpdateOptions {
  /** The fieldManager (or user-agent derived name) of the write; names the `Update` entry. */
  manager: string;
  /** The API version of the request, part of the entry's identity. */
  apiVersion: string;
  /** The request time (RFC 3339), recorded when the manager gains fields. */
  now: string;
  /** Whole-object schema (built-in or crdObjectSchema); undefined = atomic lists, granular maps throughout. */
  schema: FieldSchema | undefined;
  /** `status` for writes to the status subresource. */
  subresource?: string;
  /** Whether the resource has a status subresource (default true); false for CRDs without one. */
  statusSubresource?: boolean;
}

/** The pseudo-manager the API server computes a write's own changes under before folding them into its entry. */
const CURRENT_OPERATION = 'current-operation';

function managedFieldsOf(obj: JsonObject | undefined): JsonValue | undefined {
  return isJsonObject(obj?.metadata) ? obj.metadata.managedFields : undefined;
}

/** `[]` or `[{}]`: the request asks to clear managedFields. */
function isReset(raw: JsonValue | undefined): boolean {
  if (!Array.isArray(raw)) return false;
  return raw.length === 0 || (raw.length === 1 && isJsonObject(raw[0]) && Object.keys(raw[0]).length === 0);
}

/** Decoded managedFields, or none when they cannot be decoded (the API server then ignores them). */
export function decodeOrEmpty(raw: JsonValue | undefined): Managed {
  try {
    return decodeManagedFields(raw);
  } catch {
    return emptyManaged();
  }
}

/**
 * Which managedFields a non-apply write starts from, as the API server decides: the request's own (a client may
 * rewrite or, with `[]` / `[{}]`, clear them) unless it sent none, sent undecodable ones, or wrote a subresource;
 * then the live object's.
 */
function startingManaged(previous: JsonObject | undefined, next: JsonObject, subresource: string | undefined): Managed {
  const requested = managedFieldsOf(next);
  if (subresource === undefined) {
    if (isReset(requested)) return emptyManaged();
    const fromRequest = decodeOrEmpty(requested);
    if (fromRequest.fields.size > 0) return fromRequest;
  }
  return decodeOrEmpty(managedFieldsOf(previous));
}

/**
 * The object a create starts from. The API server compares against the kind's typed zero object, in which the
 * top-level structs of a built-in already exist; seeding them keeps a create from owning them as `.`.
 */
export function emptyObjectFor(schema: FieldSchema | undefined): JsonObject {
  if (!schema?.ref) return {};
  const out: JsonObject = {};
  for (const name of ['metadata', 'spec', 'status']) if (schema.properties?.[name]?.properties) out[name] = {};
  return out;
}

/** Who writes, and through which endpoint. */
export interface Writer extends WriteScope {
  readonly manager: string;
  readonly apiVersion: string;
  readonly now: string;
  readonly schema: FieldSchema | undefined;
}

/**
 * Records into `managed` (mutated) that `writer` changed `before` into `after` with an Update: the changed fields
 * leave every other set and join the writer's entry, whose time moves to `now`; removed fields leave all sets.
 */
export function recordUpdate(managed: Managed, before: JsonObject, after: JsonObject, writer: Writer): void {
  reconcileWithSchema(managed, before, writer.schema);
  const ignored = ignoredFields(writer, before, after);
  const outcome = reconcileManagers(before, after, managed, CURRENT_OPERATION, true, { schema: writer.schema, ignored });
  if (!('compare' in outcome)) return;
  const { added, modified, removed } = outcome.compare;
  managed.fields.set(CURRENT_OPERATION, { set: modified.union(added).difference(removed).recursiveDifference(ignored), apiVersion: writer.apiVersion, applied: false });
  stripMeta(managed, CURRENT_OPERATION);
  const current = managed.fields.get(CURRENT_OPERATION);
  managed.fields.delete(CURRENT_OPERATION);
  if (!current) return;
  const id = managerIdentifier({ manager: writer.manager, operation: 'Update', apiVersion: writer.apiVersion, subresource: writer.subresource });
  const previousSet = managed.fields.get(id)?.set;
  managed.fields.set(id, { set: previousSet ? current.set.union(previousSet) : current.set, apiVersion: writer.apiVersion, applied: false });
  managed.times.set(id, formatTime(writer.now));
  capUpdateManagers(managed);
}

/**
 * Records a non-apply write (create, update, any patch) by `manager` with operation `Update`: returns `next` with
 * metadata.managedFields updated: the fields the write added or changed belong to the manager's entry (its time
 * set to `now`) and leave every other manager's set, so a later apply by them conflicts; removed fields leave all
 * sets. As in the API server, an update of an object that has no managedFields (never tracked, or cleared by the
 * request with `[]` or `[{}]`) stays untracked until the next apply; creates (`previous` undefined) are tracked.
 * Fields the endpoint resets are not tracked: call {@link resetFields} on `next` first. Never mutates its inputs.
 */
export function trackUpdate(previous: JsonObject | undefined, next: JsonObject, opts: UpdateOptions): JsonObject {
  const managed = startingManaged(previous, next, opts.subresource);
  const after = withoutManagedFields(next);
  if (managed.fields.size === 0 && previous !== undefined) return withManagedFields(after, managed);
  const before = previous ? withoutManagedFields(previous) : emptyObjectFor(opts.schema);
  recordUpdate(managed, before, after, opts);
  return withManagedFields(after, managed);
}
