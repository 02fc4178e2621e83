import { openApiV2Document, type RawSchema } from './spec.js';
import type { FieldSchema, GroupVersionKind } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Node = Mutable<FieldSchema>;
type Resolve = (ref: string) => FieldSchema | undefined;

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
const NUMERIC_KEYS = [
  'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties',
] as const;
const BOOLEAN_KEYS = ['nullable', 'exclusiveMinimum', 'exclusiveMaximum', 'uniqueItems'] as const;

function isRecord(v: unknown): v is RawSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined;
}

/** Copies the scalar keywords and Kubernetes extensions of `raw` onto `node`. */
function copyKeywords(raw: RawSchema, node: Node): void {
  if (typeof raw.type === 'string' && TYPES.has(raw.type)) node.type = raw.type as NonNullable<FieldSchema['type']>;
  if (typeof raw.description === 'string') node.description = raw.description;
  if (typeof raw.format === 'string') node.format = raw.format;
  if (typeof raw.pattern === 'string') node.pattern = raw.pattern;
  if (Array.isArray(raw.enum)) node.enum = raw.enum;
  if ('default' in raw) node.default = raw.default;
  const required = stringList(raw.required);
  if (required) node.required = required;
  for (const k of NUMERIC_KEYS) if (typeof raw[k] === 'number') node[k] = raw[k];
  for (const k of BOOLEAN_KEYS) if (typeof raw[k] === 'boolean') node[k] = raw[k];
  const strategy = raw['x-kubernetes-patch-strategy'];
  if (typeof strategy === 'string') node.patchStrategy = strategy;
  const mergeKey = raw['x-kubernetes-patch-merge-key'];
  if (typeof mergeKey === 'string') node.patchMergeKey = mergeKey;
  const listType = raw['x-kubernetes-list-type'];
  if (listType === 'atomic' || listType === 'set' || listType === 'map') node.listType = listType;
  const mapKeys = stringList(raw['x-kubernetes-list-map-keys']);
  if (mapKeys) node.listMapKeys = mapKeys;
  const mapType = raw['x-kubernetes-map-type'];
  if (mapType === 'atomic' || mapType === 'granular') node.mapType = mapType;
  if (raw['x-kubernetes-int-or-string'] === true || raw.format === 'int-or-string') {
    node.intOrString = true;
    delete node.type;
  }
  if (raw['x-kubernetes-preserve-unknown-fields'] === true) node.preserveUnknownFields = true;
  if (raw['x-kubernetes-embedded-resource'] === true) node.embeddedResource = true;
}

/** Fills `node` from `raw`, resolving `$ref`s through `resolve`; children are converted recursively. */
function fill(raw: RawSchema, node: Node, resolve: Resolve): void {
  copyKeywords(raw, node);
  if (isRecord(raw.properties)) {
    const props: Record<string, FieldSchema> = {};
    for (const [name, child] of Object.entries(raw.properties)) if (isRecord(child)) props[name] = convert(child, resolve);
    node.properties = props;
  }
  if (isRecord(raw.additionalProperties)) node.additionalProperties = convert(raw.additionalProperties, resolve);
  else if (raw.additionalProperties === true) node.additionalProperties = { preserveUnknownFields: true };
  if (isRecord(raw.items)) node.items = convert(raw.items, resolve);
  const freeForm = !node.properties && !node.additionalProperties && !node.items && !node.intOrString;
  if (freeForm && (node.type === 'object' || node.type === undefined)) node.preserveUnknownFields = true;
}

/** Keys that may sit beside a `$ref` without making the node differ from its target. */
const REF_SIBLINGS_IGNORED = new Set(['$ref', 'description']);

function convert(raw: RawSchema, resolve: Resolve): FieldSchema {
  const ref = typeof raw.$ref === 'string' ? raw.$ref : refOfAllOf(raw);
  if (ref !== undefined) {
    const target = resolve(ref.replace(/^#\/(definitions|components\/schemas)\//, ''));
    if (!target) return { preserveUnknownFields: true };
    if (Object.keys(raw).every((k) => REF_SIBLINGS_IGNORED.has(k) || k === 'allOf')) return target;
    const node: Node = { ...target };
    copyKeywords(raw, node);
    return node;
  }
  const node: Node = {};
  fill(raw, node, resolve);
  return node;
}

/** OpenAPI v3 spells a described reference as `allOf: [{ $ref }]`. */
function refOfAllOf(raw: RawSchema): string | undefined {
  if (!Array.isArray(raw.allOf) || raw.allOf.length !== 1) return undefined;
  const only: unknown = raw.allOf[0];
  return isRecord(only) && typeof only.$ref === 'string' ? only.$ref : undefined;
}

const definitionCache = new Map<string, FieldSchema>();

/** The converted schema of a spec definition, built once; cycles resolve to the node under construction. */
function definition(name: string): FieldSchema | undefined {
  const hit = definitionCache.get(name);
  if (hit) return hit;
  const raw = openApiV2Document().definitions[name];
  if (!isRecord(raw)) return undefined;
  const node: Node = { ref: name };
  definitionCache.set(name, node);
  fill(raw, node, definition);
  return node;
}

let byGvk: Map<string, string> | undefined;

function gvkKey(g: GroupVersionKind): string {
  return `${g.group}/${g.version}/${g.kind}`;
}

/** The whole-object schema of a built-in kind (any version in the spec), or undefined when the kind is unknown. */
export function builtinSchema(gvk: GroupVersionKind): FieldSchema | undefined {
  if (!byGvk) {
    byGvk = new Map();
    for (const [name, raw] of Object.entries(openApiV2Document().definitions)) {
      const list = raw['x-kubernetes-group-version-kind'];
      if (Array.isArray(list)) for (const g of list as GroupVersionKind[]) byGvk.set(gvkKey(g), name);
    }
  }
  const name = byGvk.get(gvkKey(gvk));
  return name === undefined ? undefined : definition(name);
}

/** The schema of a named definition of the built-in spec (`io.k8s.api.core.v1.Container`). */
export function builtinDefinition(name: string): FieldSchema | undefined {
  return definition(name);
}

/**
 * Converts a CRD version's `openAPIV3Schema` (untrusted input) into a {@link FieldSchema}. Anything that is not a
 * schema object becomes a free-form node; this never throws. Use {@link crdObjectSchema} for a whole object.
 */
export function schemaFromOpenApiV3(schema: unknown): FieldSchema {
  if (!isRecord(schema)) return { preserveUnknownFields: true };
  return convert(schema, () => undefined);
}

/**
 * The whole-object schema of a custom resource: its CRD's `openAPIV3Schema` with `apiVersion`, `kind` and the
 * standard `metadata` (ObjectMeta) grafted in, as the API server treats them.
 */
export function crdObjectSchema(openAPIV3Schema: unknown): FieldSchema {
  const root = schemaFromOpenApiV3(openAPIV3Schema);
  const meta = definition(OBJECT_META);
  return {
    ...root,
    type: 'object',
    properties: {
      ...root.properties,
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      ...(meta ? { metadata: meta } : {}),
    },
  };
}

/** The schema of field `name` inside an object or map node, or undefined when the schema does not describe it. */
export function fieldSchema(node: FieldSchema | undefined, name: string): FieldSchema | undefined {
  if (!node) return undefined;
  return node.properties?.[name] ?? node.additionalProperties ?? (node.preserveUnknownFields ? FREE_FORM : undefined);
}

/** A node that accepts anything; what {@link fieldSchema} returns below a preserve-unknown-fields node. */
export const FREE_FORM: FieldSchema = Object.freeze({ preserveUnknownFields: true });
