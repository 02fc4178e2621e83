// Helpers for the health-checker tests that run against kube-sim and a real NATS server (through the pipeline
// harness): health-checker replicas, simulated workloads, and an applier stand-in that writes the status the
// applier writes and publishes its `apply` message.
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { trace } from '@opentelemetry/api';
import { inventoryEntry, markReconciling, type Kustomization } from '@sluice/api';
import { createBus, streamName, type Envelope, type InventoryEntry, type Leases } from '@sluice/bus';
import { createKubeClient, createServiceContext, involvedObject, updateStatus, type KubeObject, type RunningService } from '@sluice/runtime';
import { createCapturingLogger, type LogRecord } from '@sluice/telemetry/testing';
import { startHealthChecker, type HealthCheckerOptions } from '../src/index.js';
import type { Pipeline } from '../../../test/e2e/support/pipeline.js';

/** A health-checker replica on the pipeline's NATS and kube-sim. */
export interface Replica {
  readonly instance: string;
  readonly service: RunningService;
  /** What the replica logged. */
  readonly records: readonly LogRecord[];
  /** Its Prometheus exposition text. */
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts one health-checker replica named `instance`. */
export async function startReplica(p: Pipeline, instance: string, opts: HealthCheckerOptions = {}): Promise<Replica> {
  const nc = await connect({ servers: p.nats.url, name: instance });
  const { logger, records } = createCapturingLogger(instance);
  const bus = await createBus(nc, { prefix: p.prefix, controller: 'health-checker', instance, logger });
  const kube = createKubeClient({ kubeconfig: p.kubeconfigPath, userAgent: instance });
  const ctx = await createServiceContext({ service: 'health-checker', bus, kube, instance, logger, tracer: trace.getTracer('sluice-health-checker') });
  const service = await startHealthChecker(ctx, { watchLingerMs: 200, ...opts });
  return {
    instance,
    service,
    records,
    metrics: () => ctx.metrics.registry.metrics(),
    async stop() {
      await service.stop();
      await bus.close();
      await nc.close();
      kube.close();
    },
  };
}

/** Who holds the health-checker lease of a Kustomization. */
export async function healthLeaseHolder(p: Pipeline, name: string): Promise<string | undefined> {
  const leases: Leases = await p.bus.leases({ scope: 'health-checker' });
  return leases.holderOf({ kind: 'Kustomization', namespace: 'flux-system', name });
}

/** A Deployment kube-sim runs: it becomes Available after the ready delay unless its annotations say otherwise. */
export function simDeployment(namespace: string, name: string, opts: { annotations?: Record<string, string>; progressDeadlineSeconds?: number } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, ...(opts.annotations ? { annotations: opts.annotations } : {}) },
    spec: {
      replicas: 1,
      ...(opts.progressDeadlineSeconds ? { progressDeadlineSeconds: opts.progressDeadlineSeconds } : {}),
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: `example.com/${name}:1` }] } },
    },
  };
}

/** A Namespace. */
export function namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

/** A Kustomization in flux-system reading GitRepository `repo`. */
export function kustomizationObject(name: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name, namespace: 'flux-system' },
    spec: { interval: '10m', prune: true, path: './', sourceRef: { kind: 'GitRepository', name: 'repo' }, ...spec },
  };
}

const kRef = (name: string) => ({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name });

let sequence = 0;

/**
 * Does what the applier does after applying `objects` at `revision` for Kustomization `name`: records inventory,
 * revision and progress in its status, then publishes the `apply` message asking for a health check.
 */
export async function announceApply(p: Pipeline, name: string, revision: string, objects: readonly KubeObject[]): Promise<void> {
  const inventory: InventoryEntry[] = objects.map((o) => inventoryEntry({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name ?? '', ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) } }));
  type Status = NonNullable<Kustomization['status']>;
  const stored = await updateStatus<Status, Kustomization & KubeObject>(p.kube, kRef(name), (latest) => ({
    ...markReconciling(latest, { message: `Running health checks for revision ${revision}` }).status,
    inventory: { entries: inventory }, lastAppliedRevision: revision, lastAttemptedRevision: revision, observedGeneration: latest.metadata.generation ?? 1,
  }));
  if (!stored) throw new Error(`Kustomization ${name} not found`);
  await p.bus.publish('apply', {
    involvedObject: involvedObject(stored), reason: 'ReconciliationSucceeded', message: 'applied',
    payload: {
      revision, changeSet: { counts: { created: 0, configured: 0, unchanged: objects.length, deleted: 0, skipped: 0 }, entries: [] },
      inventory, healthCheck: true, generation: stored.metadata.generation ?? 1, digest: `sha256:${String(++sequence).padStart(64, '0')}`,
    },
  });
}

/** Kubernetes Events recorded on a Kustomization, as `reason: message`. */
export async function eventsOf(p: Pipeline, name: string): Promise<string[]> {
  const { items } = await p.kube.list<KubeObject & { reason?: string; message?: string; involvedObject?: { name?: string; kind?: string } }>('v1', 'Event', { namespace: 'flux-system' });
  return items.filter((e) => e.involvedObject?.kind === 'Kustomization' && e.involvedObject.name === name).map((e) => `${e.reason}: ${e.message}`);
}

/** Waits until an Event on Kustomization `name` matches `pattern`, and returns it as `reason: message`. */
export async function waitForEvent(p: Pipeline, name: string, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await eventsOf(p, name);
    const hit = events.find((e) => pattern.test(e));
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error(`no Event matching ${pattern} on Kustomization ${name}; seen: ${events.join(' | ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The replica's metrics once they match `pattern` (the counters move just after the status and Event are written). */
export async function waitForMetrics(replica: Replica, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await replica.metrics();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`metrics never matched ${pattern}; last:\n${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The last `reconcile` request waiting for Kustomization `name` (no builder consumes them in these tests). */
export async function lastReconcileRequest(p: Pipeline, name: string): Promise<Envelope<'reconcile'> | undefined> {
  const jsm = await jetstreamManager(p.bus.nc);
  const subject = p.bus.subject('reconcile', { kind: 'Kustomization', namespace: 'flux-system', name });
  const msg = await jsm.streams.getMessage(streamName(p.prefix, 'RECONCILE'), { last_by_subj: subject }).catch(() => null);
  return msg ? msg.json<Envelope<'reconcile'>>() : undefined;
}

/** The condition of a type on an object. */
export function conditionOf(obj: KubeObject | undefined, type: string): { status: string; reason: string; message: string } | undefined {
  return (obj?.status as { conditions?: { type: string; status: string; reason: string; message: string }[] } | undefined)?.conditions?.find((c) => c.type === type);
}

/** The reference of a Kustomization in flux-system. */
export const kustomizationRef = kRef;
