/**
 * What every service is built from: a {@link ServiceContext} holding its connections and helpers, and
 * {@link runServiceMain}, the composition root each service's `src/main.ts` calls (config from the environment,
 * tracing, NATS, Kubernetes, the ops server, graceful shutdown).
 */
import { hostname } from 'node:os';
import { trace, type Tracer } from '@opentelemetry/api';
import { connectBus, type Bus, type Leases } from '@sluice/bus';
import { errorMessage } from '@sluice/errors';
import { createLogger, initTelemetry, type Logger } from '@sluice/telemetry';
import { createKubeClient, type KubeClient } from './kube/client.js';
import { EventRecorder } from './kube/events.js';
import { createServiceMetrics, type ServiceMetrics } from './metrics.js';
import { startOpsServer } from './ops-server.js';
import { Shutdown } from './shutdown.js';

/** Everything a service's logic receives; built once per process (or per service, when several share one). */
export interface ServiceContext {
  /** Service name: `source-fetcher`, `builder`, ... (reporting controller, lease scope, metrics label). */
  readonly service: string;
  /** This replica's name (pod name): reporting instance and lease holder. */
  readonly instance: string;
  readonly bus: Bus;
  readonly kube: KubeClient;
  readonly logger: Logger;
  readonly tracer: Tracer;
  readonly metrics: ServiceMetrics;
  readonly events: EventRecorder;
  /** Per-object leases in this service's scope. */
  readonly leases: Leases;
  /** The clock; tests may replace it. */
  readonly now: () => Date;
}

/** A started service: the consumers and watches its `start` function set up. */
export interface RunningService {
  /** True once its consumers and informers run. */
  ready(): boolean;
  /** Stops taking work and drains what is in flight. */
  stop(): Promise<void>;
}

/** Inputs of {@link createServiceContext}. */
export interface ServiceContextOptions {
  readonly service: string;
  readonly bus: Bus;
  readonly kube: KubeClient;
  readonly instance?: string;
  readonly logger?: Logger;
  readonly tracer?: Tracer;
  readonly metrics?: ServiceMetrics;
  readonly now?: () => Date;
}

/** Default replica name: `$POD_NAME`, else `<hostname>-<pid>`. */
export function defaultInstance(env: NodeJS.ProcessEnv = process.env): string {
  return env.POD_NAME ?? `${hostname()}-${process.pid}`;
}

/** Builds a service's context on existing connections (used by `runServiceMain`, tests and `sluice up`). */
export async function createServiceContext(opts: ServiceContextOptions): Promise<ServiceContext> {
  const instance = opts.instance ?? defaultInstance();
  const logger = opts.logger ?? createLogger({ service: opts.service, fields: { instance } });
  const metrics = opts.metrics ?? createServiceMetrics(opts.service, { defaultMetrics: false });
  for (const c of opts.bus.topology.consumers.filter((x) => x.service === opts.service)) {
    metrics.trackQueueDepth(c.name, () => opts.bus.backlog(c.name));
  }
  return {
    service: opts.service,
    instance,
    bus: opts.bus,
    kube: opts.kube,
    logger,
    tracer: opts.tracer ?? trace.getTracer(`sluice-${opts.service}`),
    metrics,
    events: new EventRecorder(opts.kube, {
      component: opts.service,
      instance,
      onError: (err) => logger.warn('writing a Kubernetes Event failed', { error: errorMessage(err) }),
    }),
    leases: await opts.bus.leases({ scope: opts.service }),
    now: opts.now ?? (() => new Date()),
  };
}

/** Service settings read from the environment (and `--kubeconfig` on the command line). */
export interface ServiceConfig {
  /** `NATS_URL`, default `nats://127.0.0.1:4222`. */
  readonly natsUrl: string;
  /** `SLUICE_BUS_PREFIX`, default `sluice`: several installations can share one NATS. */
  readonly busPrefix: string;
  /** `--kubeconfig` or `KUBECONFIG`; unset means `~/.kube/config` or in-cluster. */
  readonly kubeconfig: string | undefined;
  /** `SLUICE_OPS_PORT`: port of /healthz, /readyz, /metrics. */
  readonly opsPort: number;
  /** `SLUICE_OPS_HOST`, default `127.0.0.1` (`0.0.0.0` in containers). */
  readonly opsHost: string;
  /** `POD_NAME`, else `<hostname>-<pid>`. */
  readonly instance: string;
  /** `SLUICE_ACK_WAIT_MS`: how long a consumer's unacknowledged message waits before redelivery. */
  readonly ackWaitMs: number | undefined;
  /** `SLUICE_LEASE_TTL_MS`: how long a dead replica's object leases last. */
  readonly leaseTtlMs: number | undefined;
}

