/**
 * The health-checker's own Prometheus series, next to the shared `gotk_*` ones: checks by result and duration,
 * checks running now, and the shared watches with the objects they track.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What the gauges read when scraped. */
export interface HealthGaugeSources {
  readonly runningChecks: () => number;
  readonly watches: () => { watches: number; trackers: number };
}

/** Records finished checks. */
export interface HealthMetrics {
  /** One finished check, by `CheckResult` kind. */
  checkFinished(result: string, seconds: number): void;
}

/** Registers the series on `registry` (the service's). */
export function createHealthMetrics(registry: Registry, sources: HealthGaugeSources): HealthMetrics {
  const total = new Counter({
    name: 'sluice_health_checks_total', help: 'Health checks finished, by result.', labelNames: ['result'], registers: [registry],
  });
  const duration = new Histogram({
    name: 'sluice_health_check_duration_seconds', help: 'How long health checks waited, by result.', labelNames: ['result'],
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600], registers: [registry],
  });
  new Gauge({
    name: 'sluice_health_checks_running', help: 'Health checks waiting now in this replica.', registers: [registry],
    collect() {
      this.set(sources.runningChecks());
    },
  });
  new Gauge({
    name: 'sluice_health_watches', help: 'Shared watches (one per apiVersion and kind) open in this replica.', registers: [registry],
    collect() {
      this.set(sources.watches().watches);
    },
  });
  new Gauge({
    name: 'sluice_health_tracked_objects', help: 'Objects tracked by running health checks.', registers: [registry],
    collect() {
      this.set(sources.watches().trackers);
    },
  });
  return {
    checkFinished(result, seconds) {
      total.inc({ result });
      duration.observe({ result }, seconds);
    },
  };
}
