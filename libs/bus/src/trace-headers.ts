/**
 * W3C trace context in NATS headers (`traceparent`, `tracestate`). A propagator instance is used directly, so
 * propagation works whether or not a global propagator was registered.
 */
import { ROOT_CONTEXT, context, type Context, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { MsgHdrs } from '@nats-io/nats-core';

const propagator = new W3CTraceContextPropagator();

const setter: TextMapSetter<MsgHdrs> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

const getter: TextMapGetter<MsgHdrs | undefined> = {
  get: (carrier, key) => (carrier?.has(key) ? carrier.get(key) : undefined),
  keys: (carrier) => (carrier ? carrier.keys() : []),
};

/** Writes the trace context of `ctx` (default: the active one) into `headers`; nothing when no span is active. */
export function injectTraceContext(headers: MsgHdrs, ctx: Context = context.active()): void {
  propagator.inject(ctx, headers, setter);
}

/** The context carried by `headers`, on top of the root context (received messages start their own trace tree). */
export function extractTraceContext(headers: MsgHdrs | undefined): Context {
  return propagator.extract(ROOT_CONTEXT, headers, getter);
}
