/**
 * Test helpers (`@sluice/telemetry/testing`): an in-memory tracing setup registered globally, and a logger that
 * keeps its records for assertions.
 */
import type { Tracer } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { createLogger, type Logger, type LogLevel } from './logger.js';
import { initTelemetry, type Telemetry } from './tracing.js';

/** What {@link setupTestTelemetry} returns. */
export interface TestTelemetry {
  readonly telemetry: Telemetry;
  readonly exporter: InMemorySpanExporter;
  /** A tracer of the test provider. */
  tracer(name?: string): Tracer;
  /** Spans finished so far (exported synchronously). */
  finishedSpans(): ReadableSpan[];
  /** Forgets the finished spans. */
  reset(): void;
  /** Shuts the provider down and removes the globals; call in `after`/`afterEach`. */
  shutdown(): Promise<void>;
}

/**
 * Registers a provider that exports every span at once to memory, with the context manager and W3C propagator,
 * ignoring `OTEL_*` from the environment. Call in `before`/`beforeEach`; spans from any code using the global API
 * then show up in `finishedSpans()`.
 */
export function setupTestTelemetry(serviceName = 'test'): TestTelemetry {
  const exporter = new InMemorySpanExporter();
  const telemetry = initTelemetry({ serviceName, exporter, processor: 'simple', env: {} });
  return {
    telemetry, exporter,
    tracer: (name = 'test') => telemetry.tracer(name),
    finishedSpans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    shutdown: () => telemetry.shutdown(),
  };
}

/** A log record as the JSON logger writes it, parsed. */
export type LogRecord = Readonly<Record<string, unknown>> & { readonly level: LogLevel; readonly msg: string };

/** A logger whose lines are kept (parsed) in `records` instead of written. */
export function createCapturingLogger(service = 'test', level: LogLevel = 'debug'): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const logger = createLogger({ service, level, sink: (line) => records.push(JSON.parse(line) as LogRecord) });
  return { logger, records };
}
