/** The notifier's Prometheus metrics, registered next to the runtime's on the service registry. */
import { Counter, Histogram, type Registry } from 'prom-client';

/** What happened to one delivery attempt. */
export const DELIVERY_RESULTS = {
  /** The provider accepted it. */
  delivered: 'delivered',
  /** It failed and will be tried again. */
  retried: 'retried',
  /** It failed for good (configuration error, or out of attempts); logged and dropped. */
  failed: 'failed',
  /** Not sent: the Provider is suspended, or the Alert is gone. */
  skipped: 'skipped',
} as const;
export type DeliveryResult = (typeof DELIVERY_RESULTS)[keyof typeof DELIVERY_RESULTS];

/** The notifier's metrics. */
export interface NotifierMetrics {
  /** Counts one delivery attempt for a provider type; `seconds` when something was sent. */
  delivery(providerType: string, result: DeliveryResult, seconds?: number): void;
  /** Counts one event by whether any Alert matched it. */
  event(matched: boolean): void;
}

function existing<T>(registry: Registry, name: string): T | undefined {
  return registry.getSingleMetric(name) as T | undefined;
}

/** Registers (or reuses) the notifier metrics on `registry`. */
export function createNotifierMetrics(registry: Registry): NotifierMetrics {
  const deliveries = existing<Counter>(registry, 'sluice_notifier_deliveries_total') ?? new Counter({
    name: 'sluice_notifier_deliveries_total',
    help: 'Notification delivery attempts by provider type and result (delivered, retried, failed, skipped).',
    labelNames: ['provider_type', 'result'],
    registers: [registry],
  });
  const duration = existing<Histogram>(registry, 'sluice_notifier_delivery_duration_seconds') ?? new Histogram({
    name: 'sluice_notifier_delivery_duration_seconds',
    help: 'Duration of notification requests by provider type.',
    labelNames: ['provider_type'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const events = existing<Counter>(registry, 'sluice_notifier_events_total') ?? new Counter({
    name: 'sluice_notifier_events_total',
    help: 'Events received, by whether an Alert matched them (matched, discarded).',
    labelNames: ['result'],
    registers: [registry],
  });
  return {
    delivery(providerType, result, seconds) {
      deliveries.inc({ provider_type: providerType, result });
      if (seconds !== undefined) duration.observe({ provider_type: providerType }, seconds);
    },
    event(matched) {
      events.inc({ result: matched ? 'matched' : 'discarded' });
    },
  };
}
