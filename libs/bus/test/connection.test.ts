import assert from 'node:assert/strict';
import { createCapturingLogger } from '@sluice/telemetry/testing';
import { startNats, type NatsServerHandle } from '@sluice/testing';
import { ack, connectBus, type Bus } from '../src/index.js';
import { apps, eventOf, sleep, uniquePrefix, within } from './helpers.js';

describe('connectBus', () => {
  let server: NatsServerHandle;
  let bus: Bus | undefined;

  beforeEach(async () => {
    server = await startNats();
  });

  afterEach(async () => {
    await bus?.close();
    bus = undefined;
    await server.stop();
  });

  /** Publishes, retrying while the client is still reconnecting. */
  async function publishSoon(b: Bus, message: string): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await b.publish('event', eventOf(apps, message), { timeoutMs: 1_000 });
        return;
      } catch (err) {
        if (attempt >= 20) throw err;
        await sleep(250);
      }
    }
  }

  it('keeps consuming across a NATS restart', async function () {
    if (!server.restartable) this.skip();
    const { logger } = createCapturingLogger('reconnect-test');
    bus = await connectBus(server.url, { prefix: uniquePrefix(), logger });
    await bus.ensureTopology();
    const seen: string[] = [];
    let wake: (() => void) | undefined;
    bus.consume('notifier', (envelope) => {
      seen.push(envelope.message);
      wake?.();
      return ack();
    }, { pullExpiresMs: 1_000, pullRetryMs: 200 });
    const arrival = (): Promise<void> => new Promise((resolve) => {
      wake = resolve;
    });

    let next = arrival();
    await bus.publish('event', eventOf(apps, 'before restart'));
    await within(5_000, 'the first event', next);

    await server.restart();
    next = arrival();
    await publishSoon(bus, 'after restart');
    await within(15_000, 'the event after the restart', next);
    assert.deepEqual(seen, ['before restart', 'after restart']);
  });

  it('drains and closes the connection it owns on close', async () => {
    bus = await connectBus(server.url, { prefix: uniquePrefix(), logger: createCapturingLogger().logger });
    await bus.close();
    assert.equal(bus.nc.isClosed(), true);
    bus = undefined;
  });
});
