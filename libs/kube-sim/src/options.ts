/** Options of {@link startKubeSim}, with their defaults. */

/** How to run a simulated API server. */
export interface KubeSimOptions {
  /** TCP port; 0 picks a free one. */
  readonly port: number;
  /** Address to listen on: loopback by default; `0.0.0.0` to serve other hosts (a container in docker compose). */
  readonly host: string;
  /**
   * The host name clients use, when it is not the listen address (e.g. the compose service name `kube-sim`): it
   * goes into the kubeconfig's server URL and the certificate's names.
   */
  readonly advertiseHost: string | undefined;
  /** Keep the state in this directory so it survives restarts; undefined keeps it in memory only. */
  readonly stateDir: string | undefined;
  /** How long simulated pods take to become ready (workloads follow), unless an object's annotation says otherwise. */
  readonly readyDelayMs: number;
  /**
   * Serve HTTPS with a self-signed certificate (trusted through the kubeconfig). kubectl sends bearer tokens only
   * over TLS, so plain HTTP (false) suits only clients that do (@kubernetes/client-node, raw requests).
   */
  readonly tls: boolean;
  /** Run the simulated controllers (namespaces, CRDs, garbage collection, workloads); off for pure API tests. */
  readonly controllers: boolean;
  /** Events kept per resource for watches resuming from a resourceVersion; older versions answer 410 Expired. */
  readonly watchCacheSize: number;
  /** Interval of BOOKMARK events on watches that allow them. */
  readonly bookmarkIntervalMs: number;
  /** Longest a watch stays open (the server's request timeout); clients reconnect after it. */
  readonly maxWatchMs: number;
  /** The admin bearer token; random unless given (a saved state keeps its own). */
  readonly adminToken: string | undefined;
}

/** The defaults: an in-memory HTTPS server on a free port with controllers and a 100 ms ready delay. */
export function defaultKubeSimOptions(): KubeSimOptions {
  return {
    host: '127.0.0.1',
    advertiseHost: undefined,
    port: 0,
    stateDir: undefined,
    readyDelayMs: 100,
    tls: true,
    controllers: true,
    watchCacheSize: 10_000,
    bookmarkIntervalMs: 5_000,
    maxWatchMs: 30 * 60 * 1000,
    adminToken: undefined,
  };
}
