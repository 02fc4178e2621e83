/**
 * Pure reading of the standard OpenTelemetry environment variables we honour (the OTLP exporter reads its own
 * `OTEL_EXPORTER_OTLP_*` variables). Kept free of SDK objects so it can be tested with plain maps.
 */
import type { Attributes } from '@opentelemetry/api';

/** Which sampler `OTEL_TRACES_SAMPLER` asks for (the spec's names; `parentbased_always_on` by default). */
export const SAMPLERS = {
  alwaysOn: 'always_on',
  alwaysOff: 'always_off',
  traceIdRatio: 'traceidratio',
  parentBasedAlwaysOn: 'parentbased_always_on',
  parentBasedAlwaysOff: 'parentbased_always_off',
  parentBasedTraceIdRatio: 'parentbased_traceidratio',
} as const;
export type SamplerName = (typeof SAMPLERS)[keyof typeof SAMPLERS];

/** Which exporter `OTEL_TRACES_EXPORTER` asks for. */
export const EXPORTERS = { otlp: 'otlp', console: 'console', none: 'none' } as const;
export type ExporterName = (typeof EXPORTERS)[keyof typeof EXPORTERS];

/** Everything `initTelemetry` takes from the environment. */
export interface TelemetryEnvConfig {
  /** `OTEL_SDK_DISABLED=true`: no provider, no exporter; the API stays a no-op. */
  readonly disabled: boolean;
  readonly sampler: SamplerName;
  /** `OTEL_TRACES_SAMPLER_ARG` for the ratio samplers, in [0, 1]. */
  readonly samplerRatio: number;
  readonly exporter: ExporterName;
  /** `OTEL_SERVICE_NAME`, which wins over `service.name` in `OTEL_RESOURCE_ATTRIBUTES`. */
  readonly serviceName: string | undefined;
  /** `OTEL_RESOURCE_ATTRIBUTES`, percent-decoded. */
  readonly resourceAttributes: Attributes;
  /** `OTEL_BSP_*` settings of the batch span processor (only those set). */
  readonly batch: BatchSettings;
  /** Problems found (unknown sampler, malformed attribute); reported once by `initTelemetry`, never fatal. */
  readonly warnings: readonly string[];
}

/** Batch span processor settings from `OTEL_BSP_SCHEDULE_DELAY`, `..._EXPORT_TIMEOUT`, `..._MAX_QUEUE_SIZE`, `..._MAX_EXPORT_BATCH_SIZE`. */
export interface BatchSettings {
  scheduledDelayMillis?: number;
  exportTimeoutMillis?: number;
  maxQueueSize?: number;
  maxExportBatchSize?: number;
}

const BSP_VARIABLES = {
  OTEL_BSP_SCHEDULE_DELAY: 'scheduledDelayMillis',
  OTEL_BSP_EXPORT_TIMEOUT: 'exportTimeoutMillis',
  OTEL_BSP_MAX_QUEUE_SIZE: 'maxQueueSize',
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: 'maxExportBatchSize',
} as const;

/** Reads the telemetry configuration from `env`; call it once at start (initTelemetry does). Never throws. */
export function telemetryConfigFromEnv(env: NodeJS.ProcessEnv): TelemetryEnvConfig {
  const warnings: string[] = [];
  return {
    disabled: (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true',
    sampler: readChoice(env, 'OTEL_TRACES_SAMPLER', Object.values(SAMPLERS), SAMPLERS.parentBasedAlwaysOn, warnings),
    samplerRatio: readRatio(env, warnings),
    exporter: readChoice(env, 'OTEL_TRACES_EXPORTER', Object.values(EXPORTERS), EXPORTERS.otlp, warnings),
    serviceName: env.OTEL_SERVICE_NAME?.trim() || undefined,
    resourceAttributes: parseResourceAttributes(env.OTEL_RESOURCE_ATTRIBUTES ?? '', warnings),
    batch: readBatchSettings(env, warnings),
    warnings,
  };
}

/**
 * Parses `OTEL_RESOURCE_ATTRIBUTES` (`key1=value1,key2=value2`, values percent-encoded); malformed entries are
 * skipped with a warning.
 */
export function parseResourceAttributes(raw: string, warnings: string[] = []): Attributes {
  const attributes: Attributes = {};
  for (const entry of raw.split(',').map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    const key = eq > 0 ? entry.slice(0, eq).trim() : '';
    if (!key) {
      warnings.push(`OTEL_RESOURCE_ATTRIBUTES: entry ${JSON.stringify(entry)} is not key=value; skipped`);
      continue;
    }
    try {
      attributes[key] = decodeURIComponent(entry.slice(eq + 1).trim());
    } catch {
      warnings.push(`OTEL_RESOURCE_ATTRIBUTES: value of ${key} is not valid percent-encoding; skipped`);
    }
  }
  return attributes;
}

function readChoice<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T, warnings: string[]): T {
  const value = env[name]?.trim().toLowerCase();
  if (!value) return fallback;
  // A list (`otlp,console`) is allowed by the spec for exporters; we honour its first entry.
  const first = value.split(',')[0]!.trim();
  if ((allowed as readonly string[]).includes(first)) return first as T;
  warnings.push(`${name}: ${JSON.stringify(value)} is not one of ${allowed.join(', ')}; using ${fallback}`);
  return fallback;
}

function readRatio(env: NodeJS.ProcessEnv, warnings: string[]): number {
  const raw = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  if (!raw) return 1;
  const ratio = Number(raw);
  if (Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) return ratio;
  warnings.push(`OTEL_TRACES_SAMPLER_ARG: ${JSON.stringify(raw)} is not a number in [0, 1]; using 1`);
  return 1;
}

function readBatchSettings(env: NodeJS.ProcessEnv, warnings: string[]): BatchSettings {
  const settings: BatchSettings = {};
  for (const [name, key] of Object.entries(BSP_VARIABLES)) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= 0) settings[key] = value;
    else warnings.push(`${name}: ${JSON.stringify(raw)} is not a non-negative integer; ignored`);
  }
  return settings;
}
