import { context, propagation, trace, type TracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * Installs `provider`, an AsyncLocalStorage context manager and the W3C trace-context + baggage propagator as the
 * process-wide OpenTelemetry globals, replacing any earlier registration (the API refuses a second one otherwise).
 */
export function registerGlobals(provider: TracerProvider): void {
  unregisterGlobals();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  }));
  trace.setGlobalTracerProvider(provider);
}

/** Removes the globals {@link registerGlobals} installed; the API falls back to no-ops. */
export function unregisterGlobals(): void {
  trace.disable();
  propagation.disable();
  context.disable();
}
