/**
 * One call per service at start: a tracer provider with the service's resource, the OTLP/HTTP exporter configured
 * by the standard `OTEL_*` variables, a batch processor, and the W3C propagator registered globally.
 */
import { diag, type Attributes, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import {
  AlwaysOffSampler, AlwaysOnSampler, BatchSpanProcessor, ConsoleSpanExporter, ParentBasedSampler, SimpleSpanProcessor,
  TraceIdRatioBasedSampler, TracerProvider, type Sampler, type SpanExporter, type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { SAMPLERS, telemetryConfigFromEnv, type SamplerName, type TelemetryEnvConfig } from './config.js';
import { registerGlobals, unregisterGlobals } from './globals.js';

/** Options of {@link initTelemetry}. */
export interface TelemetryOptions {
  /** `service.name` when `OTEL_SERVICE_NAME` / `OTEL_RESOURCE_ATTRIBUTES` do not set one. */
  readonly serviceName: string;
  /** `service.version`, e.g. the package version. */
  readonly serviceVersion?: string;
  /** `service.instance.id`, e.g. the pod name; tells replicas apart. */
  readonly serviceInstanceId?: string;
  /** More resource attributes (the environment's win on conflicts). */
  readonly attributes?: Attributes;
  /** Exporter to use instead of the one `OTEL_TRACES_EXPORTER` selects (tests, custom backends). */
  readonly exporter?: SpanExporter;
  /** `batch` (default; production) or `simple` (export each span at once; tests and CLIs). */
  readonly processor?: 'batch' | 'simple';
  /** Register provider, context manager and propagator as globals (default true). */
  readonly registerGlobal?: boolean;
  /** Environment to read `OTEL_*` from (the OTLP exporter itself always reads `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

/** What {@link initTelemetry} set up. */
export interface Telemetry {
  /** False when `OTEL_SDK_DISABLED=true`: tracers are no-ops and nothing is exported. */
  readonly enabled: boolean;
  /** The provider (undefined when disabled). */
  readonly provider: TracerProvider | undefined;
  /** The resource spans carry (undefined when disabled). */
  readonly resource: Resource | undefined;
  /** The configuration read from the environment, with its warnings. */
  readonly config: TelemetryEnvConfig;
  /** A tracer from this provider (a no-op tracer when disabled). */
  tracer(name: string, version?: string): Tracer;
  /** Exports every finished span now. */
  forceFlush(): Promise<void>;
  /** Flushes, shuts the exporter down and removes the globals; call it last, on SIGTERM or at the end of a CLI. */
  shutdown(): Promise<void>;
}

/** Sets tracing up for a service; call once, before the first span, from the service's composition root. */
export function initTelemetry(opts: TelemetryOptions): Telemetry {
  const config = telemetryConfigFromEnv(opts.env ?? process.env);
  for (const warning of config.warnings) diag.warn(warning);
  const registerGlobal = opts.registerGlobal ?? true;
  if (config.disabled) return disabledTelemetry(config);
  const resource = buildResource(opts, config);
  const exporter = opts.exporter ?? exporterFor(config);
  const processors: SpanProcessor[] = exporter ? [processorFor(exporter, opts.processor ?? 'batch', config)] : [];
  const provider = new TracerProvider({ resource, sampler: samplerFor(config.sampler, config.samplerRatio), spanProcessors: processors });
  if (registerGlobal) registerGlobals(provider);
  return {
    enabled: true, provider, resource, config,
    tracer: (name, version) => provider.getTracer(name, version),
    forceFlush: () => provider.forceFlush(),
    shutdown: async () => {
      await provider.shutdown();
      if (registerGlobal) unregisterGlobals();
    },
  };
}

/** The resource: SDK defaults, then our options, then `OTEL_RESOURCE_ATTRIBUTES`, then `OTEL_SERVICE_NAME`. */
function buildResource(opts: TelemetryOptions, config: TelemetryEnvConfig): Resource {
  const ours: Attributes = { ...opts.attributes, [ATTR_SERVICE_NAME]: opts.serviceName };
  if (opts.serviceVersion) ours[ATTR_SERVICE_VERSION] = opts.serviceVersion;
  if (opts.serviceInstanceId) ours['service.instance.id'] = opts.serviceInstanceId;
  const fromEnv: Attributes = { ...config.resourceAttributes };
  if (config.serviceName) fromEnv[ATTR_SERVICE_NAME] = config.serviceName;
  return defaultResource().merge(resourceFromAttributes(ours)).merge(resourceFromAttributes(fromEnv));
}

function exporterFor(config: TelemetryEnvConfig): SpanExporter | undefined {
  if (config.exporter === 'none') return undefined;
  if (config.exporter === 'console') return new ConsoleSpanExporter();
  return new OTLPTraceExporter();
}

function processorFor(exporter: SpanExporter, kind: 'batch' | 'simple', config: TelemetryEnvConfig): SpanProcessor {
  return kind === 'simple' ? new SimpleSpanProcessor({ exporter }) : new BatchSpanProcessor({ exporter, ...config.batch });
}

/** The sampler `OTEL_TRACES_SAMPLER` names; exported for tests and for services that build their own provider. */
export function samplerFor(name: SamplerName, ratio: number): Sampler {
  switch (name) {
    case SAMPLERS.alwaysOn: return new AlwaysOnSampler();
    case SAMPLERS.alwaysOff: return new AlwaysOffSampler();
    case SAMPLERS.traceIdRatio: return new TraceIdRatioBasedSampler(ratio);
    case SAMPLERS.parentBasedAlwaysOff: return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case SAMPLERS.parentBasedTraceIdRatio: return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    case SAMPLERS.parentBasedAlwaysOn: return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

function disabledTelemetry(config: TelemetryEnvConfig): Telemetry {
  const noop = new TracerProvider({ sampler: new AlwaysOffSampler() });
  return {
    enabled: false, provider: undefined, resource: undefined, config,
    tracer: (name, version) => noop.getTracer(name, version),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}
