/**
 * Publishing: subject from topic and object, envelope validated and completed, JSON body, trace context in
 * headers, and a message id so JetStream drops repeats within the duplicate window.
 */
import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders, nuid } from '@nats-io/nats-core';
import { BUS_ERROR_CODES, BusError } from './errors.js';
import { assertEnvelope, completeEnvelope, type Envelope, type EnvelopeInput } from './envelope.js';
import { buildSubject } from './subjects.js';
import type { Topic } from './topics.js';
import { injectTraceContext } from './trace-headers.js';

/** Options of one publish. */
export interface PublishOptions {
  /**
   * JetStream message id; a repeat within the duplicate window is dropped and reported as `duplicate`. Make it
   * deterministic (see {@link messageId}) when retries of the same fact must not repeat it; random by default.
   */
  readonly msgId?: string;
  /** How long to wait for the stream's acknowledgement. */
  readonly timeoutMs?: number;
}

/** Outcome of a publish. */
export interface PublishResult {
  readonly subject: string;
  readonly msgId: string;
  readonly stream: string;
  /** Stream sequence (of the original message when `duplicate`). */
  readonly seq: number;
  /** True when JetStream dropped it as a repeat of `msgId`. */
  readonly duplicate: boolean;
  /** The envelope as sent. */
  readonly envelope: Envelope;
}

/** Who is publishing, for the envelope defaults. */
export interface Reporter {
  readonly controller: string;
  readonly instance: string;
}

/**
 * A deterministic message id from parts, e.g. `messageId('revision', 'GitRepository/flux-system/podinfo', rev)`:
 * publishing the same fact twice within the duplicate window stores it once.
 */
export function messageId(...parts: readonly string[]): string {
  return parts.join('/');
}

/** Publishes one message; resolves when JetStream stored it (or dropped it as a duplicate). */
export async function publishEnvelope<T extends Topic>(
  js: JetStreamClient, prefix: string, reporter: Reporter, topic: T, input: EnvelopeInput<T>, opts: PublishOptions = {},
): Promise<PublishResult> {
  const envelope = completeEnvelope(input, reporter, new Date());
  assertEnvelope(topic, envelope);
  const subject = buildSubject(prefix, topic, envelope.involvedObject);
  const msgId = opts.msgId ?? nuid.next();
  const headers = natsHeaders();
  injectTraceContext(headers);
  try {
    const ack = await js.publish(subject, JSON.stringify(envelope), { msgID: msgId, headers, ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}) });
    return { subject, msgId, stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate, envelope };
  } catch (err) {
    throw new BusError(BUS_ERROR_CODES.publish, `publish ${subject}`, 'JetStream did not store the message', err);
  }
}
