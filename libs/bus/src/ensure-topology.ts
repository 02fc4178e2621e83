/**
 * Creates or reconciles the topology on the server. Idempotent and safe to run from every replica at every start:
 * missing things are created, things with compatible but different settings are updated, things whose immutable
 * settings conflict raise a BusError naming the field.
 */
import {
  AckPolicy, DeliverPolicy, DiscardPolicy, JetStreamApiError, ReplayPolicy, RetentionPolicy, StorageType,
  type ConsumerConfig, type JetStreamManager, type StreamConfig,
} from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { nanos } from '@nats-io/nats-core';
import { Objm } from '@nats-io/obj';
import { BUS_ERROR_CODES, BusError } from './errors.js';
import {
  bucketName, consumerFilter, streamName, streamOf, streamSubjects, type BucketSpec, type ConsumerSpec, type StreamSpec,
  type Topology,
} from './topology.js';

/** What {@link ensureTopology} did, by server-side name. */
export interface TopologyReport {
  readonly created: string[];
  readonly updated: string[];
  readonly unchanged: string[];
}

const STREAM_NOT_FOUND = 10059;
const CONSUMER_NOT_FOUND = 10014;

/** Creates or updates every stream, consumer and bucket of `topology`; call at service start, before consuming. */
export async function ensureTopology(jsm: JetStreamManager, topology: Topology): Promise<TopologyReport> {
  const report: TopologyReport = { created: [], updated: [], unchanged: [] };
  for (const stream of topology.streams) await ensureStream(jsm, desiredStream(topology, stream), report);
  for (const consumer of topology.consumers) await ensureConsumer(jsm, topology, consumer, report);
  for (const bucket of topology.buckets) await ensureBucket(jsm, topology, bucket, report);
  return report;
}

function desiredStream(topology: Topology, spec: StreamSpec): Partial<StreamConfig> & { name: string } {
  const { prefix, settings } = topology;
  const maxAgeMs = spec.maxAge ? settings[spec.maxAge] : 0;
  return {
    name: streamName(prefix, spec.id),
    subjects: streamSubjects(prefix, spec),
    retention: spec.retention === 'workqueue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
    storage: settings.storage === 'file' ? StorageType.File : StorageType.Memory,
    discard: DiscardPolicy.Old,
    max_age: nanos(maxAgeMs),
    // The server refuses a duplicate window longer than the max age.
    duplicate_window: nanos(maxAgeMs > 0 ? Math.min(settings.duplicateWindowMs, maxAgeMs) : settings.duplicateWindowMs),
    num_replicas: 1,
  };
}

async function streamInfoOrUndefined(jsm: JetStreamManager, name: string): Promise<StreamConfig | undefined> {
  try {
    return (await jsm.streams.info(name)).config;
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === STREAM_NOT_FOUND) return undefined;
    throw new BusError(BUS_ERROR_CODES.topology, `stream ${name}`, 'cannot read its configuration', err);
  }
}

/** Creates the stream, or updates its mutable settings; a create that lost a race to another replica is retried as an update. */
async function ensureStream(jsm: JetStreamManager, want: Partial<StreamConfig> & { name: string }, report: TopologyReport, retry = true): Promise<void> {
  const have = await streamInfoOrUndefined(jsm, want.name);
  if (!have) {
    try {
      await jsm.streams.add(want);
      report.created.push(want.name);
    } catch (err) {
      if (!retry) throw new BusError(BUS_ERROR_CODES.topology, `stream ${want.name}`, 'cannot create it', err);
      await ensureStream(jsm, want, report, false);
    }
    return;
  }
  for (const field of ['retention', 'storage'] as const) {
    if (want[field] !== undefined && have[field] !== want[field]) {
      throw new BusError(BUS_ERROR_CODES.topology, `stream ${want.name}`,
        `exists with ${field} ${have[field]}, want ${want[field]}; ${field} cannot change: delete the stream or use another prefix`);
    }
  }
  const changed = !sameSet(have.subjects ?? [], want.subjects ?? []) || have.max_age !== want.max_age
    || have.duplicate_window !== want.duplicate_window;
  if (!changed) {
    report.unchanged.push(want.name);
    return;
  }
  try {
    await jsm.streams.update(want.name, { ...have, subjects: want.subjects!, max_age: want.max_age!, duplicate_window: want.duplicate_window! });
  } catch (err) {
    throw new BusError(BUS_ERROR_CODES.topology, `stream ${want.name}`, 'cannot update it', err);
  }
  report.updated.push(want.name);
}

