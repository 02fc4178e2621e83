/**
 * Control requests on core NATS (not JetStream): small fire-and-forget messages that reach whichever replica is
 * working on an object right now, e.g. "cancel the health check of Kustomization X: a newer apply superseded it".
 * Subjects are `<prefix>.v1.control.<action>.<kind>.<namespace>.<name>`, outside every stream, so nothing stores
 * them: a request nobody listens to is lost, and senders repeat it by their own means (the health-checker naks the
 * newer message and asks again on redelivery).
 */
import type { NatsConnection, Subscription as NatsSubscription } from '@nats-io/nats-core';
import { errorMessage } from '@sluice/errors';
import type { Logger } from '@sluice/telemetry';
import type { InvolvedObject } from './envelope.js';
import { BUS_ERROR_CODES, BusError } from './errors.js';
import { SUBJECT_VERSION, assertPrefix, encodeToken, kindToken } from './subjects.js';
import { num, object, optional, str, timestamp, validate, type Check } from './validation.js';

/** Every control action, as written in subjects. */
export const CONTROL_ACTIONS = {
  /** Stop the work on an object because newer work for it arrived. */
  cancel: 'cancel',
} as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[keyof typeof CONTROL_ACTIONS];

/** `cancel` request: stop the work of `service` on `involvedObject` if it started from an older message. */
export interface CancelRequest {
  readonly involvedObject: InvolvedObject;
  /** The service whose work is to stop, e.g. `health-checker`. */
  readonly service: string;
  /** Revision of the newer work. */
  readonly revision: string;
  /** `metadata.generation` the newer work is for. */
  readonly generation?: number;
  /** Stream sequence of the message carrying the newer work; holders cancel only work started from an older one. */
  readonly sequence: number;
  /** Replica that asks. */
  readonly requestedBy: string;
  /** RFC 3339. */
  readonly timestamp: string;
}

/** Request type of each action. */
export interface ControlPayloads {
  cancel: CancelRequest;
}

const CONTROL_CHECKS: Readonly<Record<ControlAction, Check>> = {
  cancel: object({
    involvedObject: object({
      apiVersion: str({ nonEmpty: true }), kind: str({ nonEmpty: true }), namespace: str(), name: str({ nonEmpty: true }),
      uid: optional(str()), resourceVersion: optional(str()),
    }),
    service: str({ nonEmpty: true }),
    revision: str(),
    generation: optional(num({ count: true })),
    sequence: num({ count: true }),
    requestedBy: str(),
    timestamp: timestamp(),
  }),
};

/** The subject of a control request about `object`. */
export function controlSubject(prefix: string, action: ControlAction, object: Pick<InvolvedObject, 'kind' | 'namespace' | 'name'>): string {
  return [assertPrefix(prefix), SUBJECT_VERSION, 'control', action, kindToken(object.kind), encodeToken(object.namespace, 'namespace'),
    encodeToken(object.name, 'name')].join('.');
}

/** The filter matching every request of `action`: `<prefix>.v1.control.<action>.>`. */
export function controlFilter(prefix: string, action: ControlAction): string {
  return `${assertPrefix(prefix)}.${SUBJECT_VERSION}.control.${action}.>`;
}

/** Problems of `value` as a request of `action` (empty when valid). */
export function controlProblems(action: ControlAction, value: unknown): string[] {
  return validate(CONTROL_CHECKS[action], value, action);
}

/** Validates and sends one request; resolves once the server has it (flushed), throws `SLUICE_BUS_ENVELOPE` when invalid. */
export async function publishControl<A extends ControlAction>(nc: NatsConnection, prefix: string, action: A, request: ControlPayloads[A]): Promise<void> {
  const problems = controlProblems(action, request);
  const { kind, namespace, name } = request.involvedObject ?? {};
  if (problems.length > 0) throw new BusError(BUS_ERROR_CODES.envelope, `${action} request for ${kind}/${namespace}/${name}`, problems.join('; '));
  nc.publish(controlSubject(prefix, action, request.involvedObject), JSON.stringify(request));
  await nc.flush();
}

/** A running control subscription. */
export interface ControlSubscription {
  /** Stops receiving; resolves when the handler of the last received request has finished. */
  stop(): Promise<void>;
}

/** Handles one control request; errors are logged, never redelivered. */
export type ControlHandler<A extends ControlAction> = (request: ControlPayloads[A], subject: string) => void | Promise<void>;

/** Receives every request of `action`; invalid ones are logged and dropped. */
export function subscribeControl<A extends ControlAction>(
  nc: NatsConnection, prefix: string, action: A, handler: ControlHandler<A>, logger: Logger,
): ControlSubscription {
  const sub: NatsSubscription = nc.subscribe(controlFilter(prefix, action));
  const loop = (async () => {
    for await (const msg of sub) {
      let value: unknown;
      try {
        value = msg.json();
      } catch (err) {
        logger.warn('dropped a control request that is not JSON', { subject: msg.subject, error: errorMessage(err) });
        continue;
      }
      const problems = controlProblems(action, value);
      if (problems.length > 0) {
        logger.warn('dropped an invalid control request', { subject: msg.subject, problems });
        continue;
      }
      try {
        await handler(value as ControlPayloads[A], msg.subject);
      } catch (err) {
        logger.warn('control request handler failed', { subject: msg.subject, error: errorMessage(err) });
      }
    }
  })();
  return {
    async stop() {
      if (!sub.isClosed()) await sub.drain().catch(() => sub.unsubscribe());
      await loop;
    },
  };
}
