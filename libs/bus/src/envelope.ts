/**
 * The envelope of every message, shaped after Flux's `event.Event` (fluxcd/pkg/apis/event): the object it is
 * about, severity, time, message, reason, string metadata, the reporting controller and instance, plus a payload
 * typed per topic. Trace context travels in NATS headers, never here.
 */
import { BUS_ERROR_CODES, BusError } from './errors.js';
import { ENVELOPE_CHECK, PAYLOAD_CHECKS } from './schemas.js';
import type { Topic, TopicPayloads } from './topics.js';
import { validate } from './validation.js';

/** The Kubernetes object a message is about (Flux's `involvedObject`, an ObjectReference). */
export interface InvolvedObject {
  /** `source.toolkit.fluxcd.io/v1`, `kustomize.toolkit.fluxcd.io/v1`, ... */
  readonly apiVersion: string;
  /** `GitRepository`, `Kustomization`, ... */
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid?: string;
  readonly resourceVersion?: string;
}

/** Flux event severities. */
export const SEVERITIES = { info: 'info', error: 'error', trace: 'trace' } as const;
export type Severity = (typeof SEVERITIES)[keyof typeof SEVERITIES];

/** A message on the bus. */
export interface Envelope<T extends Topic = Topic> {
  readonly involvedObject: InvolvedObject;
  readonly severity: Severity;
  /** RFC 3339. */
  readonly timestamp: string;
  readonly message: string;
  /** Flux reason, e.g. `ReconciliationSucceeded`, `BuildFailed`, `Progressing`. */
  readonly reason: string;
  /** String metadata; Flux puts the revision under `<group>/revision`, e.g. `kustomize.toolkit.fluxcd.io/revision`. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Service that sent it, e.g. `builder`. */
  readonly reportingController: string;
  /** Replica that sent it, e.g. the pod name. */
  readonly reportingInstance: string;
  readonly payload: TopicPayloads[T];
}

/** What a publisher supplies; the bus fills severity (`info`), timestamp (now), metadata (`{}`) and the reporter. */
export type EnvelopeInput<T extends Topic> =
  Pick<Envelope<T>, 'involvedObject' | 'reason' | 'payload'>
  & Partial<Pick<Envelope<T>, 'severity' | 'timestamp' | 'message' | 'metadata' | 'reportingController' | 'reportingInstance'>>;

/** Result of {@link parseEnvelope}. */
export type ParsedEnvelope<T extends Topic> =
  | { readonly ok: true; readonly envelope: Envelope<T> }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Completes an input with the defaults; pure (time comes from `now`). */
export function completeEnvelope<T extends Topic>(
  input: EnvelopeInput<T>, reporter: { readonly controller: string; readonly instance: string }, now: Date,
): Envelope<T> {
  return {
    involvedObject: input.involvedObject,
    severity: input.severity ?? 'info',
    timestamp: input.timestamp ?? now.toISOString(),
    message: input.message ?? '',
    reason: input.reason,
    metadata: input.metadata ?? {},
    reportingController: input.reportingController ?? reporter.controller,
    reportingInstance: input.reportingInstance ?? reporter.instance,
    payload: input.payload,
  };
}

/** Problems of `value` as an envelope of `topic` (empty when valid). */
export function envelopeProblems(topic: Topic, value: unknown): string[] {
  const problems = validate(ENVELOPE_CHECK, value, 'envelope');
  if (problems.length > 0) return problems;
  return validate(PAYLOAD_CHECKS[topic], (value as { payload: unknown }).payload, 'envelope.payload');
}

/** Decodes and validates a received message body; never throws. */
export function parseEnvelope<T extends Topic>(topic: T, data: Uint8Array): ParsedEnvelope<T> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch (err) {
    return { ok: false, problems: [`body is not UTF-8 JSON: ${(err as Error).message}`] };
  }
  const problems = envelopeProblems(topic, value);
  return problems.length === 0 ? { ok: true, envelope: value as Envelope<T> } : { ok: false, problems };
}

/** Throws a BusError unless `envelope` is valid for `topic`; publishers call it so bad messages never leave. */
export function assertEnvelope(topic: Topic, envelope: Envelope): void {
  const problems = envelopeProblems(topic, envelope);
  if (problems.length > 0) {
    const { kind, namespace, name } = envelope.involvedObject ?? {};
    throw new BusError(BUS_ERROR_CODES.envelope, `${topic} message for ${kind}/${namespace}/${name}`, problems.join('; '));
  }
}
