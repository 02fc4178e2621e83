// The notifier's integration stack: a real nats-server, kube-sim with the Flux CRDs, notifier replicas on a
// unique bus prefix, and a local HTTP receiver standing in for a webhook. Start in `before`, stop in `after`.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { FLUX_KINDS, buildCrd } from '@sluice/api';
import { createBus, type Bus } from '@sluice/bus';
import { startKubeSim, type KubeSim } from '@sluice/kube-sim';
import { createKubeClient, createServiceContext, type KubeClient, type KubeObject, type RunningService, type ServiceContext } from '@sluice/runtime';
import { createCapturingLogger } from '@sluice/telemetry/testing';
import { startNats, type NatsServerHandle } from '@sluice/testing';
import { startNotifier, type NotifierOptions } from '../../src/index.js';

/** One request the receiver got. */
export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A webhook receiver: `/fail...` paths answer 503, every other path 200. */
export interface Receiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  on(path: string): ReceivedRequest[];
  stop(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      res.statusCode = req.url?.startsWith('/fail') ? 503 : 200;
      res.end(res.statusCode === 503 ? 'receiver down for maintenance' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    on: (path) => requests.filter((r) => r.path === path),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A running stack; see the file comment. */
export interface NotifierStack {
  readonly kube: KubeClient;
  /** The test's own bus client (to publish events). */
  readonly bus: Bus;
  readonly receiver: Receiver;
  /** Server-side applies objects as field manager `notifier-test`. */
  apply(...objects: KubeObject[]): Promise<void>;
  /** Starts one more notifier replica with its own connection and context. */
  startReplica(opts?: Partial<NotifierOptions>): Promise<ServiceContext>;
  stop(): Promise<void>;
}

let counter = 0;

async function installCrds(kube: KubeClient): Promise<void> {
  const crds = FLUX_KINDS.map((def) => buildCrd(def) as unknown as KubeObject);
  for (const crd of crds) await kube.apply(crd, { fieldManager: 'notifier-test', force: true });
  for (const crd of crds) {
    for (let i = 0; ; i++) {
      const live = await kube.get({ apiVersion: crd.apiVersion, kind: crd.kind, name: crd.metadata.name ?? '' });
      if ((live?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (i > 200) throw new Error(`CustomResourceDefinition/${crd.metadata.name} not established`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  kube.mapper.invalidate();
  await kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } }, { fieldManager: 'notifier-test', force: true });
}

export async function startStack(): Promise<NotifierStack> {
  const prefix = `ntf${process.pid}x${++counter}`;
  const dir = await mkdtemp(join(tmpdir(), 'sluice-notifier-'));
  const stops: Array<() => Promise<unknown> | unknown> = [() => rm(dir, { recursive: true, force: true })];
  const stop = async (): Promise<void> => {
    for (const s of stops.splice(0).reverse()) await Promise.resolve(s()).catch(() => undefined);
  };
  try {
    const nats: NatsServerHandle = await startNats();
    stops.push(() => nats.stop());
    const sim: KubeSim = await startKubeSim({ readyDelayMs: 50 });
    stops.push(() => sim.stop());
    const kubeconfig = join(dir, 'kubeconfig');
    await sim.writeKubeconfig(kubeconfig);
    const kube = createKubeClient({ kubeconfig, userAgent: 'notifier-test' });
    stops.push(() => kube.close());
    await installCrds(kube);
    const receiver = await startReceiver();
    stops.push(() => receiver.stop());
    const newBus = async (controller: string, instance: string): Promise<Bus> => {
      const nc: NatsConnection = await connect({ servers: nats.url, name: instance });
      stops.push(() => nc.close());
      const { logger } = createCapturingLogger(controller);
      const bus = await createBus(nc, { prefix, controller, instance, logger });
      stops.push(() => bus.close());
      return bus;
    };
    const bus = await newBus('kustomize-controller', 'test-0');
    await bus.ensureTopology();
    let replicas = 0;
    return {
      kube, bus, receiver,
      apply: async (...objects) => {
        for (const o of objects) await kube.apply(o, { fieldManager: 'notifier-test', force: true });
      },
      async startReplica(opts = {}) {
        const instance = `notifier-${++replicas}`;
        const serviceBus = await newBus('notifier', instance);
        const serviceKube = createKubeClient({ kubeconfig, userAgent: instance });
        stops.push(() => serviceKube.close());
        const ctx = await createServiceContext({ service: 'notifier', bus: serviceBus, kube: serviceKube, instance, logger: createCapturingLogger('notifier').logger });
        const running: RunningService = await startNotifier(ctx, opts);
        stops.push(() => running.stop());
        return ctx;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Polls `check` every 25 ms until it returns true; fails naming `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
