/**
 * The Prometheus metrics every service exports, named after Flux's `gotk_*` metrics so existing Flux dashboards and
 * alerts keep working; Sluice-only figures use the `sluice_` prefix.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Result label of a reconciliation step. */
export type ReconcileResult = 'success' | 'failure' | 'skipped';

/** An object a metric is about. */
export interface MetricSubject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

/** The metrics of one service process. */
export interface ServiceMetrics {
  readonly registry: Registry;
  /** Records one reconciliation (of this service's stage) with its duration. */
  observeReconcile(subject: MetricSubject, result: ReconcileResult, seconds: number): void;
  /** Publishes an object's condition, as Flux's `gotk_reconcile_condition` gauge does. */
  setCondition(subject: MetricSubject, type: string, status: 'True' | 'False' | 'Unknown'): void;
  /** Publishes whether an object is suspended (`gotk_suspend_status`). */
  setSuspended(subject: MetricSubject, suspended: boolean): void;
  /** Reports a work queue's depth on every scrape. */
  trackQueueDepth(consumer: string, depth: () => Promise<number>): void;
}

/** Creates the registry and metrics for the service `service` (label on every series). */
export function createServiceMetrics(service: string, opts: { defaultMetrics?: boolean } = {}): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'gotk_reconcile_duration_seconds',
    help: 'The duration in seconds of a reconciliation step.',
    labelNames: ['kind', 'name', 'namespace'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
    registers: [registry],
  });
  const total = new Counter({
    name: 'gotk_reconcile_total',
    help: 'Reconciliation steps by kind and result.',
    labelNames: ['kind', 'result'],
    registers: [registry],
  });
  const condition = new Gauge({
    name: 'gotk_reconcile_condition',
    help: 'The current condition status of a reconciled object.',
    labelNames: ['kind', 'name', 'namespace', 'type', 'status'],
    registers: [registry],
  });
  const suspended = new Gauge({
    name: 'gotk_suspend_status',
    help: 'The current suspend status of a reconciled object.',
    labelNames: ['kind', 'name', 'namespace'],
    registers: [registry],
  });
  const queues = new Map<string, () => Promise<number>>();
  new Gauge({
    name: 'sluice_queue_depth',
    help: 'Messages waiting (pending and unacknowledged) on a work consumer.',
    labelNames: ['consumer'],
    registers: [registry],
    async collect() {
      for (const [consumer, depth] of queues) {
        const value = await depth().catch(() => NaN);
        if (!Number.isNaN(value)) this.set({ consumer }, value);
      }
    },
  });
  return {
    registry,
    observeReconcile(s, result, seconds) {
      duration.observe({ kind: s.kind, name: s.name, namespace: s.namespace }, seconds);
      total.inc({ kind: s.kind, result });
    },
    setCondition(s, type, status) {
      for (const v of ['True', 'False', 'Unknown'] as const) {
        condition.set({ kind: s.kind, name: s.name, namespace: s.namespace, type, status: v }, v === status ? 1 : 0);
      }
    },
    setSuspended(s, value) {
      suspended.set({ kind: s.kind, name: s.name, namespace: s.namespace }, value ? 1 : 0);
    },
    trackQueueDepth(consumer, depth) {
      queues.set(consumer, depth);
    },
  };
}
