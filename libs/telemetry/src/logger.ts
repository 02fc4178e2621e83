/**
 * Structured JSON logs, one object per line, carrying `trace_id` and `span_id` of the active span so a log line
 * leads to its trace. No dependencies beyond the OpenTelemetry API.
 */
import { trace } from '@opentelemetry/api';
import { errorMessage, isSluiceError } from '@sluice/errors';

/** Severity levels, lowest first. */
export const LOG_LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LOG_LEVELS;

/** Extra structured fields; `Error` values are rendered as `{ name, message, code?, stack }`. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A structured logger. */
export interface Logger {
  /** The lowest level written. */
  readonly level: LogLevel;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. `{ kind, namespace, name }` of the object being worked on). */
  child(fields: LogFields): Logger;
  /** True when `level` would be written; check before building expensive fields. */
  isLevelEnabled(level: LogLevel): boolean;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** `service` field of every line. */
  readonly service: string;
  /** Lowest level written; default `$LOG_LEVEL` or `info`. */
  readonly level?: LogLevel;
  /** Fields on every line. */
  readonly fields?: LogFields;
  /** Where lines go (one JSON object without newline per call); default stdout. */
  readonly sink?: (line: string) => void;
  /** Clock for the `time` field; tests pin it. */
  readonly now?: () => Date;
}

/** Creates the root logger of a service; derive per-object loggers with `child()`. */
export function createLogger(opts: LoggerOptions): Logger {
  const level = opts.level ?? parseLogLevel(process.env.LOG_LEVEL) ?? 'info';
  const sink = opts.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  return new JsonLogger(level, { service: opts.service, ...opts.fields }, sink, opts.now ?? (() => new Date()));
}

/** `debug` | `info` | `warn` | `error` (case-insensitive), else undefined. */
export function parseLogLevel(raw: string | undefined): LogLevel | undefined {
  const value = raw?.trim().toLowerCase();
  return value !== undefined && value in LOG_LEVELS ? (value as LogLevel) : undefined;
}

class JsonLogger implements Logger {
  readonly level: LogLevel;
  private readonly fields: LogFields;
  private readonly sink: (line: string) => void;
  private readonly now: () => Date;

  constructor(level: LogLevel, fields: LogFields, sink: (line: string) => void, now: () => Date) {
    this.level = level;
    this.fields = fields;
    this.sink = sink;
    this.now = now;
  }

  debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.write('error', message, fields);
  }

  child(fields: LogFields): Logger {
    return new JsonLogger(this.level, { ...this.fields, ...fields }, this.sink, this.now);
  }

  isLevelEnabled(level: LogLevel): boolean {
    return LOG_LEVELS[level] >= LOG_LEVELS[this.level];
  }

  private write(level: LogLevel, message: string, fields: LogFields | undefined): void {
    if (!this.isLevelEnabled(level)) return;
    const record: Record<string, unknown> = { time: this.now().toISOString(), level, msg: message, ...this.fields, ...fields };
    const span = trace.getActiveSpan()?.spanContext();
    if (span && trace.isSpanContextValid(span)) {
      record.trace_id = span.traceId;
      record.span_id = span.spanId;
    }
    this.sink(safeStringify(record));
  }
}

/** JSON that never throws: errors become plain objects, bigints strings, cycles `[Circular]`. */
function safeStringify(record: Record<string, unknown>): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(record, (_key, value: unknown) => {
    if (value instanceof Error) return renderError(value);
    if (typeof value === 'bigint') return value.toString();
    if (value !== null && typeof value === 'object') {
      if (seen.has(value)) return '[Circular]';
      seen.add(value);
    }
    return value;
  });
}

function renderError(err: Error): Record<string, unknown> {
  const rendered: Record<string, unknown> = { name: err.name, message: errorMessage(err) };
  if (isSluiceError(err)) rendered.code = err.code;
  if (err.stack) rendered.stack = err.stack;
  if (err.cause !== undefined) rendered.cause = err.cause instanceof Error ? renderError(err.cause) : err.cause;
  return rendered;
}
