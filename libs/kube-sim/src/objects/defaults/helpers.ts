import { isJsonObject, type JsonObject, type JsonValue } from '../../json.js';

/** Sets `obj[key]` to `value` when absent (or null). */
export function setDefault(obj: JsonObject, key: string, value: JsonValue): void {
  if (obj[key] === undefined || obj[key] === null) obj[key] = value;
}

/** The object at `obj[key]`, created when absent; for defaulting nested structs. */
export function child(obj: JsonObject, key: string): JsonObject {
  const v = obj[key];
  if (isJsonObject(v)) return v;
  const fresh: JsonObject = {};
  obj[key] = fresh;
  return fresh;
}

/** The objects of the list at `obj[key]` (non-objects skipped). */
export function items(obj: JsonObject | undefined, key: string): JsonObject[] {
  const v = obj?.[key];
  return Array.isArray(v) ? v.filter(isJsonObject) : [];
}

/** The object at `obj[key]` if present. */
export function maybe(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  const v = obj?.[key];
  return isJsonObject(v) ? v : undefined;
}
