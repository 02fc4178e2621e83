/**
 * Test hooks for code that runs against a simulated server: reach the store and controllers of a running server,
 * wait for a condition on stored objects, and make raw HTTP requests with the admin token.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { JsonObject } from './json.js';
import { internalsOf, type KubeSim, type KubeSimInternals } from './server.js';

export { internalsOf };
export type { KubeSimInternals };

/** A raw HTTP answer. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: JsonObject | undefined;
}

/** Options of {@link rawRequest}. */
export interface RawRequestOptions {
  /** Request body (sent as is). */
  readonly body?: string | Buffer;
  /** Extra headers; `Authorization` defaults to the admin token (pass `''` to send none). */
  readonly headers?: Readonly<Record<string, string | string[]>>;
  /** Client-side timeout. */
  readonly timeoutMs?: number;
}

/**
 * Sends one HTTP request to the server (admin token unless overridden) and resolves with the whole answer. For
 * protocol-level tests; use kubectl or @kubernetes/client-node for behaviour tests.
 */
export function rawRequest(sim: KubeSim, method: string, path: string, opts: RawRequestOptions = {}): Promise<RawResponse> {
  const url = new URL(path, sim.url);
  const headers: Record<string, string | string[]> = { Authorization: `Bearer ${sim.adminToken}`, ...opts.headers };
  if (headers.Authorization === '') delete headers.Authorization;
  if (opts.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(opts.body));
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers, rejectUnauthorized: false, timeout: opts.timeoutMs ?? 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: JsonObject | undefined;
        try {
          json = JSON.parse(body) as JsonObject;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within ${opts.timeoutMs ?? 10_000} ms`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes; rejects with `what` on timeout. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The stored object (as stored, any version), or undefined. */
export function storedObject(sim: KubeSim, storageKey: string, namespace: string, name: string): JsonObject | undefined {
  return internalsOf(sim).core.store.get(storageKey, namespace, name);
}
