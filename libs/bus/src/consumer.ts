/**
 * Consuming a durable pull consumer: pulls at most `concurrency` messages at a time, validates each envelope,
 * holds delayed work until due, runs the handler inside the sender's trace context with `working()` heartbeats,
 * and settles the message by the handler's result. `stop()` drains.
 */
import type { Consumer, ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { PubHeaders } from '@nats-io/jetstream';
import { SpanKind, SpanStatusCode, context, trace, type Span } from '@opentelemetry/api';
import { errorMessage } from '@sluice/errors';
import type { Logger } from '@sluice/telemetry';
import { parseEnvelope, type Envelope } from './envelope.js';
import { backoffDelay, nak, term, type HandlerResult } from './results.js';
import { kindToken, parseSubject, type SubjectParts } from './subjects.js';
import type { Topic } from './topics.js';
import { extractTraceContext } from './trace-headers.js';

/** Facts about one delivery, passed to the handler next to the envelope. */
export interface Delivery {
  readonly subject: string;
  /** The subject parsed: topic, kind (lowercase), namespace, name. */
  readonly object: SubjectParts;
  readonly stream: string;
  readonly consumer: string;
  /** 1 on the first delivery. */
  readonly deliveryCount: number;
  /** 0 on the first delivery. */
  readonly redeliveryCount: number;
  readonly streamSequence: number;
  /** The publisher's message id. */
  readonly msgId: string | undefined;
  /** Resets the ack timer now; the bus already does so every `heartbeatMs` while the handler runs. */
  working(): void;
}

/** Handles one message of topic `T`; the result settles it, a throw naks it with backoff. */
export type Handler<T extends Topic> = (envelope: Envelope<T>, delivery: Delivery) => HandlerResult | Promise<HandlerResult>;

/** Options of `consume`. */
export interface ConsumeOptions {
  /** Handlers running at once (and so messages pulled at once). */
  readonly concurrency?: number;
  /** How long one pull request waits on the server for messages. */
  readonly pullExpiresMs?: number;
  /** Interval of `working()` heartbeats while a handler runs; default a third of the consumer's ack wait. */
  readonly heartbeatMs?: number;
  /** First redelivery delay after a handler threw; doubles per delivery. */
  readonly retryInitialMs?: number;
  /** Cap of that delay. */
  readonly retryMaxMs?: number;
  /** Nak `reconcile` messages whose `notBefore` is in the future until due, without calling the handler. */
  readonly honourNotBefore?: boolean;
  /** Pause before pulling again after the pull itself failed (NATS down, consumer missing). */
  readonly pullRetryMs?: number;
}

/** A running consumer. */
export interface Subscription {
  readonly consumer: string;
  /** Handlers running now. */
  readonly inFlight: number;
  /** Stops pulling, naks messages pulled but not started, waits for running handlers, then resolves. */
  stop(): Promise<void>;
}

/** Everything a consumer loop needs from the bus. */
export interface ConsumerContext<T extends Topic> {
  readonly js: JetStreamClient;
  readonly stream: string;
  readonly consumer: string;
  readonly topic: T;
  readonly ackWaitMs: number;
  readonly logger: Logger;
  /** Servers before 2.11 do not take a reason with `+TERM`: the bus only logs it then. */
  readonly termTakesReason: boolean;
}

const DEFAULTS = { concurrency: 1, pullExpiresMs: 5_000, retryInitialMs: 1_000, retryMaxMs: 5 * 60_000, honourNotBefore: true, pullRetryMs: 1_000 };

/** Starts consuming; the returned subscription runs until `stop()`. */
export function startConsumer<T extends Topic>(ctx: ConsumerContext<T>, handler: Handler<T>, opts: ConsumeOptions = {}): Subscription {
  return new ConsumerLoop(ctx, handler, { ...DEFAULTS, heartbeatMs: Math.max(100, Math.floor(ctx.ackWaitMs / 3)), ...opts });
}

class ConsumerLoop<T extends Topic> implements Subscription {
  readonly consumer: string;
  private readonly ctx: ConsumerContext<T>;
  private readonly handler: Handler<T>;
  private readonly opts: Required<ConsumeOptions>;
  private readonly running = new Set<Promise<void>>();
  private stopping = false;
  private batch: ConsumerMessages | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly done: Promise<void>;

  constructor(ctx: ConsumerContext<T>, handler: Handler<T>, opts: Required<ConsumeOptions>) {
    this.ctx = ctx;
    this.consumer = ctx.consumer;
    this.handler = handler;
    this.opts = opts;
    this.done = this.run();
  }

  get inFlight(): number {
    return this.running.size;
  }

  async stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      this.wake();
      await this.batch?.close();
    }
    await this.done;
    await Promise.allSettled([...this.running]);
  }

  private async run(): Promise<void> {
    let consumer: Consumer | undefined;
    while (!this.stopping) {
      await this.waitForSlot();
      if (this.stopping) break;
      try {
        consumer ??= await this.ctx.js.consumers.get(this.ctx.stream, this.ctx.consumer);
        await this.pullBatch(consumer);
      } catch (err) {
        if (this.stopping) break;
        consumer = undefined;
        this.ctx.logger.warn('pull failed; retrying', { consumer: this.ctx.consumer, error: errorMessage(err) });
        await this.pause(this.opts.pullRetryMs);
      }
    }
  }

  private async pullBatch(consumer: Consumer): Promise<void> {
    const batch = await consumer.fetch({ max_messages: this.opts.concurrency - this.running.size, expires: this.opts.pullExpiresMs });
    this.batch = batch;
    try {
      for await (const msg of batch) {
        if (this.stopping) msg.nak();
        else this.dispatch(msg);
      }
    } finally {
      this.batch = undefined;
    }
  }

  private dispatch(msg: JsMsg): void {
    const task: Promise<void> = this.handle(msg).finally(() => {
      this.running.delete(task);
      this.wake();
    });
    this.running.add(task);
  }

  private async handle(msg: JsMsg): Promise<void> {
    const heartbeat = setInterval(() => msg.working(), this.opts.heartbeatMs);
    try {
      const result = await this.process(msg);
      await this.settle(msg, result);
    } catch (err) {
      // Only settling can get here (process never throws): the server redelivers after the ack wait.
      this.ctx.logger.error('could not settle message', { consumer: this.ctx.consumer, subject: msg.subject, error: errorMessage(err) });
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Decides the fate of one message; never throws. */
  private async process(msg: JsMsg): Promise<HandlerResult> {
    let object: SubjectParts;
    try {
      object = parseSubject(msg.subject);
    } catch (err) {
      return term(errorMessage(err));
    }
    const parsed = parseEnvelope(this.ctx.topic, msg.data);
    if (!parsed.ok) return term(`invalid envelope: ${parsed.problems.join('; ')}`);
    const mismatch = involvedObjectMismatch(parsed.envelope, object);
    if (mismatch) return term(mismatch);
    const wait = this.opts.honourNotBefore ? notDueFor(parsed.envelope) : 0;
    if (wait > 0) return nak(wait);
    return this.runHandler(msg, parsed.envelope, object);
  }

  private async runHandler(msg: JsMsg, envelope: Envelope<T>, object: SubjectParts): Promise<HandlerResult> {
    const delivery = deliveryOf(msg, object);
    const parent = extractTraceContext(msg.headers);
    const span = trace.getTracer('@sluice/bus').startSpan(`${this.ctx.topic} process`, {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'nats', 'messaging.operation.type': 'process', 'messaging.destination.name': msg.subject,
        'messaging.consumer.group.name': this.ctx.consumer, 'messaging.message.id': delivery.msgId ?? '',
        'sluice.delivery_count': delivery.deliveryCount,
      },
    }, parent);
    try {
      const result = await context.with(trace.setSpan(parent, span), () => this.handler(envelope, delivery));
      span.setAttribute('sluice.bus.result', result.action);
      return result;
    } catch (err) {
      recordFailure(span, err);
      const delayMs = backoffDelay(delivery.deliveryCount, this.opts.retryInitialMs, this.opts.retryMaxMs);
      this.ctx.logger.warn('handler failed; redelivering with backoff', { consumer: this.ctx.consumer, subject: msg.subject, delayMs, error: err });
      return nak(delayMs);
    } finally {
      span.end();
    }
  }

  private async settle(msg: JsMsg, result: HandlerResult): Promise<void> {
    switch (result.action) {
      case 'ack':
        if (!(await msg.ackAck())) throw new Error('the server did not confirm the ack');
        return;
      case 'nak':
        msg.nak(result.delayMs);
        return;
      case 'term':
        this.ctx.logger.warn('message terminated', { consumer: this.ctx.consumer, subject: msg.subject, seq: msg.info.streamSequence, reason: result.reason });
        if (this.ctx.termTakesReason) msg.term(result.reason);
        else msg.term();
        return;
    }
  }

  private waitForSlot(): Promise<void> {
    if (this.running.size < this.opts.concurrency) return Promise.resolve();
    return new Promise((resolve) => {
      this.wakeUp = resolve;
    });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }
}

