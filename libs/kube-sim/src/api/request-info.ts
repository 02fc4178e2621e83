/**
 * Takes a request path apart the way the real server's RequestInfoFactory does: API prefix, group, version,
 * namespace, resource, name, subresource and the verb (get/list/watch/create/update/patch/delete/deletecollection).
 */

/** A request for a resource (or a subresource) of a group/version. */
export interface ResourceRequestInfo {
  readonly isResourceRequest: true;
  readonly verb: string;
  readonly group: string;
  readonly version: string;
  /** `''` for cluster-scoped requests. */
  readonly namespace: string;
  readonly resource: string;
  /** `''` for collection requests (list, watch, create, deletecollection). */
  readonly name: string;
  readonly subresource: string;
  /** True when the path had more segments than resource/name/subresource (proxy paths): nothing serves those. */
  readonly extraParts: boolean;
  /** True when `namespaces/<ns>` prefixed the resource (namespaced URL). */
  readonly namespacedPath: boolean;
  readonly path: string;
}

/** Anything else: discovery, OpenAPI, version, health. */
export interface NonResourceRequestInfo {
  readonly isResourceRequest: false;
  /** Lowercased HTTP method (`get`, `post`, ...), as RBAC's nonResourceURLs rules name verbs. */
  readonly verb: string;
  readonly path: string;
}

export type RequestInfo = ResourceRequestInfo | NonResourceRequestInfo;

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
const METHOD_VERBS: Readonly<Record<string, string>> = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

/** True when the `watch` query parameter asks for a watch (anything but `false`/`0`). */
export function isWatchQuery(query: URLSearchParams): boolean {
  const w = query.get('watch');
  return w !== null && !['false', '0'].includes(w.toLowerCase());
}

/**
 * Parses a request. `path` must be URL-decoded per segment already (`decodeURIComponent` of each part is applied
 * here); an undecodable path yields a non-resource request that nothing serves.
 */
export function parseRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  let parts: string[];
  try {
    parts = splitPath(path).map((p) => decodeURIComponent(p));
  } catch {
    return { isResourceRequest: false, verb: method.toLowerCase(), path };
  }
  const nonResource: NonResourceRequestInfo = { isResourceRequest: false, verb: method.toLowerCase(), path };
  if (parts.length < 3 || (parts[0] !== 'api' && parts[0] !== 'apis')) return nonResource;
  let rest = parts.slice(1);
  let group = '';
  if (parts[0] === 'apis') {
    if (rest.length < 3) return nonResource;
    group = rest[0]!;
    rest = rest.slice(1);
  }
  const version = rest[0]!;
  rest = rest.slice(1);
  let verb = METHOD_VERBS[method] ?? '';
  if (rest[0] === 'watch') {
    verb = 'watch';
    rest = rest.slice(1);
  }
  let namespace = '';
  let namespacedPath = false;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1]!;
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) {
      rest = rest.slice(2);
      namespacedPath = true;
    }
  }
  const resource = rest[0] ?? '';
  let name = rest[1] ?? '';
  const subresource = rest[2] ?? '';
  if (!name && verb === 'get') verb = isWatchQuery(query) ? 'watch' : 'list';
  if (!name && (verb === 'list' || verb === 'watch')) name = exactNameFromFieldSelector(query.get('fieldSelector')) ?? '';
  if (!rest[1] && verb === 'delete') verb = 'deletecollection';
  return {
    isResourceRequest: true, verb, group, version, namespace, resource, name, subresource,
    extraParts: rest.length > 3, namespacedPath, path,
  };
}

/** `metadata.name=x` in a field selector names the object for authorization (resourceNames rules). */
function exactNameFromFieldSelector(selector: string | null): string | undefined {
  if (!selector) return undefined;
  for (const term of selector.split(',')) {
    const m = /^\s*metadata\.name\s*==?\s*([^,]*?)\s*$/.exec(term);
    if (m && m[1] && !/[/%]/.test(m[1]) && m[1] !== '.' && m[1] !== '..') return m[1];
  }
  return undefined;
}
