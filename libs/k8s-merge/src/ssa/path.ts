import { ManagedFieldsError } from '../errors.js';
import { compareStrings, goJson, goJsonString, goQuote } from '../go-json.js';
import { isJsonObject, type JsonValue } from '../json.js';

/**
 * One step of a field path, as structured-merge-diff models it: a struct field or map key (`f:`), a list-map element
 * by its key fields (`k:`), a set element by value (`v:`) or a position in a list (`i:`).
 */
export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'key'; readonly fields: readonly (readonly [string, JsonValue])[] }
  | { readonly kind: 'value'; readonly value: JsonValue }
  | { readonly kind: 'index'; readonly index: number };

/** A path from the object root to a field. */
export type FieldPath = readonly PathElement[];

/** A field path element. */
export function fieldElement(name: string): PathElement {
  return { kind: 'field', name };
}

/** A list-map element path element; key fields are sorted by name as the API server sorts them. */
export function keyElement(fields: readonly (readonly [string, JsonValue])[]): PathElement {
  return { kind: 'key', fields: [...fields].sort((a, b) => compareStrings(a[0], b[0])) };
}

/**
 * The fieldsV1 key of a path element: `f:name`, `k:{"name":"app"}` (Go JSON, keys sorted), `v:"x"`, `i:0`.
 * Doubles as the element's identity: two elements are equal exactly when their keys are.
 */
export function serializePathElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `f:${pe.name}`;
    case 'key':
      return `k:{${pe.fields.map(([k, v]) => `${goJsonString(k)}:${goJson(v)}`).join(',')}}`;
    case 'value':
      return `v:${goJson(pe.value)}`;
    case 'index':
      return `i:${pe.index}`;
  }
}

/** Parses a fieldsV1 key back into a path element; throws ManagedFieldsError for malformed keys. */
export function parsePathElement(key: string): PathElement | undefined {
  const prefix = key.slice(0, 2);
  const rest = key.slice(2);
  switch (prefix) {
    case 'f:':
      return fieldElement(rest);
    case 'v:':
      return { kind: 'value', value: parseJsonKey(key, rest) };
    case 'i:':
      if (!/^-?\d+$/.test(rest)) throw new ManagedFieldsError(`invalid index in path element ${JSON.stringify(key)}`);
      return { kind: 'index', index: Number(rest) };
    case 'k:': {
      const parsed = parseJsonKey(key, rest);
      if (!isJsonObject(parsed)) throw new ManagedFieldsError(`key path element ${JSON.stringify(key)} is not a JSON object`);
      return keyElement(Object.entries(parsed));
    }
    default:
      // structured-merge-diff ignores element types it does not know (a newer server may write them).
      return undefined;
  }
}

function parseJsonKey(key: string, text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (err) {
    throw new ManagedFieldsError(`path element ${JSON.stringify(key)} does not hold valid JSON: ${(err as Error).message}`);
  }
}

/** The rank of a value's type in structured-merge-diff's total order: numbers, strings, booleans, lists, maps, null. */
function typeRank(v: JsonValue): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (v !== null) return 4;
  return 5;
}

/** structured-merge-diff's value.Compare: a total order over JSON values. */
export function compareValues(a: JsonValue, b: JsonValue): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (typeof a === 'number') return Math.sign(a - (b as number));
  if (typeof a === 'string') return compareStrings(a, b as string);
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a)) return compareLists(a, b as JsonValue[]);
  if (a === null) return 0;
  return compareMaps(a, b as { [k: string]: JsonValue });
}

function compareLists(a: JsonValue[], b: JsonValue[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return Math.sign(a.length - b.length);
}

function compareMaps(a: { [k: string]: JsonValue }, b: { [k: string]: JsonValue }): number {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareStrings);
  for (const k of keys) {
    if (!Object.hasOwn(a, k)) return 1;
    if (!Object.hasOwn(b, k)) return -1;
    const c = compareValues(a[k]!, b[k]!);
    if (c !== 0) return c;
  }
  return 0;
}

const KIND_RANK = { field: 0, key: 1, value: 2, index: 3 } as const;

/** structured-merge-diff's PathElement.Compare: fields, then keys, then values, then indexes. */
export function comparePathElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return KIND_RANK[a.kind] < KIND_RANK[b.kind] ? -1 : 1;
  switch (a.kind) {
    case 'field':
      return compareStrings(a.name, (b as typeof a).name);
    case 'value':
      return compareValues(a.value, (b as typeof a).value);
    case 'index':
      return Math.sign(a.index - (b as typeof a).index);
    case 'key':
      return compareKeyFields(a.fields, (b as typeof a).fields);
  }
}

function compareKeyFields(a: readonly (readonly [string, JsonValue])[], b: readonly (readonly [string, JsonValue])[]): number {
  for (let i = 0; ; i++) {
    if (i >= a.length && i >= b.length) return 0;
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const c = compareStrings(a[i]![0], b[i]![0]) || compareValues(a[i]![1], b[i]![1]);
    if (c !== 0) return c;
  }
}

/** A value printed as structured-merge-diff's value.ToString prints it inside field paths. */
function printValue(v: JsonValue): string {
  if (typeof v === 'string') return goQuote(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(printValue).join(',')}]`;
  if (typeof v === 'object') return Object.keys(v).sort(compareStrings).map((k) => `${k}=${printValue(v[k]!)}`).join('');
  return String(v);
}

/** A path element as the API server prints it in conflict messages: `.name`, `[name="app"]`, `[="x"]`, `[0]`. */
export function printPathElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map(([k, v]) => `${k}=${printValue(v)}`).join(',')}]`;
    case 'value':
      return `[=${printValue(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

/** A field path as the API server prints it: `.spec.template.spec.containers[name="app"].image`. */
export function printFieldPath(path: FieldPath): string {
  return path.map(printPathElement).join('');
}
