import assert from 'node:assert/strict';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { initTelemetry, type Telemetry } from '../src/index.js';
import { setupTestTelemetry, startOtlpReceiver, type OtlpReceiver, type TestTelemetry } from '../src/testing.js';

describe('setupTestTelemetry', () => {
  let t: TestTelemetry;

  beforeEach(() => {
    t = setupTestTelemetry('unit');
  });

  afterEach(async () => {
    await t.shutdown();
  });

  it('delivers finished spans of the global tracer to the in-memory exporter, parented by the active span', () => {
    trace.getTracer('code-under-test').startActiveSpan('reconcile', (parent) => {
      trace.getTracer('code-under-test').startSpan('build').end();
      parent.end();
    });
    const spans = t.finishedSpans();
    assert.deepEqual(spans.map((s) => s.name), ['build', 'reconcile']);
    const [child, parent] = spans;
    assert.equal(child!.spanContext().traceId, parent!.spanContext().traceId);
    assert.equal(child!.parentSpanContext?.spanId, parent!.spanContext().spanId);
    assert.equal(parent!.resource.attributes['service.name'], 'unit');
  });
});

describe('initTelemetry', () => {
  let telemetry: Telemetry | undefined;

  afterEach(async () => {
    await telemetry?.shutdown();
    telemetry = undefined;
  });

  it('lets OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override the resource', () => {
    telemetry = initTelemetry({
      serviceName: 'builder', serviceVersion: '1.2.3', exporter: new InMemorySpanExporter(), registerGlobal: false,
      env: { OTEL_SERVICE_NAME: 'builder-canary', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=staging' },
    });
    const attributes = telemetry.resource!.attributes;
    assert.equal(attributes['service.name'], 'builder-canary');
    assert.equal(attributes['service.version'], '1.2.3');
    assert.equal(attributes['deployment.environment'], 'staging');
  });

  it('exports nothing when OTEL_SDK_DISABLED is true', async () => {
    const exporter = new InMemorySpanExporter();
    telemetry = initTelemetry({ serviceName: 'off', exporter, env: { OTEL_SDK_DISABLED: 'true' } });
    assert.equal(telemetry.enabled, false);
    telemetry.tracer('x').startSpan('ignored').end();
    await telemetry.forceFlush();
    assert.equal(exporter.getFinishedSpans().length, 0);
  });

  it('samples nothing with OTEL_TRACES_SAMPLER=always_off', () => {
    const exporter = new InMemorySpanExporter();
    telemetry = initTelemetry({ serviceName: 's', exporter, processor: 'simple', registerGlobal: false, env: { OTEL_TRACES_SAMPLER: 'always_off' } });
    telemetry.tracer('x').startSpan('dropped').end();
    assert.equal(exporter.getFinishedSpans().length, 0);
  });
});

describe('OTLP/HTTP export', () => {
  let receiver: OtlpReceiver;
  const saved = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;

  beforeEach(async () => {
    receiver = await startOtlpReceiver();
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
  });

  afterEach(async () => {
    if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved;
    await receiver.stop();
  });

  it('sends batched spans as OTLP JSON to $OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces when shut down', async () => {
    const telemetry = initTelemetry({ serviceName: 'source-fetcher', env: {} });
    telemetry.tracer('t').startActiveSpan('fetch', (span) => {
      telemetry.tracer('t').startSpan('clone').end();
      span.end();
    });
    await telemetry.shutdown();
    assert.deepEqual(receiver.requests, ['POST /v1/traces application/json']);
    const spans = receiver.spans();
    assert.deepEqual(spans.map((s) => s.serviceName), ['source-fetcher', 'source-fetcher']);
    assert.deepEqual(spans.map((s) => s.name).sort(), ['clone', 'fetch']);
    const fetch = spans.find((s) => s.name === 'fetch')!;
    assert.equal(spans.find((s) => s.name === 'clone')!.parentSpanId, fetch.spanId);
  });
});
