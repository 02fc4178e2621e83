/**
 * A fault-injecting HTTP proxy in front of the API server, for tests that need a request to hang: it forwards
 * everything (watches included, streamed), logs every request, and holds the requests `hold` selects until
 * `releaseHeld()` drops their connections — as if the API server stalled mid-apply.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parse, stringify } from 'yaml';

/** One proxied request. */
export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly userAgent: string;
  readonly at: number;
}

/** A running proxy. */
export interface FaultProxy {
  readonly url: string;
  /** Every request seen, in arrival order. */
  readonly log: readonly ProxiedRequest[];
  /** Resolves with the first request held. */
  readonly firstHeld: Promise<ProxiedRequest>;
  /** Drops the connections of all held requests (their clients see a reset). */
  releaseHeld(): void;
  stop(): Promise<void>;
}

/**
 * A kubeconfig like `kubeconfig` (YAML) whose cluster is the plain-HTTP proxy at `url`: the CA goes, and
 * `insecure-skip-tls-verify` is set because client-node refuses http:// servers without it.
 */
export function kubeconfigVia(kubeconfig: string, url: string): string {
  const doc = parse(kubeconfig) as { clusters?: { cluster: Record<string, unknown> }[] };
  for (const c of doc.clusters ?? []) {
    delete c.cluster['certificate-authority-data'];
    delete c.cluster['certificate-authority'];
    c.cluster.server = url;
    c.cluster['insecure-skip-tls-verify'] = true;
  }
  return stringify(doc);
}

/** Starts a proxy to `target` (`http(s)://127.0.0.1:<port>`); `hold` picks the requests to stall. */
export async function startFaultProxy(target: string, hold: (req: ProxiedRequest) => boolean): Promise<FaultProxy> {
  const upstream = new URL(target);
  const log: ProxiedRequest[] = [];
  const held: ServerResponse[] = [];
  let announce: (r: ProxiedRequest) => void = () => undefined;
  const firstHeld = new Promise<ProxiedRequest>((resolve) => {
    announce = resolve;
  });
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const request = upstream.protocol === 'https:' ? httpsRequest : httpRequest;
    // The upstream is the test's own kube-sim with its self-signed CA: no verification needed inside the test.
    const up = request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, rejectUnauthorized: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    res.on('close', () => up.destroy());
    req.pipe(up);
  };
  const server = createServer((req, res) => {
    const entry = { method: req.method ?? 'GET', path: req.url ?? '/', userAgent: String(req.headers['user-agent'] ?? ''), at: Date.now() };
    log.push(entry);
    if (hold(entry)) {
      held.push(res);
      req.resume();
      announce(entry);
      return;
    }
    forward(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    firstHeld,
    releaseHeld() {
      for (const res of held.splice(0)) res.socket?.destroy();
    },
    stop: () => new Promise<void>((resolve) => {
      for (const res of held.splice(0)) res.socket?.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
