/**
 * Custom OpenAPI documents (`openapi: {path: schema.json}`): a swagger document whose definitions carry
 * `x-kubernetes-group-version-kind` and patch merge keys. Like kustomize, it replaces the built-in schema.
 */
import type { FieldSchema } from '@sluice/k8s-schema';
import type { Gvk } from '../resource/resid.js';
import { isMap } from '../yaml/value.js';
import type { YMap, YValue } from '../yaml/value.js';

interface MutableSchema {
  type?: FieldSchema['type'];
  properties?: Record<string, FieldSchema>;
  additionalProperties?: FieldSchema;
  items?: FieldSchema;
  patchStrategy?: string;
  patchMergeKey?: string;
  listMapKeys?: string[];
  ref?: string;
}

/** A resolver over a custom document: schema of a GVK, or undefined when the document lacks it. */
export function customSchemaResolver(doc: YValue): (gvk: Gvk) => FieldSchema | undefined {
  const defs = isMap(doc) && isMap(doc.definitions) ? doc.definitions : undefined;
  const cache = new Map<string, FieldSchema>();
  const byGvk = new Map<string, string>();
  if (defs) {
    for (const name of Object.keys(defs)) {
      const d = defs[name];
      const list = isMap(d) ? d['x-kubernetes-group-version-kind'] : undefined;
      if (!Array.isArray(list)) continue;
      for (const g of list) if (isMap(g)) byGvk.set(`${String(g.group ?? '')}/${String(g.version ?? '')}/${String(g.kind ?? '')}`, name);
    }
  }
  const definition = (name: string): FieldSchema | undefined => {
    const hit = cache.get(name);
    if (hit) return hit;
    const raw = defs?.[name];
    if (!isMap(raw)) return undefined;
    const node: MutableSchema = { ref: name };
    cache.set(name, node as FieldSchema);
    fill(raw, node, definition);
    return node as FieldSchema;
  };
  return (gvk) => {
    const name = byGvk.get(`${gvk.group}/${gvk.version}/${gvk.kind}`);
    return name === undefined ? undefined : definition(name);
  };
}

function convert(raw: YValue | undefined, definition: (name: string) => FieldSchema | undefined): FieldSchema | undefined {
  if (!isMap(raw)) return undefined;
  const node: MutableSchema = {};
  fill(raw, node, definition);
  return node as FieldSchema;
}

function fill(raw: YMap, node: MutableSchema, definition: (name: string) => FieldSchema | undefined): void {
  const ref = raw.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
    const target = definition(ref.slice('#/definitions/'.length));
    if (target) Object.assign(node, target);
  }
  if (typeof raw.type === 'string') node.type = raw.type as FieldSchema['type'];
  if (isMap(raw.properties)) {
    const props: Record<string, FieldSchema> = {};
    for (const k of Object.keys(raw.properties)) {
      const c = convert(raw.properties[k], definition);
      if (c) props[k] = c;
    }
    node.properties = props;
  }
  const items = convert(raw.items ?? undefined, definition);
  if (items) node.items = items;
  const ap = convert(raw.additionalProperties ?? undefined, definition);
  if (ap) node.additionalProperties = ap;
  if (typeof raw['x-kubernetes-patch-strategy'] === 'string') node.patchStrategy = raw['x-kubernetes-patch-strategy'];
  if (typeof raw['x-kubernetes-patch-merge-key'] === 'string') node.patchMergeKey = raw['x-kubernetes-patch-merge-key'];
  const lmk = raw['x-kubernetes-list-map-keys'];
  if (Array.isArray(lmk)) node.listMapKeys = lmk.map(String);
}
