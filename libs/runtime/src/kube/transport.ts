/**
 * HTTP to the Kubernetes API server with the credentials of a kubeconfig (or in-cluster config): JSON in, JSON out,
 * keep-alive connections, no typed (de)serialisation, so objects pass through exactly as the server sends them.
 */
import http from 'node:http';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError, KubeUnreachableError, type StatusDetails } from './errors.js';

/** Where to find the cluster. */
export interface KubeConnectOptions {
  /** Path of a kubeconfig file; otherwise `KUBECONFIG`, `~/.kube/config` or the in-cluster service account. */
  readonly kubeconfig?: string | undefined;
  /** Context to use instead of the kubeconfig's current one. */
  readonly context?: string | undefined;
  /** Per-request timeout for non-watch requests, in milliseconds. */
  readonly timeoutMs?: number;
  /** Sent as User-Agent, e.g. `sluice-applier`. */
  readonly userAgent?: string;
}

/** Loads the kubeconfig the way kubectl does, or the in-cluster configuration when running in a pod. */
export function loadKubeConfig(opts: KubeConnectOptions = {}): KubeConfig {
  const kc = new KubeConfig();
  if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
  else kc.loadFromDefault();
  if (opts.context) kc.setCurrentContext(opts.context);
  return kc;
}

/** One request to the API server. */
export interface KubeRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  readonly contentType?: string;
  /** Names the object in error messages: `Deployment/apps/podinfo apply failed`. */
  readonly subject: string;
  readonly signal?: AbortSignal;
}

function queryString(query: KubeRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Turns an error response into the server's Status fields (or a synthetic one when the body is not a Status). */
export function statusFromBody(code: number, body: string): StatusDetails {
  try {
    const parsed = JSON.parse(body) as { kind?: string; reason?: string; message?: string; details?: unknown };
    if (parsed && parsed.kind === 'Status') {
      return { code, reason: parsed.reason ?? '', message: parsed.message ?? '', details: parsed.details };
    }
  } catch {
    // not JSON: fall through
  }
  return { code, reason: '', message: body.trim().slice(0, 500) || `HTTP ${code}` };
}

/** The connection to one API server; create once per process and share. */
export class KubeTransport {
  readonly kubeConfig: KubeConfig;
  readonly server: URL;
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;
  private readonly userAgent: string;

  constructor(kubeConfig: KubeConfig, opts: KubeConnectOptions = {}) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new KubeUnreachableError('kubeconfig', new Error('no current cluster in kubeconfig'));
    this.kubeConfig = kubeConfig;
    this.server = new URL(cluster.server);
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.userAgent = opts.userAgent ?? 'sluice';
    this.agent = this.server.protocol === 'https:' ? new https.Agent({ keepAlive: true, maxSockets: 64 }) : new http.Agent({ keepAlive: true, maxSockets: 64 });
  }

  /** Options for one request: credentials and TLS material from the kubeconfig, our keep-alive agent. */
  private async requestOptions(method: string, path: string, headers: Record<string, string>): Promise<https.RequestOptions> {
    const opts: https.RequestOptions = { headers: {} };
    await this.kubeConfig.applyToHTTPSOptions(opts);
    const { ca, cert, key, rejectUnauthorized, servername } = opts;
    const basePath = this.server.pathname.replace(/\/$/, '');
    return {
      protocol: this.server.protocol,
      hostname: this.server.hostname,
      port: this.server.port,
      method,
      path: basePath + path,
      agent: this.agent,
      headers: { ...(opts.headers as Record<string, string>), 'User-Agent': this.userAgent, ...headers },
      ...(opts.auth ? { auth: opts.auth } : {}),
      ...(ca ? { ca } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
      ...(rejectUnauthorized !== undefined ? { rejectUnauthorized } : {}),
      ...(servername ? { servername } : {}),
    };
  }

  /** Sends a request and returns the parsed JSON body; a non-2xx answer throws {@link KubeApiError}. */
  async request<T>(req: KubeRequest): Promise<T> {
    const payload = req.body === undefined ? undefined : Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (payload) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const opts = await this.requestOptions(req.method, req.path + queryString(req.query), headers);
    const { code, body } = await this.send(opts, payload, req);
    if (code < 200 || code >= 300) throw new KubeApiError(req.subject, statusFromBody(code, body));
    return (body === '' ? undefined : JSON.parse(body)) as T;
  }

  private send(opts: https.RequestOptions, payload: Buffer | undefined, req: KubeRequest): Promise<{ code: number; body: string }> {
    const lib = this.server.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const r = lib.request({ ...opts, timeout: this.timeoutMs, ...(req.signal ? { signal: req.signal } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => reject(new KubeUnreachableError(req.subject, err)));
      });
      r.on('timeout', () => r.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      r.on('error', (err) => reject(new KubeUnreachableError(req.subject, err)));
      r.end(payload);
    });
  }

  /**
   * Opens a streaming GET (watch) and calls `onLine` for every newline-terminated JSON line. Resolves when the
   * server ends the stream; rejects with {@link KubeApiError} when it answers with an error status.
   */
  async stream(req: Omit<KubeRequest, 'method' | 'body'>, onLine: (line: string) => void): Promise<void> {
    const opts = await this.requestOptions('GET', req.path + queryString(req.query), { Accept: 'application/json' });
    const lib = this.server.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const r = lib.request({ ...opts, ...(req.signal ? { signal: req.signal } : {}) }, (res) => {
        const code = res.statusCode ?? 0;
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffered += chunk;
          let nl: number;
          while ((nl = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, nl).trim();
            buffered = buffered.slice(nl + 1);
            if (line !== '' && code >= 200 && code < 300) onLine(line);
          }
        });
        res.on('end', () => {
          if (code < 200 || code >= 300) reject(new KubeApiError(req.subject, statusFromBody(code, buffered)));
          else {
            if (buffered.trim() !== '') onLine(buffered.trim());
            resolve();
          }
        });
        res.on('error', (err) => reject(new KubeUnreachableError(req.subject, err)));
      });
      r.on('error', (err) => {
        if (req.signal?.aborted) resolve();
        else reject(new KubeUnreachableError(req.subject, err));
      });
      r.end();
    });
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}
