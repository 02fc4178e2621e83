/**
 * The JetStream topology as data: streams, durable consumers and buckets, with every name derived from the
 * prefix. Services and later features add rows to these tables (or pass extra rows), not code paths;
 * `ensureTopology()` turns the data into server state.
 */
import { BUS_ERROR_CODES, BusError } from './errors.js';
import { assertPrefix, topicFilter } from './subjects.js';
import { TOPICS, type Topic } from './topics.js';

/** Stream ids; the stream name is `<PREFIX>_<id>`. */
export const STREAM_IDS = { reconcile: 'RECONCILE', pipeline: 'PIPELINE', events: 'EVENTS' } as const;
export type StreamId = (typeof STREAM_IDS)[keyof typeof STREAM_IDS];

/** One stream. */
export interface StreamSpec {
  readonly id: StreamId;
  readonly topics: readonly Topic[];
  /** `workqueue`: a message is gone once acked (work); `limits`: kept until max age (facts many consumers read). */
  readonly retention: 'workqueue' | 'limits';
  /** Setting in {@link TopologySettings} giving the max age (absent: kept until acked). */
  readonly maxAge?: 'pipelineMaxAgeMs' | 'eventsMaxAgeMs';
}

/** One durable pull consumer: a single subject filter (NATS 2.9 has no multi-filter consumers). */
export interface ConsumerSpec {
  /** Durable name, unique within its stream. */
  readonly name: string;
  /** Service that runs it (documentation and `consumersOf`). */
  readonly service: string;
  readonly topic: Topic;
  /** Only this kind (lowercase), e.g. `gitrepository`; all kinds when absent. */
  readonly kind?: string;
  /** Ack wait for this consumer instead of `TopologySettings.ackWaitMs`. */
  readonly ackWaitMs?: number;
}

/** One bucket; the name is `<prefix>-<id>`. */
export interface BucketSpec {
  readonly id: string;
  readonly type: 'kv' | 'object';
  /** Setting giving the bucket's max age (for `leases`: the lease TTL, since 2.9 has no per-key TTL). */
  readonly ttl?: 'leaseTtlMs';
  /** What it holds (documentation). */
  readonly holds: string;
}

/** Tunables of the topology, with defaults from {@link defaultTopologySettings}. */
export interface TopologySettings {
  /** How long the server waits for an ack before redelivering; handlers heartbeat while they run. */
  readonly ackWaitMs: number;
  /** Messages a consumer may have unacked, including delayed work waiting in a nak. */
  readonly maxAckPending: number;
  /** Window in which a repeated message id is dropped as a duplicate. */
  readonly duplicateWindowMs: number;
  /** How long pipeline facts (revision, build, apply, health, ready) are kept. */
  readonly pipelineMaxAgeMs: number;
  /** How long events are kept for the notifier. */
  readonly eventsMaxAgeMs: number;
  /** A lease not renewed for this long expires and can be taken over. */
  readonly leaseTtlMs: number;
  /** Stream storage; `file` survives NATS restarts. */
  readonly storage: 'file' | 'memory';
}

/** Default settings. */
export function defaultTopologySettings(): TopologySettings {
  return {
    ackWaitMs: 30_000,
    maxAckPending: 100_000,
    duplicateWindowMs: 2 * 60_000,
    pipelineMaxAgeMs: 24 * 3_600_000,
    eventsMaxAgeMs: 24 * 3_600_000,
    leaseTtlMs: 30_000,
    storage: 'file',
  };
}

/** The streams. */
export const STREAMS: readonly StreamSpec[] = [
  { id: STREAM_IDS.reconcile, topics: [TOPICS.reconcile], retention: 'workqueue' },
  {
    id: STREAM_IDS.pipeline, topics: [TOPICS.revision, TOPICS.build, TOPICS.apply, TOPICS.health, TOPICS.ready],
    retention: 'limits', maxAge: 'pipelineMaxAgeMs',
  },
  { id: STREAM_IDS.events, topics: [TOPICS.event, TOPICS.notification], retention: 'limits', maxAge: 'eventsMaxAgeMs' },
];

