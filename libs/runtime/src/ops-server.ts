/** The operations endpoint of every service: liveness, readiness and Prometheus metrics on one small HTTP server. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** What the ops server reports. */
export interface OpsServerOptions {
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  /** Interface to bind; loopback by default, `0.0.0.0` in containers. */
  readonly host?: string;
  readonly registry: Registry;
  /** `/readyz` answers 200 only while this returns true (connected to NATS and the API server, consumers running). */
  readonly ready: () => boolean;
  /** `/healthz` answers 200 while this returns true; defaults to always (the process is alive). */
  readonly healthy?: () => boolean;
}

/** A running ops server. */
export interface OpsServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts `/healthz`, `/readyz` and `/metrics`. */
export async function startOpsServer(opts: OpsServerOptions): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const answer = (ok: boolean): void => {
      res.writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain' }).end(ok ? 'ok\n' : 'not ready\n');
    };
    if (path === '/healthz' || path === '/livez') return answer(opts.healthy?.() ?? true);
    if (path === '/readyz') return answer(opts.ready());
    if (path === '/metrics') {
      opts.registry
        .metrics()
        .then((text) => res.writeHead(200, { 'Content-Type': opts.registry.contentType }).end(text))
        .catch((err: unknown) => res.writeHead(500).end(String(err)));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
