/**
 * The bus facade services use: `createBus(nc, opts)` over an existing connection, or `connectBus(url, opts)` which
 * also owns the connection and reconnects forever.
 */
import { hostname } from 'node:os';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { Objm, type ObjectStore } from '@nats-io/obj';
import { connect, type NodeConnectionOptions } from '@nats-io/transport-node';
import { createLogger, type Logger } from '@sluice/telemetry';
import { startConsumer, type ConsumeOptions, type Handler, type Subscription } from './consumer.js';
import {
  publishControl, subscribeControl, type ControlAction, type ControlHandler, type ControlPayloads, type ControlSubscription,
} from './control.js';
import type { EnvelopeInput } from './envelope.js';
import { ensureTopology, type TopologyReport } from './ensure-topology.js';
import { BUS_ERROR_CODES, BusError } from './errors.js';
import { Leases, type LeaseOptions } from './lease.js';
import { publishEnvelope, type PublishOptions, type PublishResult } from './publisher.js';
import { buildSubject, type SubjectObject } from './subjects.js';
import type { Topic } from './topics.js';
import {
  bucketName, resolveTopology, streamName, streamOf, type ConsumerTopic, type Topology, type TopologyOptions,
} from './topology.js';

/** Options of {@link createBus}. */
export interface BusOptions extends TopologyOptions {
  /** `reportingController` of published envelopes, e.g. `builder`. */
  readonly controller?: string;
  /** `reportingInstance` and lease holder, e.g. the pod name; default `<hostname>-<pid>`. */
  readonly instance?: string;
  /** Where the bus logs (terminated messages, pull failures, lost leases); default a JSON logger for `controller`. */
  readonly logger?: Logger;
}

/** The bus. */
export interface Bus {
  readonly prefix: string;
  readonly topology: Topology;
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  /** Creates or updates streams, consumers and buckets; idempotent, call at every start. */
  ensureTopology(): Promise<TopologyReport>;
  /** The subject a message about `object` on `topic` goes to. */
  subject(topic: Topic, object: SubjectObject): string;
  /** Publishes one message (see {@link PublishOptions} for message ids). */
  publish<T extends Topic>(topic: T, envelope: EnvelopeInput<T>, opts?: PublishOptions): Promise<PublishResult>;
  /** Consumes the durable consumer `name` of the topology; the topology must exist. */
  consume<N extends string>(name: N, handler: Handler<ConsumerTopic<N>>, opts?: ConsumeOptions): Subscription;
  /** Per-object leases held as this instance; `scope` (e.g. the service name) keeps services' leases apart. */
  leases(opts?: Partial<Pick<LeaseOptions, 'renewEveryMs' | 'scope'>>): Promise<Leases>;
  /** Sends a control request (core NATS, not stored) to whichever replica works on its object; see `control.ts`. */
  control<A extends ControlAction>(action: A, request: ControlPayloads[A]): Promise<void>;
  /** Receives every control request of `action`, for all objects; stopped by `close()` too. */
  onControl<A extends ControlAction>(action: A, handler: ControlHandler<A>): ControlSubscription;
  /** A KV bucket of the topology by id (`state`, `leases`). */
  kv(id: string): Promise<KV>;
  /** An object store of the topology by id (`artifacts`, `builds`). */
  objectStore(id: string): Promise<ObjectStore>;
  /** Messages waiting on a consumer of the topology: not yet delivered plus delivered but not acknowledged. */
  backlog(consumer: string): Promise<number>;
  /** Stops every consumer (draining), releases leases, and closes the connection if the bus owns it. */
  close(): Promise<void>;
}

/** Wraps a connection; call `ensureTopology()` before consuming. */
export async function createBus(nc: NatsConnection, opts: BusOptions = {}): Promise<Bus> {
  const jsm = await jetstreamManager(nc);
  return new NatsBus(nc, jsm, opts, false);
}

/** Options of {@link connectBus}. */
export interface ConnectBusOptions extends BusOptions {
  /** Extra client options (credentials, TLS, ...). */
  readonly connection?: Partial<NodeConnectionOptions>;
}

/**
 * Connects (waiting for a first server if none is up yet), reconnecting forever after losses, and wraps the
 * connection; `close()` drains it.
 */
export async function connectBus(url: string, opts: ConnectBusOptions = {}): Promise<Bus> {
  // noAsyncTraces: nats.js otherwise captures a stack trace (an Error) for every request, which profiling showed as
  // the builder's largest CPU cost during a fan-out; timeouts still carry their message and subject.
  const nc = await connect({
    servers: url.split(','), name: opts.instance ?? opts.controller ?? 'sluice', maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000, waitOnFirstConnect: true, noAsyncTraces: true, ...opts.connection,
  });
  const jsm = await jetstreamManager(nc);
  return new NatsBus(nc, jsm, opts, true);
}

