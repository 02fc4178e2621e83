/**
 * Writing responses: JSON (serializations of stored objects are cached, so lists of thousands of objects cost
 * little), YAML, Tables and PartialObjectMetadata, Warning headers, and Status errors.
 */
import type { ServerResponse } from 'node:http';
import { stringify as yamlStringify } from 'yaml';
import { KubeApiError, internalError } from '../api/status.js';
import { isJsonObject, type JsonObject } from '../json.js';
import type { ResourceDef } from '../registry/resource.js';
import { buildTable, type IncludeObject } from '../tables/table.js';
import type { ListResult } from '../verbs/read.js';
import { contentTypeOf, type Rendering } from './negotiate.js';

const objectJson = new WeakMap<JsonObject, string>();
const itemBytes = new WeakMap<JsonObject, Buffer>();

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

/** JSON text of an object; cached per (immutable, stored) object. */
export function jsonOf(obj: JsonObject): string {
  let s = objectJson.get(obj);
  if (s === undefined) {
    s = JSON.stringify(obj);
    objectJson.set(obj, s);
  }
  return s;
}

/**
 * UTF-8 JSON of a list item, cached per stored object: built-in list items carry no apiVersion/kind, as the real
 * server serves them; custom resources keep theirs.
 */
function itemBytesOf(def: ResourceDef, obj: JsonObject): Buffer {
  let b = itemBytes.get(obj);
  if (b === undefined) {
    if (def.custom) b = Buffer.from(jsonOf(obj));
    else {
      const { apiVersion: _a, kind: _k, ...rest } = obj;
      b = Buffer.from(JSON.stringify(rest));
    }
    itemBytes.set(obj, b);
  }
  return b;
}

/** `Warning: 299 - "text"` header values. */
function warningHeaders(warnings: readonly string[]): string[] {
  return warnings.map((w) => `299 - ${JSON.stringify(w)}`);
}

function send(res: ServerResponse, code: number, contentType: string, body: string | Buffer, warnings: readonly string[]): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const headers: Record<string, string | string[]> = { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(body)), 'Cache-Control': 'no-cache, private' };
  if (warnings.length > 0) headers.Warning = warningHeaders(warnings);
  res.writeHead(code, headers);
  res.end(body);
}

/** Writes a JSON document (or its YAML form) as is. */
export function sendDocument(res: ServerResponse, code: number, doc: JsonObject, rendering: Rendering = { as: 'json' }, warnings: readonly string[] = []): void {
  if (rendering.as === 'yaml') send(res, code, 'application/yaml', yamlStringify(doc), warnings);
  else send(res, code, contentTypeOf(rendering), jsonOf(doc), warnings);
}

/** Writes pre-serialized JSON text. */
export function sendJsonText(res: ServerResponse, code: number, text: string, contentType = 'application/json'): void {
  send(res, code, contentType, text, []);
}

/** Writes binary content (the protobuf OpenAPI document). */
export function sendBytes(res: ServerResponse, code: number, contentType: string, body: Buffer): void {
  send(res, code, contentType, body, []);
}

/** Writes plain text (health endpoints). */
export function sendText(res: ServerResponse, code: number, text: string): void {
  send(res, code, 'text/plain; charset=utf-8', text, []);
}

function partial(obj: JsonObject, version: string): JsonObject {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: isJsonObject(obj.metadata) ? obj.metadata : {} };
}

/** Options of object and list responses. */
export interface RenderOptions {
  readonly rendering: Rendering;
  readonly now: Date;
  readonly includeObject: IncludeObject;
  readonly warnings: readonly string[];
}

/** Writes one object (get, create, update, patch, delete) in the negotiated rendering. */
export function sendObject(res: ServerResponse, code: number, def: ResourceDef, obj: JsonObject, opts: RenderOptions): void {
  const r = opts.rendering;
  if (r.as === 'table' && obj.kind !== 'Status') {
    const meta = isJsonObject(obj.metadata) ? obj.metadata : {};
    const table = buildTable(def, [obj], { now: opts.now, include: opts.includeObject, headers: true, listMeta: { resourceVersion: meta.resourceVersion ?? '' } });
    sendDocument(res, code, table, r, opts.warnings);
  } else if (r.as === 'partial' && obj.kind !== 'Status') sendDocument(res, code, partial(obj, r.version), r, opts.warnings);
  else sendDocument(res, code, obj, r.as === 'yaml' ? r : { as: 'json' }, opts.warnings);
}

function listMeta(list: ListResult): JsonObject {
  const m: JsonObject = { resourceVersion: list.resourceVersion };
  if (list.continueToken) m.continue = list.continueToken;
  if (list.remainingItemCount !== undefined) m.remainingItemCount = list.remainingItemCount;
  return m;
}

/** Writes a list in the negotiated rendering; JSON lists are concatenated from cached item serializations. */
export function sendList(res: ServerResponse, def: ResourceDef, list: ListResult, opts: RenderOptions): void {
  const r = opts.rendering;
  if (r.as === 'table') {
    sendDocument(res, 200, buildTable(def, list.items, { now: opts.now, include: opts.includeObject, headers: true, listMeta: listMeta(list) }), r, opts.warnings);
    return;
  }
  if (r.as === 'partial') {
    sendDocument(res, 200, { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${r.version}`, metadata: listMeta(list), items: list.items.map((i) => partial(i, r.version)) }, r, opts.warnings);
    return;
  }
  if (r.as === 'yaml') {
    sendDocument(res, 200, { kind: list.kind, apiVersion: list.apiVersion, metadata: listMeta(list), items: [...list.items] }, r, opts.warnings);
    return;
  }
  const head = `{"kind":${JSON.stringify(list.kind)},"apiVersion":${JSON.stringify(list.apiVersion)},"metadata":${JSON.stringify(listMeta(list))},"items":[`;
  const parts: Buffer[] = [Buffer.from(head)];
  for (let i = 0; i < list.items.length; i++) {
    if (i > 0) parts.push(COMMA);
    parts.push(itemBytesOf(def, list.items[i]!));
  }
  parts.push(CLOSE);
  send(res, 200, 'application/json', Buffer.concat(parts), opts.warnings);
}

/** Writes a failure as a Status; anything that is not a KubeApiError is a bug and becomes a 500. */
export function sendError(res: ServerResponse, err: unknown): void {
  const e = err instanceof KubeApiError ? err : internalError(err instanceof Error ? err.message : String(err));
  if (res.headersSent) {
    res.end();
    return;
  }
  send(res, e.httpCode, 'application/json', JSON.stringify(e.status), []);
}
