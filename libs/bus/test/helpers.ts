// Shared set-up for bus tests: one real nats-server per test file, a fresh prefix (and so fresh streams,
// consumers and buckets) per test.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@sluice/telemetry';
import { createCapturingLogger, type LogRecord } from '@sluice/telemetry/testing';
import { startNats, type NatsServerHandle } from '@sluice/testing';
import { createBus, type Bus, type BusOptions, type EnvelopeInput, type InvolvedObject, type Topic } from '../src/index.js';

let counter = 0;

/** A prefix no other test uses on the same server. */
export function uniquePrefix(): string {
  counter += 1;
  return `t${process.pid}-${counter}`;
}

/** A server for a test file: call in `before`, stop in `after`. */
export function natsForSuite(): { server: () => NatsServerHandle; connect: () => Promise<NatsConnection> } {
  let server: NatsServerHandle | undefined;
  const connections: NatsConnection[] = [];
  before(async () => {
    server = await startNats();
  });
  // Connections close with the server, after every test's own afterEach has released what it held.
  after(async () => {
    await Promise.allSettled(connections.splice(0).map((nc) => nc.close()));
    await server?.stop();
  });
  return {
    server: () => server!,
    connect: async () => {
      const nc = await connect({ servers: server!.url, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
      connections.push(nc);
      return nc;
    },
  };
}

/** A bus with a fresh prefix and a capturing logger, topology ensured. */
export async function freshBus(nc: NatsConnection, opts: BusOptions = {}): Promise<{ bus: Bus; records: LogRecord[]; logger: Logger }> {
  const { logger, records } = createCapturingLogger('bus-test');
  const bus = await createBus(nc, { prefix: uniquePrefix(), controller: 'test', instance: 'test-0', logger, ...opts });
  await bus.ensureTopology();
  return { bus, records, logger };
}

export const podinfo: InvolvedObject = {
  apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', namespace: 'flux-system', name: 'podinfo.example',
};

export const apps: InvolvedObject = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name: 'apps',
};

/** A `reconcile` message for the GitRepository consumer. */
export function reconcileOf(object: InvolvedObject = podinfo, extra: Partial<EnvelopeInput<'reconcile'>['payload']> = {}): EnvelopeInput<'reconcile'> {
  return { involvedObject: object, reason: 'ReconcileRequested', payload: { trigger: 'requested', scheduledAt: new Date().toISOString(), ...extra } };
}

/** An `event` message. */
export function eventOf(object: InvolvedObject, message: string): EnvelopeInput<'event'> {
  return { involvedObject: object, reason: 'ReconciliationSucceeded', message, payload: {} };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves with the first value `next` yields within `ms`, else rejects. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
    }),
  ]);
}

export type { Topic };
