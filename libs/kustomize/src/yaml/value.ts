/**
 * The in-memory form of a YAML value after kustomize's decoding (go-yaml v3 into `interface{}`): scalars are
 * already resolved (`1` is a number, `"1"` a string, `yes` a string, `~` null). Integers beyond 2^53 are bigints so
 * they print exactly. Maps are null-prototype objects so hostile keys such as `__proto__` stay plain data.
 */
export type Scalar = null | boolean | number | bigint | string;
/** A YAML map. Always create one with {@link newMap}. */
export interface YMap {
  [key: string]: YValue;
}
export type YValue = Scalar | YValue[] | YMap;

/** A fresh, empty, null-prototype map. */
export function newMap(): YMap {
  return Object.create(null) as YMap;
}

/** True for maps (not arrays, not null). */
export function isMap(v: YValue | undefined): v is YMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True for sequences. */
export function isSeq(v: YValue | undefined): v is YValue[] {
  return Array.isArray(v);
}

/** A deep copy; scalars are shared (they are immutable). */
export function deepCopy<T extends YValue>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => deepCopy(x)) as T;
  if (isMap(v)) {
    const out = newMap();
    for (const k of Object.keys(v)) out[k] = deepCopy(v[k]!);
    return out as T;
  }
  return v;
}

/** Structural equality of two values (map key order ignored, as in the printed output). */
export function deepEqual(a: YValue | undefined, b: YValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Builds a map from entries, keeping their order. */
export function mapOf(entries: Iterable<readonly [string, YValue]>): YMap {
  const out = newMap();
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** The text of a scalar as kyaml would hold it in a node's `Value` (`null` → `null`, numbers as Go prints ints). */
export function scalarText(v: Scalar): string {
  if (v === null) return 'null';
  return String(v);
}
