/**
 * The OpenAPI paths and definitions of custom resources, in swagger 2.0 form (converted to v3 with the built-in
 * ones): the CRD's schema with apiVersion, kind and ObjectMeta, its list type, and one operation per verb.
 */
import type { JsonObject, JsonValue } from '../json.js';
import type { ResourceDef } from '../registry/resource.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/** `com.example.v1.Widget` for group `example.com`. */
export function definitionName(def: Pick<ResourceDef, 'group' | 'version'>, kind: string): string {
  return `${def.group.split('.').reverse().join('.')}.${def.version}.${kind}`;
}

const API_VERSION_DOC = 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DOC = 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const METADATA_DOC = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

function gvk(def: ResourceDef, kind: string): JsonValue {
  return [{ group: def.group, kind, version: def.version }];
}

function objectSchema(def: ResourceDef): JsonObject {
  const raw = def.custom?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const properties = (raw.properties && typeof raw.properties === 'object' && !Array.isArray(raw.properties) ? raw.properties : {}) as JsonObject;
  return {
    ...raw,
    type: 'object',
    properties: {
      ...properties,
      apiVersion: { description: API_VERSION_DOC, type: 'string' },
      kind: { description: KIND_DOC, type: 'string' },
      metadata: { $ref: `#/definitions/${META}.ObjectMeta`, description: METADATA_DOC },
    },
    'x-kubernetes-group-version-kind': gvk(def, def.kind),
  };
}

function listSchema(def: ResourceDef): JsonObject {
  return {
    description: `${def.kind}List is a list of ${def.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { description: API_VERSION_DOC, type: 'string' },
      items: { description: `List of ${def.resource}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`, type: 'array', items: { $ref: `#/definitions/${definitionName(def, def.kind)}` } },
      kind: { description: KIND_DOC, type: 'string' },
      metadata: { $ref: `#/definitions/${META}.ListMeta`, description: 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds' },
    },
    'x-kubernetes-group-version-kind': gvk(def, def.listKind),
  };
}

/** Definitions of every custom resource in `defs`. */
export function customResourceDefinitions(defs: readonly ResourceDef[]): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const d of defs) {
    out[definitionName(d, d.kind)] = objectSchema(d);
    out[definitionName(d, d.listKind)] = listSchema(d);
  }
  return out;
}

function query(name: string, description: string, type = 'string'): JsonObject {
  return { name, in: 'query', description, type, uniqueItems: true };
}

const DRY_RUN = query('dryRun', 'When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed');
const FIELD_MANAGER = query('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.');
const FIELD_VALIDATION = query('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict');
const FORCE = query('force', 'Force is going to "force" Apply requests. It means user will re-acquire conflicting fields owned by other people.', 'boolean');
const LIST_PARAMS = ['allowWatchBookmarks', 'continue', 'fieldSelector', 'labelSelector', 'limit', 'resourceVersion', 'resourceVersionMatch', 'timeoutSeconds', 'watch']
  .map((n) => query(n, `${n} of the list or watch`, ['allowWatchBookmarks', 'watch'].includes(n) ? 'boolean' : n === 'limit' || n === 'timeoutSeconds' ? 'integer' : 'string'));

function ref(name: string): JsonObject {
  return { $ref: `#/definitions/${name}` };
}

function op(def: ResourceDef, action: string, kind: string, description: string, params: JsonValue[], response: string, body?: string): JsonObject {
  const parameters: JsonValue[] = body ? [{ name: 'body', in: 'body', required: true, schema: ref(body) }, ...params] : params;
  return {
    description,
    operationId: `${action}${def.kind}`,
    parameters,
    responses: { 200: { description: 'OK', schema: ref(response) }, 401: { description: 'Unauthorized' } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: def.group, kind, version: def.version },
  };
}

function itemPaths(def: ResourceDef, base: string): Record<string, JsonValue> {
  const obj = definitionName(def, def.kind);
  const out: Record<string, JsonValue> = {};
  out[`${base}/{name}`] = {
    get: op(def, 'get', def.kind, `read the specified ${def.kind}`, [], obj),
    put: op(def, 'put', def.kind, `replace the specified ${def.kind}`, [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION], obj, obj),
    patch: op(def, 'patch', def.kind, `partially update the specified ${def.kind}`, [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE], obj, `${META}.Patch`),
    delete: op(def, 'delete', def.kind, `delete a ${def.kind}`, [DRY_RUN], `${META}.Status`, `${META}.DeleteOptions`),
    parameters: [{ name: 'name', in: 'path', required: true, type: 'string', uniqueItems: true, description: `name of the ${def.kind}` }],
  };
  for (const sub of def.subresources) {
    const target = sub.kind === 'Scale' ? 'io.k8s.api.autoscaling.v1.Scale' : obj;
    out[`${base}/{name}/${sub.name}`] = {
      get: op(def, 'get', sub.kind, `read ${sub.name} of the specified ${def.kind}`, [], target),
      put: op(def, 'put', sub.kind, `replace ${sub.name} of the specified ${def.kind}`, [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION], target, target),
      patch: op(def, 'patch', sub.kind, `partially update ${sub.name} of the specified ${def.kind}`, [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE], target, `${META}.Patch`),
    };
  }
  return out;
}

/** Paths of every custom resource in `defs`. */
export function customResourcePaths(defs: readonly ResourceDef[]): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const d of defs) {
    const root = `/apis/${d.group}/${d.version}`;
    const base = d.namespaced ? `${root}/namespaces/{namespace}/${d.resource}` : `${root}/${d.resource}`;
    const list = definitionName(d, d.listKind);
    const obj = definitionName(d, d.kind);
    out[base] = {
      get: op(d, 'list', d.kind, `list objects of kind ${d.kind}`, LIST_PARAMS, list),
      post: op(d, 'post', d.kind, `create a ${d.kind}`, [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION], obj, obj),
      delete: op(d, 'deletecollection', d.kind, `delete collection of ${d.kind}`, [DRY_RUN, ...LIST_PARAMS], `${META}.Status`),
    };
    if (d.namespaced) out[`${root}/${d.resource}`] = { get: op(d, 'list', d.kind, `list objects of kind ${d.kind}`, LIST_PARAMS, list) };
    Object.assign(out, itemPaths(d, base));
  }
  return out;
}
