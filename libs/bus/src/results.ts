/** What a handler tells the bus to do with a message. */
export type HandlerResult =
  | { readonly action: 'ack' }
  | { readonly action: 'nak'; readonly delayMs: number }
  | { readonly action: 'term'; readonly reason: string };

/** Done: the message is removed (work queue) or marked processed for this consumer. */
export function ack(): HandlerResult {
  return { action: 'ack' };
}

/** Not now: redeliver after `delayMs` (0: as soon as possible). Use for "busy", "not due yet", transient failures. */
export function nak(delayMs = 0): HandlerResult {
  return { action: 'nak', delayMs: Math.max(0, Math.round(delayMs)) };
}

/** Never: the message can't ever be handled (invalid, obsolete); it is not redelivered. Say why. */
export function term(reason: string): HandlerResult {
  return { action: 'term', reason };
}

/** Exponential backoff for thrown errors: `initialMs * 2^(deliveryCount-1)`, capped at `maxMs`. */
export function backoffDelay(deliveryCount: number, initialMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(deliveryCount - 1, 0), 30);
  return Math.min(initialMs * 2 ** exponent, maxMs);
}
