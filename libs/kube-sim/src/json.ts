/** A JSON value as the API server stores and serves it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object: every Kubernetes object, and most of their parts. */
export type JsonObject = { [key: string]: JsonValue };

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural equality of two JSON values; key order does not matter. */
export function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ak = Object.keys(a);
  if (ak.length !== Object.keys(b).length) return false;
  for (const k of ak) {
    if (!(k in b) || !deepEqual(a[k], b[k])) return false;
  }
  return true;
}

/** A deep copy of a JSON value; faster than structuredClone for plain data. */
export function deepClone<T extends JsonValue>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => deepClone(x)) as T;
  const out: JsonObject = {};
  for (const k in v) out[k] = deepClone((v as JsonObject)[k]!);
  return out as T;
}

/** The object at `obj[key]`, or undefined when absent or not an object. */
export function objectAt(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  const v = obj?.[key];
  return isJsonObject(v) ? v : undefined;
}

/** The object at `obj[key]`, created (and attached) when absent or not an object. */
export function ensureObject(obj: JsonObject, key: string): JsonObject {
  const v = obj[key];
  if (isJsonObject(v)) return v;
  const fresh: JsonObject = {};
  obj[key] = fresh;
  return fresh;
}

/** The string at `obj[key]`, or undefined. */
export function stringAt(obj: JsonObject | undefined, key: string): string | undefined {
  const v = obj?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** The number at `obj[key]`, or undefined. */
export function numberAt(obj: JsonObject | undefined, key: string): number | undefined {
  const v = obj?.[key];
  return typeof v === 'number' ? v : undefined;
}

/** The array at `obj[key]`, or an empty array. */
export function arrayAt(obj: JsonObject | undefined, key: string): JsonValue[] {
  const v = obj?.[key];
  return Array.isArray(v) ? v : [];
}

/** The value at a dotted path of object keys (`['spec', 'template', 'spec']`), or undefined. */
export function valueAtPath(obj: JsonValue | undefined, path: readonly string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = obj;
  for (const p of path) {
    if (!isJsonObject(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/** Sets `value` at a path of object keys, creating intermediate objects. */
export function setAtPath(obj: JsonObject, path: readonly string[], value: JsonValue): void {
  let cur = obj;
  for (let i = 0; i < path.length - 1; i++) cur = ensureObject(cur, path[i]!);
  cur[path[path.length - 1]!] = value;
}
