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

/** One span as an OTLP/HTTP JSON receiver saw it. */
export interface ReceivedSpan {
  readonly serviceName: string | undefined;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly attributes: Readonly<Record<string, string | number | boolean | undefined>>;
}

/** A local OTLP/HTTP (JSON) trace receiver for tests; point `OTEL_EXPORTER_OTLP_ENDPOINT` at `url`. */
export interface OtlpReceiver {
  readonly url: string;
  /** `METHOD path content-type` of every request received. */
  readonly requests: readonly string[];
  /** Every span received so far. */
  spans(): ReceivedSpan[];
  stop(): Promise<void>;
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
}
interface OtlpBody {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: { spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; attributes?: OtlpAttribute[] }[] }[];
  }[];
}

function attributeValue(a: OtlpAttribute): string | number | boolean | undefined {
  const v = a.value;
  return v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.doubleValue ?? v.boolValue;
}

/** Starts a receiver on a free loopback port that accepts OTLP/HTTP JSON trace exports and keeps the spans. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const { createServer } = await import('node:http');
  const requests: string[] = [];
  const received: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as OtlpBody;
        for (const rs of body.resourceSpans ?? []) {
          const serviceName = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue;
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              received.push({
                serviceName, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId || undefined, name: s.name,
                attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, attributeValue(a)])),
              });
            }
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    spans: () => [...received],
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
