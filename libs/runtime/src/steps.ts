/**
 * Reconciliation as named steps, after kustomize-controller's reconcile loop: each step is a short function; a
 * failure in a step becomes that step's Reason (`BuildFailed` for build, `ArtifactFailed` for fetching the source,
 * ...); a {@link TerminalError} means "stall, don't retry" and anything else retries with backoff.
 */
import { SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { SluiceError, errorMessage } from '@sluice/errors';

/**
 * A failure that retrying cannot fix (invalid configuration, a dependency cycle): the object is marked
 * Stalled=True with the step's (or this error's) reason and is not retried until its spec changes.
 */
export class TerminalError extends SluiceError {
  readonly reason: string | undefined;

  constructor(message: string, opts: { reason?: string; cause?: unknown } = {}) {
    super('SLUICE_TERMINAL', message, { cause: opts.cause });
    this.reason = opts.reason;
  }
}

/**
 * A step failed: names the step, carries the Reason to report and whether to stall. An error with its own string
 * `reason` property (a {@link TerminalError} with a reason, or any error a step throws to report a more precise
 * reason) overrides the step's.
 */
export class StepError extends SluiceError {
  readonly step: string;
  readonly reason: string;
  readonly terminal: boolean;

  constructor(step: string, reason: string, cause: unknown) {
    super('SLUICE_STEP_FAILED', errorMessage(cause), { cause });
    this.step = step;
    const own = (cause as { reason?: unknown } | undefined)?.reason;
    this.reason = typeof own === 'string' && own !== '' ? own : reason;
    this.terminal = cause instanceof TerminalError;
  }
}

/**
 * Returned by a step to end the reconciliation early without failing (suspended, nothing to do, waiting for a
 * dependency's readiness event). `reason`/`message` say why, for logs and status.
 */
export interface Halt {
  readonly halt: true;
  readonly reason: string;
  readonly message: string;
}

/** Ends the run early without failing; see {@link Halt}. */
export function halt(reason: string, message: string): Halt {
  return { halt: true, reason, message };
}

/** One named step over a shared context `C`. */
export interface Step<C> {
  /** Short name, used for the span and in logs: `getSource`, `build`, `apply`. */
  readonly name: string;
  /** The Reason a failure of this step is reported with (Flux's, e.g. `ArtifactFailed`). */
  readonly reason: string;
  // A step that simply finishes returns nothing; `void` keeps plain `async (ctx) => { ... }` bodies assignable.
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type
  readonly run: (ctx: C) => Promise<Halt | void>;
}

/** How a run of steps ended. */
export type StepsResult = { readonly ok: true; readonly halted?: Halt } | { readonly ok: false; readonly error: StepError };

/**
 * Runs steps in order, each in its own span (child of the active one). Stops at the first failure (returned as a
 * {@link StepError}, never thrown) or at the first step that returns a {@link Halt}.
 */
export async function runSteps<C>(ctx: C, steps: readonly Step<C>[], tracer: Tracer = trace.getTracer('sluice')): Promise<StepsResult> {
  for (const step of steps) {
    const outcome = await tracer.startActiveSpan(step.name, async (span) => {
      try {
        const r = await step.run(ctx);
        if (r) span.setAttribute('sluice.halt.reason', r.reason);
        return r ?? undefined;
      } catch (err) {
        const failure = new StepError(step.name, step.reason, err);
        span.recordException(err instanceof Error ? err : new Error(errorMessage(err)));
        span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
        return failure;
      } finally {
        span.end();
      }
    });
    if (outcome instanceof StepError) return { ok: false, error: outcome };
    if (outcome) return { ok: true, halted: outcome };
  }
  return { ok: true };
}
