/** Helpers every verb shares: metadata access, version relabelling, lookups with the server's errors. */
import type { ApiCore } from '../api/context.js';
import { badRequest, forbidden, notFound } from '../api/status.js';
import { isJsonObject, type JsonObject } from '../json.js';
import { apiVersionOf, groupResource, type ResourceDef } from '../registry/resource.js';

/** The object's metadata, created when missing or not an object. */
export function metaOf(obj: JsonObject): JsonObject {
  if (!isJsonObject(obj.metadata)) obj.metadata = {};
  return obj.metadata as JsonObject;
}

/** The metadata of a stored object (always present). */
export function storedMeta(obj: JsonObject): JsonObject {
  return obj.metadata as JsonObject;
}

/** A string field of metadata, or `''`. */
export function metaString(obj: JsonObject, key: string): string {
  const m = obj.metadata;
  if (!isJsonObject(m)) return '';
  const v = m[key];
  return typeof v === 'string' ? v : '';
}

/**
 * The stored object as served at `def`'s version: objects of every version share storage and conversion is a
 * relabelling (as for CRDs with strategy None).
 */
export function toVersion(def: ResourceDef, obj: JsonObject): JsonObject {
  const apiVersion = apiVersionOf(def);
  if (obj.apiVersion === apiVersion && obj.kind === def.kind) return obj;
  return { ...obj, apiVersion, kind: def.kind };
}

/** The stored object or a 404 naming it. */
export function getExisting(core: ApiCore, def: ResourceDef, namespace: string, name: string): JsonObject {
  const obj = core.store.get(def.storageKey, def.namespaced ? namespace : '', name);
  if (!obj) throw notFound(groupResource(def), name);
  return obj;
}

/** Namespaces that may never be deleted. */
export const PROTECTED_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public']);

/**
 * NamespaceLifecycle admission for creates: the namespace must exist (404 `namespaces "x" not found`) and not be
 * terminating (403).
 */
export function checkNamespaceAcceptsCreate(core: ApiCore, def: ResourceDef, namespace: string, name: string): void {
  if (!def.namespaced) return;
  const ns = core.store.get('/namespaces', '', namespace);
  if (!ns) throw notFound({ group: '', resource: 'namespaces' }, namespace);
  if (isJsonObject(ns.metadata) && ns.metadata.deletionTimestamp !== undefined) {
    throw forbidden(groupResource(def), name, `unable to create new content in namespace ${namespace} because it is being terminated`, [
      { reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' },
    ]);
  }
}

/** 400 when the body names another object than the URL. */
export function checkNameMatches(obj: JsonObject, urlName: string): void {
  const name = metaString(obj, 'name');
  if (name !== urlName) throw badRequest(`the name of the object (${name}) does not match the name on the URL (${urlName})`);
}

/** Puts the request's namespace into the object (400 when the body names another one). */
export function settleNamespace(def: ResourceDef, obj: JsonObject, namespace: string): void {
  const meta = metaOf(obj);
  if (!def.namespaced) {
    delete meta.namespace;
    return;
  }
  if (typeof meta.namespace === 'string' && meta.namespace !== '' && meta.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  meta.namespace = namespace;
}
