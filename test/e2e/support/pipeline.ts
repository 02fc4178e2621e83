/**
 * The whole pipeline in one test process: a real nats-server, the kube-sim API server, the Flux CRDs, and the
 * services (each with its own bus client and context, as separate processes would have), on a unique bus prefix.
 * Plus helpers to apply objects and wait for conditions. Every test that starts one stops it in `after`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { trace } from '@opentelemetry/api';
import { parseAllDocuments } from 'yaml';
import { startApplier } from '@sluice/applier';
import { startBuilder } from '@sluice/builder';
import { startHealthChecker } from '@sluice/health-checker';
import { startNotifier } from '@sluice/notifier';
import { createBus, type Bus } from '@sluice/bus';
import { installFluxApi } from '@sluice/cli';
import { startKubeSim } from '@sluice/kube-sim';
import {
  createKubeClient, createServiceContext, type KubeClient, type KubeObject, type ObjectRef, type RunningService, type ServiceContext,
} from '@sluice/runtime';
import { startSourceFetcher } from '@sluice/source-fetcher';
import { startNats, type NatsServerHandle } from '@sluice/testing';

/** The services the harness can run. */
export type ServiceName = 'source-fetcher' | 'builder' | 'applier' | 'health-checker' | 'notifier';

type Starter = (ctx: ServiceContext, workDir: string) => Promise<RunningService>;

const STARTERS: Readonly<Record<ServiceName, Starter>> = {
  'source-fetcher': (ctx, dir) => startSourceFetcher(ctx, { workDir: join(dir, 'source-fetcher'), maxRetryMs: 1000 }),
  builder: (ctx, dir) => startBuilder(ctx, { workDir: join(dir, 'builder') }),
  applier: (ctx) => startApplier(ctx),
  'health-checker': (ctx) => startHealthChecker(ctx),
  notifier: (ctx) => startNotifier(ctx),
};

/** Options of {@link startPipeline}. */
export interface PipelineOptions {
  /** Services to run in-process; all by default. */
  readonly services?: readonly ServiceName[];
  /** kube-sim's simulated controllers: delay before workloads report ready. */
  readonly readyDelayMs?: number;
  /** Consumers' ack wait (how fast a dead replica's message is redelivered). */
  readonly ackWaitMs?: number;
  /** Lease TTL (how fast a dead replica's leases expire). */
  readonly leaseTtlMs?: number;
}

/** A running pipeline; see the module comment. */
export interface Pipeline {
  readonly nats: NatsServerHandle;
  /** The kube-sim API server URL. */
  readonly apiServerUrl: string;
  readonly kube: KubeClient;
  readonly kubeconfigPath: string;
  readonly prefix: string;
  readonly workDir: string;
  /** The bus client of the test itself (to publish requests or watch messages). */
  readonly bus: Bus;
  /** Server-side applies objects (YAML text or objects) as field manager `e2e-test`. */
  apply(objects: string | readonly KubeObject[]): Promise<void>;
  /** Polls until `predicate(object)` holds; fails with the last object seen and `description`. */
  waitFor(ref: ObjectRef, predicate: (obj: KubeObject | undefined) => boolean, description: string, timeoutMs?: number): Promise<KubeObject | undefined>;
  /** Waits until condition `type` has `status` (and `reason`, when given). */
  waitForCondition(ref: ObjectRef, type: string, status: string, reason?: string, timeoutMs?: number): Promise<KubeObject>;
  /** Stops one running service (to simulate a crash or restart it). */
  stopService(name: ServiceName): Promise<void>;
  /** Starts a service again (a new replica with a new instance name). */
  startService(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

/** Parses multi-document YAML into objects. */
export function objectsOf(yaml: string): KubeObject[] {
  return parseAllDocuments(yaml).map((d) => d.toJSON() as KubeObject).filter((o) => o !== null);
}

function conditionOf(obj: KubeObject | undefined, type: string): { status?: string; reason?: string; message?: string } | undefined {
  const conditions = (obj?.status as { conditions?: { type: string; status: string; reason: string; message: string }[] } | undefined)?.conditions;
  return conditions?.find((c) => c.type === type);
}

let counter = 0;

/** Starts everything; see the module comment. */
export async function startPipeline(opts: PipelineOptions = {}): Promise<Pipeline> {
  const prefix = `e2e${process.pid}x${++counter}`;
  const workDir = await mkdtemp(join(tmpdir(), 'sluice-e2e-'));
  const nats = await startNats();
  const sim = await startKubeSim({ readyDelayMs: opts.readyDelayMs ?? 200 });
  const kubeconfigPath = join(workDir, 'kubeconfig');
  await writeFile(kubeconfigPath, sim.kubeconfig);
  const kube = createKubeClient({ kubeconfig: kubeconfigPath, userAgent: 'e2e-test' });
  const settings = { ...(opts.ackWaitMs ? { ackWaitMs: opts.ackWaitMs } : {}), ...(opts.leaseTtlMs ? { leaseTtlMs: opts.leaseTtlMs } : {}) };
  const connections: NatsConnection[] = [];
  const newBus = async (controller: string): Promise<Bus> => {
    const nc = await connect({ servers: nats.url, name: controller, noAsyncTraces: true });
    connections.push(nc);
    return createBus(nc, { prefix, controller, instance: `${controller}-${connections.length}`, settings });
  };
  const bus = await newBus('e2e-test');
  await bus.ensureTopology();

  const apply = async (objects: string | readonly KubeObject[]): Promise<void> => {
    for (const o of typeof objects === 'string' ? objectsOf(objects) : objects) await kube.apply(o, { fieldManager: 'e2e-test', force: true });
  };
  await installFluxApi(kube);

  const running = new Map<ServiceName, { service: RunningService; bus: Bus }>();
  const startService = async (name: ServiceName): Promise<void> => {
    const serviceBus = await newBus(name);
    const ctx = await createServiceContext({ service: name, bus: serviceBus, kube: createKubeClient({ kubeconfig: kubeconfigPath, userAgent: name }), tracer: trace.getTracer(`sluice-${name}`), instance: `${name}-${connections.length}` });
    running.set(name, { service: await STARTERS[name](ctx, workDir), bus: serviceBus });
  };
  const stopService = async (name: ServiceName): Promise<void> => {
    const r = running.get(name);
    running.delete(name);
    await r?.service.stop();
    await r?.bus.close();
  };
  for (const name of opts.services ?? (Object.keys(STARTERS) as ServiceName[])) await startService(name);

  const waitFor: Pipeline['waitFor'] = async (ref, predicate, description, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    let last: KubeObject | undefined;
    for (;;) {
      last = await kube.get(ref);
      if (predicate(last)) return last;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${description} on ${ref.kind}/${ref.namespace ?? ''}/${ref.name}; last status: ${JSON.stringify(last?.status ?? null)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  return {
    nats, apiServerUrl: sim.url, kube, kubeconfigPath, prefix, workDir, bus, apply, waitFor, startService, stopService,
    async waitForCondition(ref, type, status, reason, timeoutMs) {
      const obj = await waitFor(ref, (o) => {
        const c = conditionOf(o, type);
        return c?.status === status && (reason === undefined || c.reason === reason);
      }, `${type}=${status}${reason ? ` (${reason})` : ''}`, timeoutMs);
      return obj!;
    },
    async stop() {
      for (const name of [...running.keys()]) await stopService(name);
      await bus.close();
      for (const nc of connections) await nc.close().catch(() => undefined);
      kube.close();
      await sim.stop();
      await nats.stop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
