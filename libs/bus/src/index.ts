export { connectBus, createBus } from './bus.js';
export type { Bus, BusOptions, ConnectBusOptions } from './bus.js';
export type { ConsumeOptions, Delivery, Handler, Subscription } from './consumer.js';
export { CONTROL_ACTIONS, controlFilter, controlProblems, controlSubject } from './control.js';
export type { CancelRequest, ControlAction, ControlHandler, ControlPayloads, ControlSubscription } from './control.js';
export { ensureTopology } from './ensure-topology.js';
export type { TopologyReport } from './ensure-topology.js';
export { SEVERITIES, assertEnvelope, completeEnvelope, envelopeProblems, parseEnvelope } from './envelope.js';
export type { Envelope, EnvelopeInput, InvolvedObject, ParsedEnvelope, Severity } from './envelope.js';
export { BUS_ERROR_CODES, BusError } from './errors.js';
export type { BusErrorCode } from './errors.js';
export { Leases, leaseKey } from './lease.js';
export type { Lease, LeaseOptions } from './lease.js';
export { messageId } from './publisher.js';
export type { PublishOptions, PublishResult } from './publisher.js';
export { ack, backoffDelay, nak, term } from './results.js';
export type { HandlerResult } from './results.js';
export {
  DEFAULT_PREFIX, SUBJECT_VERSION, buildSubject, decodeToken, encodeToken, kindToken, parseSubject, topicFilter,
} from './subjects.js';
export type { SubjectObject, SubjectParts } from './subjects.js';
export { extractTraceContext, injectTraceContext } from './trace-headers.js';
export {
  CHANGE_ACTIONS, HEALTH_RESULTS, OBJECT_STATUSES, RECONCILE_TRIGGERS, TOPICS, isTopic,
} from './topics.js';
export type {
  AlertRef, ApplyPayload, Artifact, BuildFailure, BuildPayload, ChangeAction, ChangeSetEntry, EventPayload,
  HealthPayload, HealthResult, InventoryEntry, NotificationPayload, ObjectStatus, ReadyPayload, ReconcilePayload,
  ReconcileTrigger, RevisionPayload, Topic, TopicPayloads,
} from './topics.js';
export {
  BUCKETS, CONSUMERS, STREAMS, STREAM_IDS, bucketName, consumerFilter, defaultTopologySettings, resolveTopology,
  streamName, streamOf, streamSubjects,
} from './topology.js';
export type {
  BucketSpec, ConsumerSpec, ConsumerTopic, DefaultConsumerName, StreamId, StreamSpec, Topology, TopologyOptions,
  TopologySettings,
} from './topology.js';
