import type { FieldSchema } from '@sluice/k8s-schema';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import { keyElement, printPathElement, serializePathElement, type PathElement } from './path.js';

/** How server-side apply treats a value at some schema node (structured-merge-diff's resolved atom). */
export type Shape =
  | { readonly kind: 'scalar'; readonly scalar: 'string' | 'numeric' | 'boolean' | 'untyped' }
  | { readonly kind: 'list'; readonly atomic: boolean; readonly keys: readonly string[] | undefined; readonly items: FieldSchema | undefined }
  | { readonly kind: 'map'; readonly atomic: boolean; readonly node: FieldSchema | undefined };

const UNTYPED: Shape = { kind: 'scalar', scalar: 'untyped' };
const DEDUCED_LIST: Shape = { kind: 'list', atomic: true, keys: undefined, items: undefined };
/** A free-form map: granular, its entries free-form too. */
export const DEDUCED_MAP: Shape = { kind: 'map', atomic: false, node: undefined };

/** True for nodes that describe nothing (free-form): their values are typed by what they hold ("deduced"). */
function isDeduced(node: FieldSchema | undefined): boolean {
  if (!node) return true;
  if (node.intOrString) return false;
  if (node.properties || node.additionalProperties || node.items) return false;
  return node.preserveUnknownFields === true || node.type === undefined;
}

/** A deduced value's shape: maps granular with deduced values, lists atomic, the rest scalars. */
function deducedShape(value: JsonValue | undefined): Shape {
  if (Array.isArray(value)) return DEDUCED_LIST;
  if (isJsonObject(value)) return DEDUCED_MAP;
  return UNTYPED;
}

/**
 * The list semantics of an array node: `x-kubernetes-list-type` first, then the patch strategy as the API server
 * falls back for built-ins (`merge` with a merge key: a map list keyed by it; `merge` alone: a set), else atomic.
 * `keys` is undefined for sets and atomic lists.
 */
function listShape(node: FieldSchema): Shape {
  const base = { kind: 'list' as const, items: node.items };
  if (node.listType === 'atomic') return { ...base, atomic: true, keys: undefined };
  if (node.listType === 'set') return { ...base, atomic: false, keys: undefined };
  if (node.listType === 'map') return { ...base, atomic: false, keys: node.listMapKeys?.length ? node.listMapKeys : undefined };
  const strategies = (node.patchStrategy ?? '').split(',');
  if (strategies.includes('merge') && strategies.every((s) => s === 'merge' || s === 'retainKeys')) {
    return { ...base, atomic: false, keys: node.patchMergeKey ? [node.patchMergeKey] : undefined };
  }
  return { ...base, atomic: true, keys: undefined };
}

const shapes = new WeakMap<FieldSchema, Shape | null>();

/** The shape the schema gives `node`, independent of any value (undefined for deduced nodes); cached per node. */
export function staticShape(node: FieldSchema | undefined): Shape | undefined {
  if (!node) return undefined;
  let shape = shapes.get(node);
  if (shape === undefined) {
    shape = computeShape(node) ?? null;
    shapes.set(node, shape);
  }
  return shape ?? undefined;
}

function computeShape(node: FieldSchema): Shape | undefined {
  if (isDeduced(node)) return undefined;
  const n = node!;
  if (n.intOrString) return UNTYPED;
  if (n.items || n.type === 'array') return listShape(n);
  if (n.properties || n.additionalProperties || n.type === 'object') return { kind: 'map', atomic: n.mapType === 'atomic', node: n };
  if (n.type === 'string') return { kind: 'scalar', scalar: 'string' };
  if (n.type === 'integer' || n.type === 'number') return { kind: 'scalar', scalar: 'numeric' };
  if (n.type === 'boolean') return { kind: 'scalar', scalar: 'boolean' };
  return UNTYPED;
}

/** The shape of `value` at `node`: the schema's, or for free-form nodes the one the value itself has. */
export function shapeOf(node: FieldSchema | undefined, value: JsonValue | undefined): Shape {
  return staticShape(node) ?? deducedShape(value);
}

/** True when a (non-null) value cannot be read as the shape says: a scalar where a map is expected, and so on. */
export function mismatched(shape: Shape, value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (shape.kind === 'map') return !isJsonObject(value);
  if (shape.kind === 'list') return !Array.isArray(value);
  return typeof value === 'object';
}