function deliveryOf(msg: JsMsg, object: SubjectParts): Delivery {
  return {
    subject: msg.subject, object, stream: msg.info.stream, consumer: msg.info.consumer,
    deliveryCount: msg.info.deliveryCount, redeliveryCount: msg.info.deliveryCount - 1,
    streamSequence: msg.info.streamSequence, msgId: msg.headers?.get(PubHeaders.MsgIdHdr) || undefined,
    working: () => msg.working(),
  };
}

/** Why the envelope's involvedObject contradicts the subject it came on, or undefined. */
function involvedObjectMismatch(envelope: Envelope, object: SubjectParts): string | undefined {
  const { kind, namespace, name } = envelope.involvedObject;
  let token: string;
  try {
    token = kindToken(kind);
  } catch (err) {
    return errorMessage(err);
  }
  if (token === object.kind && namespace === object.namespace && name === object.name) return undefined;
  return `involvedObject ${kind}/${namespace}/${name} does not match subject object ${object.kind}/${object.namespace}/${object.name}`;
}

/** Milliseconds until a reconcile's `notBefore`, or 0. */
function notDueFor(envelope: Envelope): number {
  const notBefore = (envelope.payload as { notBefore?: string }).notBefore;
  if (notBefore === undefined) return 0;
  return Math.max(0, Date.parse(notBefore) - Date.now());
}

function recordFailure(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : new Error(errorMessage(err)));
  span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
}
