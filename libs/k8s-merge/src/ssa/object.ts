import type { FieldSchema } from '@sluice/k8s-schema';
import { fieldSchema } from '@sluice/k8s-schema';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import { encodeManagedFields, type Managed } from './managed-fields.js';

/** `Kind/namespace/name` (or `Kind/name`) of an object, for error messages. */
export function subjectOf(obj: JsonObject | undefined): string {
  const meta = isJsonObject(obj?.metadata) ? obj.metadata : {};
  const kind = typeof obj?.kind === 'string' ? obj.kind : 'object';
  const parts = [kind, meta.namespace, meta.name].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.join('/');
}

/** The API server's `namespace/name; group/version, Kind=Kind` rendering used in apply errors. */
export function gvknn(obj: JsonObject): string {
  const meta = isJsonObject(obj.metadata) ? obj.metadata : {};
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const gv = apiVersion.includes('/') ? apiVersion : `/${apiVersion}`;
  const text = (v: JsonValue | undefined) => (typeof v === 'string' ? v : '');
  return `${text(meta.namespace)}/${text(meta.name)}; ${gv}, Kind=${text(obj.kind)}`;
}

/** A shallow copy of `obj` without metadata.managedFields (the API server strips it before merging). */
export function withoutManagedFields(obj: JsonObject): JsonObject {
  if (!isJsonObject(obj.metadata) || !Object.hasOwn(obj.metadata, 'managedFields')) return obj;
  const metadata = { ...obj.metadata };
  delete metadata.managedFields;
  return { ...obj, metadata };
}

/** `obj` with metadata.managedFields set from `managed` (removed when there are no managers). */
export function withManagedFields(obj: JsonObject, managed: Managed): JsonObject {
  const entries = encodeManagedFields(managed);
  if (!entries && !isJsonObject(obj.metadata)) return obj;
  const metadata: JsonObject = isJsonObject(obj.metadata) ? { ...obj.metadata } : {};
  delete metadata.managedFields;
  if (entries) metadata.managedFields = entries as unknown as JsonValue[];
  return { ...obj, metadata };
}

/**
 * Drops null map entries, as decoding into the typed object (or pruning non-nullable nulls of custom resources)
 * does before the API server persists an object; fields the schema marks nullable keep their null.
 */
export function dropNulls(value: JsonValue, schema: FieldSchema | undefined): JsonValue {
  if (Array.isArray(value)) return value.map((item) => dropNulls(item, schema?.items));
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    const child = fieldSchema(schema, k);
    if (v === null && child?.nullable !== true) continue;
    out[k] = dropNulls(v, child);
  }
  return out;
}
