import assert from 'node:assert/strict';
import { jetstreamManager } from '@nats-io/jetstream';
import { trace, type SpanContext } from '@opentelemetry/api';
import { setupTestTelemetry, type TestTelemetry } from '@sluice/telemetry/testing';
import { ack, nak, streamName, type Bus, type Delivery, type Envelope, type Subscription } from '../src/index.js';
import { apps, eventOf, freshBus, natsForSuite, podinfo, reconcileOf, sleep, within } from './helpers.js';

describe('publish and consume', () => {
  const nats = natsForSuite();
  let bus: Bus;
  let records: Array<Record<string, unknown>>;
  let subscription: Subscription | undefined;

  beforeEach(async () => {
    ({ bus, records } = await freshBus(await nats.connect(), { settings: { ackWaitMs: 1_000 } }));
  });

  afterEach(async () => {
    await subscription?.stop();
    subscription = undefined;
    await bus.close();
  });

  async function pendingOf(consumer: string, stream: 'RECONCILE' | 'EVENTS' = 'RECONCILE'): Promise<{ ackPending: number; pending: number }> {
    const info = await (await jetstreamManager(bus.nc)).consumers.info(streamName(bus.prefix, stream), consumer);
    return { ackPending: info.num_ack_pending, pending: info.num_pending };
  }

  describe('trace context', () => {
    let telemetry: TestTelemetry;

    beforeEach(() => {
      telemetry = setupTestTelemetry('bus-trace');
    });

    afterEach(async () => {
      await telemetry.shutdown();
    });

    it('arrives with the publisher\'s trace id, and the consumer span is a child of the publishing span', async () => {
      let seen: { span: SpanContext | undefined; envelope: Envelope<'event'> } | undefined;
      const handled = new Promise<void>((resolve) => {
        subscription = bus.consume('notifier', (envelope) => {
          seen = { span: trace.getActiveSpan()?.spanContext(), envelope };
          resolve();
          return ack();
        });
      });
      const publisher = await telemetry.tracer().startActiveSpan('reconcile apps', async (span) => {
        await bus.publish('event', eventOf(apps, 'applied'));
        span.end();
        return span.spanContext();
      });
      await within(5_000, 'delivery', handled);
      await subscription!.stop();
      assert.equal(seen!.span?.traceId, publisher.traceId);
      const consumerSpan = telemetry.finishedSpans().find((s) => s.name === 'event process');
      assert.ok(consumerSpan, 'the consumer records a span');
      assert.equal(consumerSpan.spanContext().traceId, publisher.traceId);
      assert.equal(consumerSpan.parentSpanContext?.spanId, publisher.spanId);
      assert.equal(JSON.stringify(seen!.envelope).includes(publisher.traceId), false, 'no trace context in the payload');
    });
  });

  it('redelivers a nak\'d message', async () => {
    const deliveries: Delivery[] = [];
    const done = new Promise<void>((resolve) => {
      subscription = bus.consume('source-fetcher-gitrepository', (_envelope, delivery) => {
        deliveries.push(delivery);
        if (deliveries.length === 1) return nak();
        resolve();
        return ack();
      });
    });
    await bus.publish('reconcile', reconcileOf());
    await within(5_000, 'redelivery', done);
    assert.deepEqual(deliveries.map((d) => [d.deliveryCount, d.redeliveryCount]), [[1, 0], [2, 1]]);
    assert.equal(deliveries[0]!.streamSequence, deliveries[1]!.streamSequence);
  });

  it('does not redeliver a message nak\'d with a delay before the delay', async () => {
    const delayMs = 1_000;
    let nakAt = 0;
    let redeliveredAfter = -1;
    const done = new Promise<void>((resolve) => {
      subscription = bus.consume('source-fetcher-gitrepository', (_envelope, delivery) => {
        if (delivery.deliveryCount === 1) {
          nakAt = Date.now();
          return nak(delayMs);
        }
        redeliveredAfter = Date.now() - nakAt;
        resolve();
        return ack();
      });
    });
    await bus.publish('reconcile', reconcileOf());
    await within(5_000, 'delayed redelivery', done);
    // A lower bound only: "not before the delay" (minus timer granularity), never "within N ms".
    assert.ok(redeliveredAfter >= delayMs - 50, `redelivered ${redeliveredAfter} ms after a ${delayMs} ms nak`);
  });

  it('drops a duplicate message id and reports it', async () => {
    const first = await bus.publish('reconcile', reconcileOf(), { msgId: 'podinfo/requested/1' });
    const again = await bus.publish('reconcile', reconcileOf(), { msgId: 'podinfo/requested/1' });
    const other = await bus.publish('reconcile', reconcileOf(podinfo, { trigger: 'interval' }), { msgId: 'podinfo/interval/1' });
    assert.deepEqual([first.duplicate, again.duplicate, other.duplicate], [false, true, false]);
    assert.equal(again.seq, first.seq);
    const triggers: string[] = [];
    const done = new Promise<void>((resolve) => {
      subscription = bus.consume('source-fetcher-gitrepository', (envelope) => {
        triggers.push(envelope.payload.trigger);
        if (envelope.payload.trigger === 'interval') resolve();
        return ack();
      });
    });
    await within(5_000, 'delivery', done);
    // In-order delivery: had the duplicate been stored, it would have arrived before the later message.
    assert.deepEqual(triggers, ['requested', 'interval']);
  });

  it('terminates malformed messages with a logged reason and keeps consuming', async () => {
    const subjectOf = bus.subject('reconcile', podinfo);
    await bus.js.publish(subjectOf, '{not json');
    const envelope = (name: string, trigger: string): string => JSON.stringify({
      involvedObject: { ...podinfo, name }, severity: 'info', timestamp: new Date().toISOString(), message: '', reason: 'R',
      metadata: {}, reportingController: 'x', reportingInstance: 'x', payload: { trigger, scheduledAt: new Date().toISOString() },
    });
    await bus.js.publish(subjectOf, envelope(podinfo.name, 'sometime'));
    await bus.js.publish(bus.subject('reconcile', { ...podinfo, name: 'other' }), envelope(podinfo.name, 'requested'));
    await bus.publish('reconcile', reconcileOf());
    const handled: string[] = [];
    const done = new Promise<void>((resolve) => {
      subscription = bus.consume('source-fetcher-gitrepository', (envelope) => {
        handled.push(envelope.involvedObject.name);
        resolve();
        return ack();
      });
    });
    await within(5_000, 'the valid message', done);
    assert.deepEqual(handled, ['podinfo.example']);
    const reasons = records.filter((r) => r.msg === 'message terminated').map((r) => String(r.reason));
    assert.equal(reasons.length, 3);
    assert.match(reasons[0]!, /^invalid envelope: body is not UTF-8 JSON/);
    assert.match(reasons[1]!, /^invalid envelope: envelope\.payload\.trigger: expected one of created, /);
    assert.match(reasons[2]!, /does not match subject object gitrepository\/flux-system\/other/);
    await subscription!.stop();
    assert.deepEqual(await pendingOf('source-fetcher-gitrepository'), { ackPending: 0, pending: 0 });
  });

  it('naks with backoff when the handler throws, and logs the error', async () => {
    const counts: number[] = [];
    const done = new Promise<void>((resolve) => {
      subscription = bus.consume('source-fetcher-gitrepository', (_envelope, delivery) => {
        counts.push(delivery.deliveryCount);
        if (delivery.deliveryCount === 1) throw new Error('git unreachable');
        resolve();
        return ack();
      }, { retryInitialMs: 200 });
    });
    await bus.publish('reconcile', reconcileOf());
    await within(5_000, 'retry', done);
    assert.deepEqual(counts, [1, 2]);
    const failure = records.find((r) => r.msg === 'handler failed; redelivering with backoff');
    assert.equal(failure?.delayMs, 200);
  });

  it('holds reconcile work until notBefore without calling the handler', async () => {
    const notBefore = new Date(Date.now() + 800);
    let handledAt = 0;
    let calls = 0;
    const done = new Promise<void>((resolve) => {
      subscription = bus.consume('source-fetcher-gitrepository', () => {
        calls += 1;
        handledAt = Date.now();
        resolve();
        return ack();
      });
    });
    await bus.publish('reconcile', reconcileOf(podinfo, { trigger: 'retry', notBefore: notBefore.toISOString() }));
    await within(5_000, 'due work', done);
    assert.equal(calls, 1);
    assert.ok(handledAt >= notBefore.getTime() - 50, 'handled before it was due');
  });

  it('runs at most `concurrency` handlers at once', async () => {
    let running = 0;
    let peak = 0;
    let finished = 0;
    const done = new Promise<void>((resolve) => {
      subscription = bus.consume('notifier', async () => {
        running += 1;
        peak = Math.max(peak, running);
        await sleep(150);
        running -= 1;
        finished += 1;
        if (finished === 5) resolve();
        return ack();
      }, { concurrency: 2 });
    });
    for (let i = 0; i < 5; i += 1) await bus.publish('event', eventOf(apps, `event ${i}`));
    await within(10_000, 'five events', done);
    assert.equal(peak, 2);
  });

  it('keeps a long handler\'s message with heartbeats past the ack wait', async () => {
    let calls = 0;
    const done = new Promise<void>((resolve) => {
      subscription = bus.consume('source-fetcher-gitrepository', async () => {
        calls += 1;
        await sleep(2_500);
        resolve();
        return ack();
      }, { concurrency: 2 });
    });
    await bus.publish('reconcile', reconcileOf());
    await within(10_000, 'the long handler', done);
    assert.equal(calls, 1, 'redelivered while still being worked on');
  });

  it('finishes in-flight handlers on stop, then stops pulling', async () => {
    let started!: () => void;
    const startedP = new Promise<void>((resolve) => {
      started = resolve;
    });
    let finished = false;
    subscription = bus.consume('source-fetcher-gitrepository', async () => {
      started();
      await sleep(300);
      finished = true;
      return ack();
    });
    await bus.publish('reconcile', reconcileOf());
    await within(5_000, 'handler start', startedP);
    await subscription.stop();
    assert.equal(finished, true);
    assert.equal(subscription.inFlight, 0);
    await bus.publish('reconcile', reconcileOf(podinfo, { trigger: 'interval' }));
    await sleep(200);
    assert.deepEqual(await pendingOf('source-fetcher-gitrepository'), { ackPending: 0, pending: 1 });
  });

  it('refuses consumers that are not in the topology', () => {
    assert.throws(() => bus.consume('nobody', () => ack()), { code: 'SLUICE_BUS_TOPOLOGY', message: /^consumer nobody: is not in the topology/ });
  });
});
