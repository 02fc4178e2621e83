// Objects reach CEL as Go's unstructured decoding would hand them over: integers as int, other numbers as double.
import { isMapping } from '../object-ref.js';

/** `value` converted for the CEL evaluator: integer numbers become BigInt (CEL `int`), mappings lose prototypes. */
export function toCelValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCelValue);
  if (value instanceof Date) return value.toISOString();
  if (isMapping(value)) return toCelMapping(value);
  return value;
}

/** A prototype-free copy of `mapping` with every value converted by {@link toCelValue}. */
export function toCelMapping(mapping: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const converted: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, entry] of Object.entries(mapping)) converted[key] = toCelValue(entry);
  return converted;
}

/** CEL equality over converted values: numbers compare by value across int and double, containers deeply. */
export function celEquals(a: unknown, b: unknown): boolean {
  const numeric = (v: unknown): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';
  if (numeric(a) && numeric(b)) return typeof a === typeof b ? a === b : Number(a) === Number(b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && a.every((byte, i) => byte === b[i]);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => celEquals(item, b[i]));
  }
  if (isMapping(a) && isMapping(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && celEquals(a[k], b[k]));
  }
  return a === b;
}
