/**
 * The notifier service: watches Alerts and Providers, matches every `event` on the bus against the Alerts (consumer
 * `notifier`), and delivers each match to its Provider (consumer `notifier-deliveries`), retrying each Alert's
 * delivery on its own. Consumers are shared by all replicas, so each event is matched once and each match delivered
 * once across replicas.
 */
import type { RunningService, ServiceContext } from '@sluice/runtime';
import { startCatalog } from './catalog.js';
import { createDeliveryHandler } from './deliver.js';
import { createEventHandler, kubeLabelLookup } from './dispatch.js';
import { createNotifierMetrics } from './metrics.js';
import { defaultProviderRegistry } from './providers/defaults.js';
import { nodeHttpTransport } from './providers/http.js';
import type { ProviderRegistry } from './providers/registry.js';
import type { HttpTransport } from './providers/types.js';
import { defaultRetryPolicy, type RetryPolicy } from './retry.js';

/** Options of {@link startNotifier}; {@link defaultNotifierOptions} gives every default. */
export interface NotifierOptions {
  /** Flux's `--no-cross-namespace-refs`: Alerts only take events about objects in their own namespace. */
  readonly noCrossNamespaceRefs: boolean;
  /** Events matched at once by this replica (matching may read an object's labels). */
  readonly eventConcurrency: number;
  /** Notifications sent at once by this replica; a slow receiver holds only its own slots. */
  readonly deliveryConcurrency: number;
  /** How failed deliveries are retried. */
  readonly retry: RetryPolicy;
  /** Provider types and their senders. */
  readonly providers: ProviderRegistry;
  /** How HTTP requests are sent (tests may replace it). */
  readonly transport: HttpTransport;
}

/** Every option at its default. */
export function defaultNotifierOptions(): NotifierOptions {
  return {
    noCrossNamespaceRefs: false,
    eventConcurrency: 4,
    deliveryConcurrency: 16,
    retry: defaultRetryPolicy(),
    providers: defaultProviderRegistry(),
    transport: nodeHttpTransport,
  };
}

/** Starts the Alert and Provider watches, then both consumers. */
export async function startNotifier(ctx: ServiceContext, overrides: Partial<NotifierOptions> = {}): Promise<RunningService> {
  const opts = { ...defaultNotifierOptions(), ...overrides };
  const metrics = createNotifierMetrics(ctx.metrics.registry);
  const catalog = await startCatalog(ctx);
  const events = ctx.bus.consume('notifier', createEventHandler(ctx, {
    catalog, metrics, labelsOf: kubeLabelLookup(ctx.kube), noCrossNamespaceRefs: opts.noCrossNamespaceRefs,
  }), { concurrency: opts.eventConcurrency });
  const deliveries = ctx.bus.consume('notifier-deliveries', createDeliveryHandler(ctx, {
    catalog, metrics, providers: opts.providers, transport: opts.transport, retry: opts.retry,
  }), { concurrency: opts.deliveryConcurrency });
  let running = true;
  return {
    ready: () => running,
    async stop() {
      running = false;
      await Promise.all([events.stop(), deliveries.stop()]);
      await catalog.stop();
    },
  };
}
