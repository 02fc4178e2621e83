import { object, Schema, string, type ObjectNode, type Presence, type SchemaNode } from '../schema/schema.js';
import { objectMetaSchema } from './meta.js';

/** A column `kubectl get` shows for a kind (`additionalPrinterColumns`). */
export interface PrinterColumn {
  readonly name: string;
  readonly type: 'string' | 'date' | 'integer' | 'boolean' | 'number';
  readonly jsonPath: string;
}

/** An older API version Flux still serves (or served) for a kind, and how its objects map onto the current one. */
export interface LegacyVersion {
  /** The version, e.g. `v1beta2`. */
  readonly version: string;
  /** The schema of that version: the current one plus the fields it had that were since removed. */
  readonly schema: Schema<unknown, Presence>;
  /**
   * Turns a validated object of this version into the current version's shape (apiVersion rewritten, removed
   * fields dropped or translated) and says what it changed.
   */
  readonly convert: (value: Record<string, unknown>) => { value: Record<string, unknown>; warnings: string[] };
}

/** Everything Sluice knows about one Flux kind: identity, CRD names, schema and served versions. */
export interface KindDefinition<T> {
  readonly group: string;
  readonly kind: string;
  /** The current (storage) version. */
  readonly version: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly printerColumns: readonly PrinterColumn[];
  /** Whether the kind has a `status` subresource (Alert and Provider v1beta3 do not). */
  readonly statusSubresource: boolean;
  /** One-line description, the CRD's top-level `description`. */
  readonly description: string;
  readonly schema: Schema<T, Presence>;
  readonly legacyVersions: readonly LegacyVersion[];
}

/** `group/version` of a kind's current version. */
export function apiVersionOf(def: Pick<KindDefinition<unknown>, 'group' | 'version'>): string {
  return `${def.group}/${def.version}`;
}

function topLevelFields<S>(spec: Schema<S, Presence>) {
  return {
    apiVersion: string().required().describe('APIVersion defines the versioned schema of this representation of an object.'),
    kind: string().required().describe('Kind is a string value representing the REST resource this object represents.'),
    metadata: objectMetaSchema.required(),
    spec: spec.required(),
  };
}

/** The top-level schema of a kind without status (Alert, Provider): apiVersion, kind, metadata, spec. */
export function topLevelSchema<S>(spec: Schema<S, Presence>) {
  return object(topLevelFields(spec));
}

/** The top-level schema of a kind with a status subresource; the CRD defaults status to `{observedGeneration: -1}` as Flux's do. */
export function topLevelSchemaWithStatus<S, St>(spec: Schema<S, Presence>, status: Schema<St, Presence>) {
  return object({ ...topLevelFields(spec), status: status.crdDefault({ observedGeneration: -1 }) });
}

/** Printer columns every Flux kind with conditions has, in Flux's order. */
export const READY_COLUMNS: readonly PrinterColumn[] = [
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  { name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].message' },
];

/** The single printer column of kinds without status. */
export const AGE_COLUMN: readonly PrinterColumn[] = [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];

/**
 * Derives a legacy version's schema from the current one by adding, under `spec` (or deeper, by path), the
 * fields the legacy version had. Fields that exist in both versions keep the current definition.
 */
export function withLegacyFields(
  current: Schema<unknown, Presence>,
  extras: ReadonlyArray<{ path: readonly string[]; fields: Record<string, Schema<unknown, Presence>> }>,
): Schema<unknown, Presence> {
  const root = structuredCloneNode(current.node);
  for (const { path, fields } of extras) {
    let node = root;
    for (const key of ['spec', ...path]) {
      const child = asObject(node).properties[key];
      if (child === undefined) throw new Error(`legacy schema: no field ${key} under ${path.join('.')}`);
      node = child;
    }
    for (const [key, schema] of Object.entries(fields)) asObject(node).properties[key] = schema.node;
  }
  return new Schema<unknown, Presence>(root, current.presence);
}

/** A conversion that only rewrites `apiVersion` and drops the listed spec fields, warning about each one present. */
export function convertByDropping(
  toApiVersion: string,
  dropped: ReadonlyArray<{ path: readonly string[]; field: string; why: string }>,
): LegacyVersion['convert'] {
  return (value) => {
    const warnings: string[] = [];
    const out = { ...value, apiVersion: toApiVersion };
    for (const { path, field, why } of dropped) {
      const parent = dig(out, ['spec', ...path]);
      if (parent !== undefined && Object.hasOwn(parent, field)) {
        delete parent[field];
        warnings.push(`${['spec', ...path, field].join('.')} was dropped: ${why}`);
      }
    }
    return { value: out, warnings };
  };
}

/** Walks (and shallow-copies on the way, so the input stays untouched) to the object at `path`. */
export function dig(root: Record<string, unknown>, path: readonly string[]): Record<string, unknown> | undefined {
  let node: Record<string, unknown> = root;
  for (const key of path) {
    const child = node[key];
    if (typeof child !== 'object' || child === null || Array.isArray(child)) return undefined;
    const copy = { ...(child as Record<string, unknown>) };
    node[key] = copy;
    node = copy;
  }
  return node;
}

function asObject(node: SchemaNode): ObjectNode {
  if (node.type !== 'object') throw new Error(`legacy schema: expected an object node, found ${node.type}`);
  return node;
}

function structuredCloneNode(node: SchemaNode): SchemaNode {
  // Nodes hold functions (refinements, rules), so clone the tree by hand, sharing leaves.
  if (node.type === 'object') {
    const properties: Record<string, SchemaNode> = {};
    for (const [key, child] of Object.entries(node.properties)) properties[key] = structuredCloneNode(child);
    return { ...node, properties, required: [...node.required] };
  }
  if (node.type === 'array') return { ...node, items: structuredCloneNode(node.items) };
  if (node.type === 'map') return { ...node, values: structuredCloneNode(node.values) };
  return { ...node };
}