/** The durable consumers of the pipeline services. */
export const CONSUMERS = [
  { name: 'source-fetcher-gitrepository', service: 'source-fetcher', topic: 'reconcile', kind: 'gitrepository' },
  { name: 'builder', service: 'builder', topic: 'reconcile', kind: 'kustomization' },
  { name: 'builder-revisions', service: 'builder', topic: 'revision' },
  { name: 'builder-dependencies', service: 'builder', topic: 'ready' },
  { name: 'applier', service: 'applier', topic: 'build' },
  { name: 'health-checker', service: 'health-checker', topic: 'apply' },
  { name: 'notifier', service: 'notifier', topic: 'event' },
  { name: 'notifier-deliveries', service: 'notifier', topic: 'notification' },
] as const satisfies readonly ConsumerSpec[];
export type DefaultConsumerName = (typeof CONSUMERS)[number]['name'];

/** The topic a consumer of the default table reads; `Topic` for consumers added at run time. */
export type ConsumerTopic<N extends string> = N extends DefaultConsumerName ? Extract<(typeof CONSUMERS)[number], { name: N }>['topic'] : Topic;

/** The buckets. */
export const BUCKETS: readonly BucketSpec[] = [
  { id: 'artifacts', type: 'object', holds: 'source artifacts (tar.gz), named by the revision payload' },
  { id: 'builds', type: 'object', holds: 'built manifests (multi-document YAML), named by the build payload' },
  { id: 'leases', type: 'kv', ttl: 'leaseTtlMs', holds: 'per-object work leases: key <kind>.<namespace>.<name>' },
  { id: 'state', type: 'kv', holds: 'per-object service state (last revision, last build digest, ...)' },
];

/** A resolved topology: tables plus prefix and settings, with every server-side name. */
export interface Topology {
  readonly prefix: string;
  readonly settings: TopologySettings;
  readonly streams: readonly StreamSpec[];
  readonly consumers: readonly ConsumerSpec[];
  readonly buckets: readonly BucketSpec[];
}

/** Options of {@link resolveTopology}. */
export interface TopologyOptions {
  /** Subject prefix; stream, consumer-stream and bucket names derive from it. */
  readonly prefix?: string;
  /** Overrides of {@link defaultTopologySettings}. */
  readonly settings?: Partial<TopologySettings>;
  /** Consumers in addition to {@link CONSUMERS} (a new service or kind). */
  readonly extraConsumers?: readonly ConsumerSpec[];
  /** Buckets in addition to {@link BUCKETS}. */
  readonly extraBuckets?: readonly BucketSpec[];
}

/** Builds the topology for a prefix; pure. */
export function resolveTopology(opts: TopologyOptions = {}): Topology {
  return {
    prefix: assertPrefix(opts.prefix ?? 'sluice'),
    settings: { ...defaultTopologySettings(), ...opts.settings },
    streams: STREAMS,
    consumers: [...CONSUMERS, ...(opts.extraConsumers ?? [])],
    buckets: [...BUCKETS, ...(opts.extraBuckets ?? [])],
  };
}

/** `<PREFIX>_<id>`, e.g. `SLUICE_RECONCILE` (`-` becomes `_`). */
export function streamName(prefix: string, id: StreamId): string {
  return `${prefix.toUpperCase().replaceAll('-', '_')}_${id}`;
}

/** `<prefix>-<id>`, e.g. `sluice-leases`. */
export function bucketName(prefix: string, id: string): string {
  return `${prefix}-${id}`;
}

/** The stream that carries `topic`. */
export function streamOf(topology: Topology, topic: Topic): StreamSpec {
  const stream = topology.streams.find((s) => s.topics.includes(topic));
  if (!stream) throw new BusError(BUS_ERROR_CODES.topology, `topic ${topic}`, 'no stream of the topology carries it');
  return stream;
}

/** The subject filter of a consumer. */
export function consumerFilter(prefix: string, consumer: ConsumerSpec): string {
  return topicFilter(prefix, consumer.topic, consumer.kind);
}

/** The subjects a stream binds. */
export function streamSubjects(prefix: string, stream: StreamSpec): string[] {
  return stream.topics.map((topic) => topicFilter(prefix, topic));
}
