/**
 * Starting and stopping a simulated API server: state (memory or directory), registry, controllers and the
 * HTTP(S) listener on loopback, plus the kubeconfig that points clients at it.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { SluiceError } from '@sluice/errors';
import type { ApiCore } from './api/context.js';
import { Authenticator, SUPERUSER_GROUP } from './auth/users.js';
import { bootstrap } from './bootstrap.js';
import { createControllers } from './controllers/index.js';
import type { ControllerRuntime } from './controllers/runtime.js';
import { OpenApiPublisher } from './discovery/openapi.js';
import type { ServerContext } from './http/context.js';
import { requestListener } from './http/handler.js';
import { WatchHub } from './http/watch.js';
import { renderKubeconfig } from './kubeconfig.js';
import { k8sMergeEngine } from './merge.js';
import { defaultKubeSimOptions, type KubeSimOptions } from './options.js';
import { Registry } from './registry/registry.js';
import { StateDirectory } from './storage/persistence.js';
import { Store } from './storage/store.js';
import { selfSignedCertificate, type SelfSignedCertificate } from './tls.js';

/** Raised when the server cannot start (port taken, state directory unusable). */
export class KubeSimStartError extends SluiceError {
  constructor(message: string, cause?: unknown) {
    super('SLUICE_KUBE_SIM_START', `kube-sim: ${message}`, { cause });
  }
}

/** A running simulated API server. */
export interface KubeSim {
  /** `http://127.0.0.1:<port>` (or https). */
  readonly url: string;
  /** A kubeconfig (YAML) for the admin user. */
  readonly kubeconfig: string;
  /** The admin's bearer token (member of system:masters). */
  readonly adminToken: string;
  /** Writes {@link kubeconfig} to `path`. */
  writeKubeconfig(path: string): Promise<void>;
  /** Creates a user (with optional groups) that RBAC governs; returns its bearer token. */
  addUser(name: string, groups?: readonly string[]): string;
  /** Stops serving, ends watches, stops controllers and saves the state directory. */
  stop(): Promise<void>;
}

/** The parts of a running server that test helpers reach into (see `@sluice/kube-sim/testing`). */
export interface KubeSimInternals {
  readonly core: ApiCore;
  readonly controllers: ControllerRuntime | undefined;
  readonly watches: WatchHub;
}

const internals = new WeakMap<KubeSim, KubeSimInternals>();

/** The internals of a server started by {@link startKubeSim}; for test hooks only. */
export function internalsOf(sim: KubeSim): KubeSimInternals {
  const i = internals.get(sim);
  if (!i) throw new KubeSimStartError('not a server started by startKubeSim');
  return i;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(new KubeSimStartError(`cannot listen on ${host}:${port}`, err)));
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

async function openState(opts: KubeSimOptions, store: Store, authn: Authenticator): Promise<StateDirectory | undefined> {
  if (!opts.stateDir) {
    authn.addToken(opts.adminToken ?? randomBytes(24).toString('hex'), 'kube-sim-admin', [SUPERUSER_GROUP]);
    return undefined;
  }
  const { state, saved } = await StateDirectory.open(opts.stateDir);
  if (saved) {
    store.load(saved.objects, saved.revision);
    for (const t of saved.tokens) authn.addToken(t.token, t.name, t.groups);
  }
  if (authn.tokens().length === 0) authn.addToken(opts.adminToken ?? randomBytes(24).toString('hex'), 'kube-sim-admin', [SUPERUSER_GROUP]);
  state.attach(store);
  return state;
}

/**
 * Starts a simulated Kubernetes API server (on loopback unless `host` says otherwise) and resolves once it accepts requests. Stop it with
 * `stop()` (in tests: in `after`/`afterEach`).
 */
export async function startKubeSim(options: Partial<KubeSimOptions> = {}): Promise<KubeSim> {
  const opts: KubeSimOptions = { ...defaultKubeSimOptions(), ...options };
  const store = new Store({ watchCacheSize: opts.watchCacheSize });
  const authn = new Authenticator();
  const state = await openState(opts, store, authn);
  const core: ApiCore = { store, registry: new Registry(), merge: k8sMergeEngine, now: () => new Date() };
  bootstrap(core);
  const controllers = opts.controllers ? createControllers(core, { readyDelayMs: opts.readyDelayMs }) : undefined;
  controllers?.start();
  const watches = new WatchHub(opts.bookmarkIntervalMs);
  let address = '';
  const ctx: ServerContext = { core, authn, openapi: new OpenApiPublisher(core.registry), watches, address: () => address, maxWatchMs: opts.maxWatchMs };
  const cert = opts.tls ? await servingCertificate(state, opts.advertiseHost) : undefined;
  const server: Server = cert
    ? createHttpsServer({ key: cert.keyPem, cert: cert.certPem }, requestListener(ctx))
    : createHttpServer(requestListener(ctx));
  server.keepAliveTimeout = 60_000;
  const port = await listen(server, opts.port, opts.host);
  address = `127.0.0.1:${port}`;
  const url = `${cert ? 'https' : 'http'}://${opts.advertiseHost ?? '127.0.0.1'}:${port}`;
  const adminToken = authn.tokens()[0]!.token;
  const kubeconfig = renderKubeconfig({ server: url, token: adminToken, caPem: cert?.certPem, name: 'kube-sim' });
  let stopping: Promise<void> | undefined;
  const sim: KubeSim = {
    url,
    kubeconfig,
    adminToken,
    writeKubeconfig: (path) => writeFile(path, kubeconfig, { mode: 0o600 }),
    addUser: (name, groups = []) => authn.addUser(name, groups),
    stop: () => (stopping ??= stopServer(server, watches, controllers, state, store, authn)),
  };
  internals.set(sim, { core, controllers, watches });
  return sim;
}

/** The state directory's certificate, or a new one (saved there when there is a state directory). */
async function servingCertificate(state: StateDirectory | undefined, advertiseHost: string | undefined): Promise<SelfSignedCertificate> {
  const saved = await state?.readCertificate();
  if (saved) return saved;
  const fresh = selfSignedCertificate('kube-sim', advertiseHost ? [advertiseHost] : []);
  await state?.writeCertificate(fresh);
  return fresh;
}

async function stopServer(server: Server, watches: WatchHub, controllers: ControllerRuntime | undefined, state: StateDirectory | undefined, store: Store, authn: Authenticator): Promise<void> {
  controllers?.stop();
  watches.closeAll();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await state?.close(store, authn.tokens());
}
