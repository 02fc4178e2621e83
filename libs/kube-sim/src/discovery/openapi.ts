/**
 * OpenAPI documents: `/openapi/v2` (the built-in spec plus every served custom resource) and `/openapi/v3` with
 * one document per group/version, derived from the same paths and definitions. kubectl reads the v3 documents
 * for `explain` and to learn that the server validates fields itself (the `fieldValidation` parameter of each
 * PATCH operation).
 */
import { createHash } from 'node:crypto';
import { openApiV2Document } from '@sluice/k8s-schema';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceDef } from '../registry/resource.js';
import { customResourcePaths, customResourceDefinitions } from './openapi-custom.js';
import { openApiV2Protobuf } from './openapi-v2-proto.js';

const V2_REF = '#/definitions/';
const V3_REF = '#/components/schemas/';

/** The name of a group/version's v3 document path: `api/v1` or `apis/apps/v1`. */
export function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function collectRefs(v: JsonValue, out: Set<string>): void {
  if (Array.isArray(v)) {
    for (const x of v) collectRefs(x, out);
    return;
  }
  if (!isJsonObject(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if (k === '$ref' && typeof x === 'string') {
      const name = x.startsWith(V2_REF) ? x.slice(V2_REF.length) : x.startsWith(V3_REF) ? x.slice(V3_REF.length) : undefined;
      if (name) out.add(name);
    } else collectRefs(x, out);
  }
}

/** The definitions reachable from `roots`, by name. */
function closure(definitions: Readonly<Record<string, JsonValue>>, roots: JsonValue): Record<string, JsonValue> {
  const todo = new Set<string>();
  collectRefs(roots, todo);
  const out: Record<string, JsonValue> = {};
  for (const name of todo) {
    if (name in out) continue;
    const def = definitions[name];
    if (def === undefined) continue;
    out[name] = def;
    const more = new Set<string>();
    collectRefs(def, more);
    for (const m of more) if (!(m in out)) todo.add(m);
  }
  return out;
}

function toV3Parameter(p: JsonObject): JsonObject {
  const { type, uniqueItems, in: where, ...rest } = p;
  const schema: JsonObject = {};
  if (type !== undefined) schema.type = type;
  if (uniqueItems !== undefined) schema.uniqueItems = uniqueItems;
  return { ...rest, in: where ?? 'query', schema };
}

function toV3Operation(op: JsonObject, parameters: Readonly<Record<string, JsonValue>>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(op)) if (!['parameters', 'responses', 'consumes', 'produces', 'schemes'].includes(k)) out[k] = v;
  const params: JsonValue[] = [];
  for (const raw of Array.isArray(op.parameters) ? op.parameters : []) {
    const p = resolveParameter(raw, parameters);
    if (!p) continue;
    if (p.in === 'body') out.requestBody = { content: { '*/*': { schema: p.schema ?? {} } }, required: p.required === true };
    else params.push(toV3Parameter(p));
  }
  if (params.length > 0) out.parameters = params;
  const responses: JsonObject = {};
  for (const [code, r] of Object.entries(isJsonObject(op.responses) ? op.responses : {})) {
    if (!isJsonObject(r)) continue;
    responses[code] = r.schema === undefined
      ? { description: r.description ?? '' }
      : { description: r.description ?? '', content: { 'application/json': { schema: r.schema }, 'application/yaml': { schema: r.schema } } };
  }
  out.responses = responses;
  return out;
}

function resolveParameter(raw: JsonValue, parameters: Readonly<Record<string, JsonValue>>): JsonObject | undefined {
  if (!isJsonObject(raw)) return undefined;
  if (typeof raw.$ref === 'string') {
    const p = parameters[raw.$ref.replace('#/parameters/', '')];
    return isJsonObject(p) ? p : undefined;
  }
  return raw;
}

function toV3PathItem(item: JsonObject, parameters: Readonly<Record<string, JsonValue>>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(item)) {
    if (k === 'parameters' && Array.isArray(v)) out.parameters = v.map((p) => resolveParameter(p, parameters)).filter((p): p is JsonObject => p !== undefined).map(toV3Parameter);
    else if (isJsonObject(v)) out[k] = toV3Operation(v, parameters);
  }
  return out;
}

function rewriteRefs(v: JsonValue): JsonValue {
  return JSON.parse(JSON.stringify(v).split(`"${V2_REF}`).join(`"${V3_REF}`)) as JsonValue;
}

interface Published {
  readonly text: string;
  readonly hash: string;
}