function desiredConsumer(topology: Topology, spec: ConsumerSpec): Partial<ConsumerConfig> & { durable_name: string } {
  const { prefix, settings } = topology;
  return {
    durable_name: spec.name,
    description: `${spec.service}: ${spec.topic}${spec.kind ? ` (${spec.kind})` : ''}`,
    filter_subject: consumerFilter(prefix, spec),
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(spec.ackWaitMs ?? settings.ackWaitMs),
    max_deliver: -1,
    max_ack_pending: settings.maxAckPending,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
  };
}

async function ensureConsumer(jsm: JetStreamManager, topology: Topology, spec: ConsumerSpec, report: TopologyReport): Promise<void> {
  const stream = streamName(topology.prefix, streamOf(topology, spec.topic).id);
  const want = desiredConsumer(topology, spec);
  const label = `${stream}/${spec.name}`;
  let have: ConsumerConfig | undefined;
  try {
    have = (await jsm.consumers.info(stream, spec.name)).config;
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === CONSUMER_NOT_FOUND)) {
      throw new BusError(BUS_ERROR_CODES.topology, `consumer ${label}`, 'cannot read its configuration', err);
    }
  }
  try {
    if (!have) {
      // Creating a durable with an identical configuration is idempotent on the server, so a race is harmless.
      await jsm.consumers.add(stream, want);
      report.created.push(label);
      return;
    }
    if (have.ack_policy !== want.ack_policy) {
      throw new BusError(BUS_ERROR_CODES.topology, `consumer ${label}`, `exists with ack_policy ${have.ack_policy}; delete it or use another prefix`);
    }
    const fields = ['filter_subject', 'ack_wait', 'max_deliver', 'max_ack_pending', 'description'] as const;
    const diff = fields.filter((f) => have[f] !== want[f]);
    if (diff.length === 0) {
      report.unchanged.push(label);
      return;
    }
    await jsm.consumers.update(stream, spec.name, Object.fromEntries(diff.map((f) => [f, want[f]])));
    report.updated.push(label);
  } catch (err) {
    if (err instanceof BusError) throw err;
    throw new BusError(BUS_ERROR_CODES.topology, `consumer ${label}`, 'cannot create or update it (NATS before 2.10 cannot change a filter)', err);
  }
}

async function ensureBucket(jsm: JetStreamManager, topology: Topology, spec: BucketSpec, report: TopologyReport): Promise<void> {
  const name = bucketName(topology.prefix, spec.id);
  const backing = spec.type === 'kv' ? `KV_${name}` : `OBJ_${name}`;
  const ttlMs = spec.ttl ? topology.settings[spec.ttl] : 0;
  const storage = topology.settings.storage === 'file' ? StorageType.File : StorageType.Memory;
  const existing = await streamInfoOrUndefined(jsm, backing);
  const js = jsm.jetstream();
  try {
    if (!existing) {
      if (spec.type === 'kv') await new Kvm(js).create(name, { history: 1, ttl: ttlMs, storage });
      else await new Objm(js).create(name, { storage, ...(ttlMs > 0 ? { ttl: nanos(ttlMs) } : {}) });
      report.created.push(name);
      return;
    }
    if (existing.max_age === nanos(ttlMs)) {
      report.unchanged.push(name);
      return;
    }
    const window = ttlMs > 0 ? Math.min(ttlMs, 2 * 60_000) : 2 * 60_000;
    await jsm.streams.update(backing, { ...existing, max_age: nanos(ttlMs), duplicate_window: nanos(window) });
    report.updated.push(name);
  } catch (err) {
    throw new BusError(BUS_ERROR_CODES.topology, `bucket ${name}`, 'cannot create or update it', err);
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