class NatsBus implements Bus {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly topology: Topology;
  private readonly jsm: JetStreamManager;
  private readonly ownsConnection: boolean;
  private readonly controller: string;
  private readonly instance: string;
  private readonly logger: Logger;
  private readonly subscriptions = new Set<Subscription>();
  private readonly leaseSets = new Set<Leases>();
  private readonly controls = new Set<ControlSubscription>();

  constructor(nc: NatsConnection, jsm: JetStreamManager, opts: BusOptions, ownsConnection: boolean) {
    this.nc = nc;
    this.jsm = jsm;
    this.js = jetstream(nc);
    this.topology = resolveTopology(opts);
    this.ownsConnection = ownsConnection;
    this.controller = opts.controller ?? 'sluice';
    this.instance = opts.instance ?? `${hostname()}-${process.pid}`;
    this.logger = opts.logger ?? createLogger({ service: this.controller, fields: { component: 'bus' } });
  }

  get prefix(): string {
    return this.topology.prefix;
  }

  ensureTopology(): Promise<TopologyReport> {
    return ensureTopology(this.jsm, this.topology);
  }

  subject(topic: Topic, object: SubjectObject): string {
    return buildSubject(this.prefix, topic, object);
  }

  publish<T extends Topic>(topic: T, envelope: EnvelopeInput<T>, opts?: PublishOptions): Promise<PublishResult> {
    return publishEnvelope(this.js, this.prefix, { controller: this.controller, instance: this.instance }, topic, envelope, opts);
  }

  consume<N extends string>(name: N, handler: Handler<ConsumerTopic<N>>, opts?: ConsumeOptions): Subscription {
    const spec = this.topology.consumers.find((c) => c.name === name);
    if (!spec) throw new BusError(BUS_ERROR_CODES.topology, `consumer ${name}`, 'is not in the topology (add it to the consumer table)');
    const subscription = startConsumer({
      js: this.js, stream: streamName(this.prefix, streamOf(this.topology, spec.topic).id), consumer: name,
      topic: spec.topic as ConsumerTopic<N>, ackWaitMs: spec.ackWaitMs ?? this.topology.settings.ackWaitMs,
      logger: this.logger, termTakesReason: serverAtLeast(this.nc, 2, 11),
    }, handler, opts);
    this.subscriptions.add(subscription);
    return {
      consumer: name,
      get inFlight() {
        return subscription.inFlight;
      },
      stop: async () => {
        await subscription.stop();
        this.subscriptions.delete(subscription);
      },
    };
  }

  async backlog(consumer: string): Promise<number> {
    const spec = this.topology.consumers.find((c) => c.name === consumer);
    if (!spec) throw new BusError(BUS_ERROR_CODES.topology, `consumer ${consumer}`, 'is not in the topology (add it to the consumer table)');
    const info = await this.jsm.consumers.info(streamName(this.prefix, streamOf(this.topology, spec.topic).id), consumer);
    return info.num_pending + info.num_ack_pending;
  }

  async leases(opts: Partial<Pick<LeaseOptions, 'renewEveryMs' | 'scope'>> = {}): Promise<Leases> {
    const leases = new Leases(await this.kv('leases'), {
      holder: this.instance, ttlMs: this.topology.settings.leaseTtlMs, logger: this.logger, ...opts,
    });
    this.leaseSets.add(leases);
    return leases;
  }

  control<A extends ControlAction>(action: A, request: ControlPayloads[A]): Promise<void> {
    return publishControl(this.nc, this.prefix, action, request);
  }

  onControl<A extends ControlAction>(action: A, handler: ControlHandler<A>): ControlSubscription {
    const subscription = subscribeControl(this.nc, this.prefix, action, handler, this.logger);
    this.controls.add(subscription);
    return {
      stop: async () => {
        this.controls.delete(subscription);
        await subscription.stop();
      },
    };
  }

  kv(id: string): Promise<KV> {
    return new Kvm(this.js).open(bucketName(this.prefix, this.bucket(id, 'kv')));
  }

  objectStore(id: string): Promise<ObjectStore> {
    return new Objm(this.js).open(bucketName(this.prefix, this.bucket(id, 'object')));
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
    await Promise.allSettled([...this.controls].map((c) => c.stop()));
    this.controls.clear();
    await Promise.allSettled([...this.leaseSets].map((l) => l.releaseAll()));
    this.leaseSets.clear();
    if (this.ownsConnection && !this.nc.isClosed()) await this.nc.drain();
  }

  private bucket(id: string, type: 'kv' | 'object'): string {
    const spec = this.topology.buckets.find((b) => b.id === id && b.type === type);
    if (!spec) throw new BusError(BUS_ERROR_CODES.topology, `${type === 'kv' ? 'KV bucket' : 'object store'} ${id}`, 'is not in the topology');
    return spec.id;
  }
}

/** True when the connected server is at least `major.minor`. */
function serverAtLeast(nc: NatsConnection, major: number, minor: number): boolean {
  const [maj = 0, min = 0] = (nc.info?.version ?? '0.0.0').split('.').map(Number);
  return maj > major || (maj === major && min >= minor);
}