function publish(doc: JsonObject): Published {
  const text = JSON.stringify(doc);
  return { text, hash: createHash('sha512').update(text).digest('hex').slice(0, 128).toUpperCase() };
}

/** Documents of built-in group/versions never change: shared by every server in the process. */
const builtinV3 = new Map<string, Published>();

/** Serves and caches the OpenAPI documents; caches of custom group/versions drop whenever the registry changes. */
export class OpenApiPublisher {
  private readonly registry: Registry;
  private generation = -1;
  private v2Text: string | undefined;
  private v2Proto: Buffer | undefined;
  private readonly v3 = new Map<string, Published>();

  constructor(registry: Registry) {
    this.registry = registry;
  }

  private fresh(): void {
    if (this.generation === this.registry.generation) return;
    this.generation = this.registry.generation;
    this.v2Text = undefined;
    this.v2Proto = undefined;
    this.v3.clear();
  }

  private customDefs(): ResourceDef[] {
    return this.registry.resources().filter((d) => d.custom !== undefined);
  }

  /** `/openapi/v2` as JSON text. */
  v2(): string {
    this.fresh();
    if (this.v2Text === undefined) {
      const base = openApiV2Document();
      const custom = this.customDefs();
      this.v2Text = JSON.stringify({
        ...base,
        paths: { ...base.paths, ...customResourcePaths(custom) },
        definitions: { ...base.definitions, ...customResourceDefinitions(custom) },
      });
    }
    return this.v2Text;
  }

  /** `/openapi/v2` in protobuf, reduced to the PATCH operations (see openapi-v2-proto.ts). */
  v2Protobuf(): Buffer {
    this.fresh();
    if (this.v2Proto === undefined) {
      const base = openApiV2Document();
      const served = new Set(this.registry.groups().flatMap((g) => g.versions.map((v) => `/${gvPath(g.name, v)}/`)));
      const paths: Record<string, JsonValue> = {};
      for (const [p, item] of Object.entries(base.paths)) if ([...served].some((prefix) => p.startsWith(prefix))) paths[p] = item as JsonValue;
      Object.assign(paths, customResourcePaths(this.customDefs()));
      this.v2Proto = openApiV2Protobuf(paths, (base.parameters ?? {}) as Readonly<Record<string, JsonValue>>, 'v1.36.0');
    }
    return this.v2Proto;
  }

  /** `/openapi/v3`: where each group/version's document lives, with its hash. */
  v3Root(): JsonObject {
    this.fresh();
    const paths: JsonObject = {};
    for (const g of this.registry.groups()) {
      for (const v of g.versions) {
        const key = gvPath(g.name, v);
        const doc = this.v3Document(g.name, v);
        if (doc) paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${doc.hash}` };
      }
    }
    return { paths };
  }

  /** The v3 document of one group/version as JSON text, or undefined when not served. */
  v3Text(group: string, version: string): string | undefined {
    return this.v3Document(group, version)?.text;
  }

  private v3Document(group: string, version: string): Published | undefined {
    this.fresh();
    const key = gvPath(group, version);
    const defs = this.registry.resources().filter((d) => d.group === group && d.version === version);
    if (defs.length === 0) return undefined;
    const custom = defs.filter((d) => d.custom);
    const cache = custom.length > 0 ? this.v3 : builtinV3;
    let doc = cache.get(key);
    if (!doc) {
      doc = publish(this.buildV3(key, custom));
      cache.set(key, doc);
    }
    return doc;
  }

  private buildV3(key: string, custom: readonly ResourceDef[]): JsonObject {
    const base = openApiV2Document();
    const parameters = (base.parameters ?? {}) as Readonly<Record<string, JsonValue>>;
    const prefix = `/${key}/`;
    const sourcePaths: Record<string, JsonValue> = {};
    for (const [p, item] of Object.entries(base.paths)) if (p.startsWith(prefix)) sourcePaths[p] = item as JsonValue;
    Object.assign(sourcePaths, customResourcePaths(custom));
    const definitions = { ...(base.definitions as Readonly<Record<string, JsonValue>>), ...customResourceDefinitions(custom) };
    const paths: JsonObject = {};
    for (const [p, item] of Object.entries(sourcePaths)) if (isJsonObject(item)) paths[p] = toV3PathItem(item, parameters);
    const schemas = closure(definitions, paths as JsonValue);
    return rewriteRefs({
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: 'v1.36.0' },
      paths,
      components: {
        schemas,
        securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
      },
    }) as JsonObject;
  }
}