/** The schema of map entry `key`, and whether it is a declared (struct) field; undefined when not allowed. */
export function mapChild(shape: Shape & { kind: 'map' }, key: string): { node: FieldSchema | undefined; declared: boolean } | undefined {
  const node = shape.node;
  if (!node) return { node: undefined, declared: false };
  const declared = node.properties && Object.hasOwn(node.properties, key) ? node.properties[key] : undefined;
  if (declared) return { node: declared, declared: true };
  if (node.additionalProperties) return { node: node.additionalProperties, declared: false };
  if (node.preserveUnknownFields) return { node: undefined, declared: false };
  return undefined;
}

/**
 * Defaults of list-map key fields the API server knows from its internal models but the published OpenAPI omits
 * (`protocol` of container and service ports defaults to TCP, so `k:{"containerPort":80,"protocol":"TCP"}`).
 */
const BUILTIN_KEY_DEFAULTS: Readonly<Record<string, Readonly<Record<string, JsonValue>>>> = {
  'io.k8s.api.core.v1.ContainerPort': { protocol: 'TCP' },
  'io.k8s.api.core.v1.ServicePort': { protocol: 'TCP' },
  'io.k8s.api.core.v1.EndpointPort': { protocol: 'TCP' },
  'io.k8s.api.discovery.v1.EndpointPort': { protocol: 'TCP' },
};

function keyDefault(items: FieldSchema | undefined, key: string): JsonValue | undefined {
  const declared = items?.properties?.[key]?.default;
  if (declared !== undefined) return declared as JsonValue;
  return items?.ref ? BUILTIN_KEY_DEFAULTS[items.ref]?.[key] : undefined;
}

/**
 * The path element of a list element: `k:` from a list map's key fields (schema defaults filling missing keys),
 * `v:` for set elements, `i:` for atomic lists. Returns the API server's error text when the element cannot be
 * keyed.
 */
export function elementPathElement(shape: Shape & { kind: 'list' }, item: JsonValue, index: number): PathElement | string {
  if (shape.atomic) return { kind: 'index', index };
  if (shape.keys) return keyedElement(shape, item);
  if (item === null) return "associative list without keys has an element that's an explicit null";
  if (Array.isArray(item)) return 'not supported: associative list with lists as elements';
  if (typeof item === 'object') return "associative list without keys has an element that's a map type";
  return { kind: 'value', value: item };
}

function keyedElement(shape: Shape & { kind: 'list' }, item: JsonValue): PathElement | string {
  if (item === null) return 'associative list with keys may not have a null element';
  if (!isJsonObject(item)) return 'associative list with keys may not have non-map elements';
  const fields: [string, JsonValue][] = [];
  for (const key of shape.keys!) {
    const value = Object.hasOwn(item, key) ? (item as JsonObject)[key]! : keyDefault(shape.items, key);
    if (value === undefined) return `associative list with keys has an element that omits key field ${JSON.stringify(key)} (and doesn't have default value)`;
    fields.push([key, value]);
  }
  return keyElement(fields);
}

/** A list element with its path element and that element's serialized form (its identity). */
export interface IndexedItem {
  readonly pe: PathElement;
  readonly key: string;
  readonly value: JsonValue;
  readonly index: number;
}

/**
 * A list's elements with their path elements, in order and including repeated keys (live objects may hold them,
 * as the API server allows duplicates in stored objects). `errors` holds elements that cannot be keyed,
 * `duplicates` the repeated keys, both in the API server's wording.
 */
export function indexList(shape: Shape & { kind: 'list' }, list: readonly JsonValue[]): { items: IndexedItem[]; errors: string[]; duplicates: string[] } {
  const items: IndexedItem[] = [];
  const errors: string[] = [];
  const duplicates: string[] = [];
  const seen = new Set<string>();
  list.forEach((value, index) => {
    const pe = elementPathElement(shape, value, index);
    if (typeof pe === 'string') {
      errors.push(`element ${index}: ${pe}`);
      return;
    }
    const key = serializePathElement(pe);
    if (seen.has(key)) duplicates.push(`duplicate entries for key ${printPathElement(pe)}`);
    seen.add(key);
    items.push({ pe, key, value, index });
  });
  return { items, errors, duplicates };
}

/** The first element of each key, as the API server reads a list with repeated keys when comparing. */
export function firstOfEachKey(items: readonly IndexedItem[]): IndexedItem[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.key) && (seen.add(i.key), true));
}
