import assert from 'node:assert/strict';
import { telemetryConfigFromEnv } from '../src/index.js';

describe('telemetryConfigFromEnv', () => {
  it('defaults to parent-based always-on sampling and the OTLP exporter', () => {
    const config = telemetryConfigFromEnv({});
    assert.equal(config.disabled, false);
    assert.equal(config.sampler, 'parentbased_always_on');
    assert.equal(config.exporter, 'otlp');
    assert.deepEqual(config.warnings, []);
  });

  it('reads the sampler, its ratio, the exporter and OTEL_SDK_DISABLED', () => {
    const config = telemetryConfigFromEnv({
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25', OTEL_TRACES_EXPORTER: 'console',
      OTEL_SDK_DISABLED: 'TRUE',
    });
    assert.equal(config.sampler, 'parentbased_traceidratio');
    assert.equal(config.samplerRatio, 0.25);
    assert.equal(config.exporter, 'console');
    assert.equal(config.disabled, true);
  });

  it('decodes OTEL_RESOURCE_ATTRIBUTES and keeps OTEL_SERVICE_NAME apart', () => {
    const config = telemetryConfigFromEnv({
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod, team=a%2Cb,service.name=from-attrs', OTEL_SERVICE_NAME: 'builder',
    });
    assert.deepEqual(config.resourceAttributes, { 'deployment.environment': 'prod', team: 'a,b', 'service.name': 'from-attrs' });
    assert.equal(config.serviceName, 'builder');
  });

  it('warns about values it cannot use instead of failing', () => {
    const config = telemetryConfigFromEnv({
      OTEL_TRACES_SAMPLER: 'jaeger_remote', OTEL_TRACES_SAMPLER_ARG: '2', OTEL_RESOURCE_ATTRIBUTES: 'novalue,=x',
      OTEL_BSP_SCHEDULE_DELAY: 'soon', OTEL_BSP_MAX_QUEUE_SIZE: '100',
    });
    assert.equal(config.sampler, 'parentbased_always_on');
    assert.equal(config.samplerRatio, 1);
    assert.deepEqual(config.resourceAttributes, {});
    assert.deepEqual(config.batch, { maxQueueSize: 100 });
    assert.equal(config.warnings.length, 5);
  });
});
