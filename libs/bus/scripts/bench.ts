/**
 * Bus figures on a local nats-server: publish latency (awaiting each JetStream ack) and end-to-end consume rate at
 * a few concurrencies. Prints figures, asserts nothing.
 *
 *   node --conditions=sluice-dev --import tsx libs/bus/scripts/bench.ts [messages]
 */
import { connect } from '@nats-io/transport-node';
import { createLogger } from '@sluice/telemetry';
import { startNats } from '@sluice/testing';
import { ack, createBus, type Bus } from '../src/index.js';

const messages = Number(process.argv[2] ?? 2_000);
const object = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name: 'apps' };

async function publishAll(bus: Bus): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < messages; i += 1) {
    const start = performance.now();
    await bus.publish('event', { involvedObject: object, reason: 'Progressing', message: `event ${i}`, payload: {} });
    latencies.push(performance.now() - start);
  }
  return latencies.sort((a, b) => a - b);
}

async function consumeAll(bus: Bus, concurrency: number): Promise<number> {
  const start = performance.now();
  let seen = 0;
  let subscription: { stop(): Promise<void> } | undefined;
  await new Promise<void>((resolve) => {
    subscription = bus.consume('notifier', () => {
      seen += 1;
      if (seen === messages) resolve();
      return ack();
    }, { concurrency });
  });
  const elapsed = performance.now() - start;
  await subscription!.stop();
  return (messages / elapsed) * 1_000;
}

const server = await startNats();
try {
  const nc = await connect({ servers: server.url });
  const logger = createLogger({ service: 'bench', level: 'error' });
  for (const concurrency of [1, 8, 32]) {
    const bus = await createBus(nc, { prefix: `bench-${concurrency}`, logger });
    await bus.ensureTopology();
    const latencies = await publishAll(bus);
    const p = (q: number): string => latencies[Math.floor(q * (latencies.length - 1))]!.toFixed(2);
    const rate = await consumeAll(bus, concurrency);
    process.stdout.write(`concurrency ${concurrency}: publish p50 ${p(0.5)} ms p99 ${p(0.99)} ms; consume ${rate.toFixed(0)} msg/s over ${messages} messages\n`);
  }
  await nc.close();
} finally {
  await server.stop();
}
