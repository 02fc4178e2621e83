import assert from 'node:assert/strict';
import { trace } from '@opentelemetry/api';
import { SluiceError } from '@sluice/errors';
import { createLogger } from '../src/index.js';
import { createCapturingLogger, setupTestTelemetry, type TestTelemetry } from '../src/testing.js';

describe('createLogger', () => {
  let t: TestTelemetry;

  beforeEach(() => {
    t = setupTestTelemetry('logs');
  });

  afterEach(async () => {
    await t.shutdown();
  });

  it('writes one JSON object per line with time, level, service and message', () => {
    const lines: string[] = [];
    const logger = createLogger({ service: 'builder', sink: (l) => lines.push(l), now: () => new Date('2024-01-02T03:04:05Z') });
    logger.info('built', { objects: 3 });
    assert.deepEqual(JSON.parse(lines[0]!), { time: '2024-01-02T03:04:05.000Z', level: 'info', msg: 'built', service: 'builder', objects: 3 });
  });

  it('carries trace_id and span_id of the active span', () => {
    const { logger, records } = createCapturingLogger('applier');
    let ids: { traceId: string; spanId: string } | undefined;
    trace.getTracer('t').startActiveSpan('apply', (span) => {
      ids = span.spanContext();
      logger.info('applying');
      span.end();
    });
    logger.info('outside');
    assert.equal(records[0]!.trace_id, ids!.traceId);
    assert.equal(records[0]!.span_id, ids!.spanId);
    assert.equal('trace_id' in records[1]!, false);
  });

  it('adds child fields to every line and drops levels below the threshold', () => {
    const { logger, records } = createCapturingLogger('notifier', 'info');
    const child = logger.child({ kind: 'Kustomization', namespace: 'flux-system', name: 'apps' });
    child.debug('hidden');
    child.warn('slow');
    assert.equal(records.length, 1);
    assert.equal(records[0]!.name, 'apps');
    assert.equal(records[0]!.level, 'warn');
  });

  it('renders errors with their code and cause, and survives cycles', () => {
    const { logger, records } = createCapturingLogger();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    logger.error('failed', { err: new SluiceError('SLUICE_X', 'thing: broke', { cause: new Error('root') }), cyclic });
    const err = records[0]!.err as { code: string; message: string; cause: { message: string } };
    assert.equal(err.code, 'SLUICE_X');
    assert.equal(err.cause.message, 'root');
    assert.deepEqual(records[0]!.cyclic, { self: '[Circular]' });
  });
});
