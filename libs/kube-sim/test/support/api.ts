/** Terse HTTP helpers for tests that talk to a simulated server directly. */
import { rawRequest, type RawResponse } from '@sluice/kube-sim/testing';
import type { KubeSim } from '@sluice/kube-sim';

type Json = Record<string, unknown>;

/** A response with its parsed JSON body (or `{}`). */
export interface ApiResponse {
  readonly status: number;
  readonly body: Json;
  readonly raw: RawResponse;
}

function wrap(r: RawResponse): ApiResponse {
  return { status: r.status, body: (r.json ?? {}) as Json, raw: r };
}

/** Request helpers bound to one server (admin unless `token` is given). */
export interface Api {
  get(path: string, headers?: Record<string, string>): Promise<ApiResponse>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  put(path: string, body: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  patch(path: string, type: 'json' | 'merge' | 'strategic', body: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  /** Server-side apply of `body` as `manager`. */
  apply(path: string, body: unknown, manager: string | undefined, opts?: { force?: boolean; query?: string }): Promise<ApiResponse>;
  delete(path: string, body?: unknown): Promise<ApiResponse>;
}

const PATCH_TYPES = { json: 'application/json-patch+json', merge: 'application/merge-patch+json', strategic: 'application/strategic-merge-patch+json' } as const;

/** Builds the helpers; `token` switches from the admin to another user. */
export function api(sim: KubeSim, token?: string): Api {
  const auth: Record<string, string> = token === undefined ? {} : { Authorization: token === '' ? '' : `Bearer ${token}` };
  const send = async (method: string, path: string, body: unknown, headers: Record<string, string>): Promise<ApiResponse> => {
    const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return wrap(await rawRequest(sim, method, path, { ...(text === undefined ? {} : { body: text }), headers: { ...auth, ...headers } }));
  };
  return {
    get: (path, headers = {}) => send('GET', path, undefined, headers),
    post: (path, body, headers = {}) => send('POST', path, body, { 'Content-Type': 'application/json', ...headers }),
    put: (path, body, headers = {}) => send('PUT', path, body, { 'Content-Type': 'application/json', ...headers }),
    patch: (path, type, body, headers = {}) => send('PATCH', path, body, { 'Content-Type': PATCH_TYPES[type], ...headers }),
    apply: (path, body, manager, opts = {}) => {
      const q = new URLSearchParams();
      if (manager !== undefined) q.set('fieldManager', manager);
      if (opts.force) q.set('force', 'true');
      const query = [q.toString(), opts.query ?? ''].filter(Boolean).join('&');
      return send('PATCH', `${path}${query ? `?${query}` : ''}`, body, { 'Content-Type': 'application/apply-patch+yaml' });
    },
    delete: (path, body) => send('DELETE', path, body, body === undefined ? {} : { 'Content-Type': 'application/json' }),
  };
}

/** The metadata of a response body. */
export function meta(body: Json): Json {
  return (body.metadata ?? {}) as Json;
}

/** Managers and operations of an object's managedFields, in order. */
export function managers(body: Json): string[] {
  const entries = (meta(body).managedFields ?? []) as { manager: string; operation: string; subresource?: string }[];
  return entries.map((e) => `${e.manager}/${e.operation}${e.subresource ? `/${e.subresource}` : ''}`);
}

/** A unique lowercase name for a test object. */
export function unique(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
}