function intFromEnv(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}: expected a non-negative integer, found "${value}"`);
  return n;
}

/** Reads {@link ServiceConfig}; `defaultOpsPort` differs per service so they can share a host. */
export function serviceConfigFromEnv(defaultOpsPort: number, env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv): ServiceConfig {
  const flag = argv.indexOf('--kubeconfig');
  return {
    natsUrl: env.NATS_URL ?? 'nats://127.0.0.1:4222',
    busPrefix: env.SLUICE_BUS_PREFIX ?? 'sluice',
    kubeconfig: (flag >= 0 ? argv[flag + 1] : undefined) ?? env.KUBECONFIG,
    opsPort: intFromEnv(env.SLUICE_OPS_PORT, 'SLUICE_OPS_PORT') ?? defaultOpsPort,
    opsHost: env.SLUICE_OPS_HOST ?? '127.0.0.1',
    instance: defaultInstance(env),
    ackWaitMs: intFromEnv(env.SLUICE_ACK_WAIT_MS, 'SLUICE_ACK_WAIT_MS'),
    leaseTtlMs: intFromEnv(env.SLUICE_LEASE_TTL_MS, 'SLUICE_LEASE_TTL_MS'),
  };
}

/** Topology settings a config overrides. */
export function topologySettings(cfg: Pick<ServiceConfig, 'ackWaitMs' | 'leaseTtlMs'>): { ackWaitMs?: number; leaseTtlMs?: number } {
  return {
    ...(cfg.ackWaitMs !== undefined ? { ackWaitMs: cfg.ackWaitMs } : {}),
    ...(cfg.leaseTtlMs !== undefined ? { leaseTtlMs: cfg.leaseTtlMs } : {}),
  };
}

/**
 * The composition root of a service process: reads {@link ServiceConfig}, starts tracing (OTLP when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set), connects to NATS (reconnecting forever) and sets up the topology,
 * connects to Kubernetes, runs `start`, serves /healthz /readyz /metrics, and on SIGTERM drains and exits.
 */
export async function runServiceMain(service: string, defaultOpsPort: number, start: (ctx: ServiceContext) => Promise<RunningService>): Promise<void> {
  const cfg = serviceConfigFromEnv(defaultOpsPort);
  const logger = createLogger({ service, fields: { instance: cfg.instance } });
  const telemetry = initTelemetry({ serviceName: `sluice-${service}`, serviceInstanceId: cfg.instance });
  const shutdown = new Shutdown({ onError: (err) => logger.error('shutdown step failed', { error: errorMessage(err) }) });
  shutdown.add(() => telemetry.shutdown());
  const bus = await connectBus(cfg.natsUrl, { prefix: cfg.busPrefix, controller: service, instance: cfg.instance, logger, settings: topologySettings(cfg) });
  shutdown.add(() => bus.close());
  await bus.ensureTopology();
  const kube = createKubeClient({ kubeconfig: cfg.kubeconfig, userAgent: `sluice-${service}/${cfg.instance}` });
  shutdown.add(() => kube.close());
  const metrics = createServiceMetrics(service);
  const ctx = await createServiceContext({ service, bus, kube, logger, metrics, instance: cfg.instance, tracer: telemetry.tracer(`sluice-${service}`) });
  const running = await start(ctx);
  shutdown.add(() => running.stop());
  const ops = await startOpsServer({
    port: cfg.opsPort, host: cfg.opsHost, registry: metrics.registry, ready: () => running.ready() && !bus.nc.isClosed(),
  });
  shutdown.add(() => ops.close());
  shutdown.installSignalHandlers();
  logger.info('started', { ops: ops.url, nats: cfg.natsUrl, prefix: cfg.busPrefix });
}
