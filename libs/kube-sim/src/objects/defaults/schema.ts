/**
 * Structural-schema defaulting of custom resources: every `default` of the CRD's schema is applied where the
 * field is absent and its parent object exists, recursively (also inside defaulted values).
 */
import type { FieldSchema } from '@sluice/k8s-schema';
import { deepClone, isJsonObject, type JsonValue } from '../../json.js';

function walk(v: JsonValue, schema: FieldSchema, depth: number): void {
  if (depth > 64) return;
  if (Array.isArray(v)) {
    if (schema.items) for (const item of v) walk(item, schema.items, depth + 1);
    return;
  }
  if (!isJsonObject(v)) return;
  if (schema.properties) {
    for (const [key, prop] of Object.entries(schema.properties)) {
      if (v[key] === undefined && prop.default !== undefined) v[key] = deepClone(prop.default as JsonValue);
      const child = v[key];
      if (child !== undefined) walk(child, prop, depth + 1);
    }
  }
  const extra = schema.additionalProperties;
  if (extra) {
    for (const key of Object.keys(v)) if (!schema.properties?.[key]) walk(v[key]!, extra, depth + 1);
  }
}

/** Applies the schema's defaults to `obj` in place. The metadata part of the schema carries no defaults. */
export function applySchemaDefaults(obj: JsonValue, schema: FieldSchema | undefined): void {
  if (schema) walk(obj, schema, 0);
}
