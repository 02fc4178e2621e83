/**
 * Waiting for a set of objects to become healthy, driven by shared watches (no polling): every change to a tracked
 * object re-judges that object alone, and the wait ends as soon as the verdict is known — all Current, one Failed
 * (fail fast), the timeout, or an abort (cancellation, lost lease, shutdown).
 */
import type { HealthExpressionEvaluator } from '@sluice/kstatus';
import { HealthBoard, type ObjectHealth } from './board.js';
import { judge } from './judge.js';
import type { HealthTarget } from './targets.js';
import type { Tracker, WatchHub } from './watches.js';

/** How a wait ended. */
export type WaitResult = 'healthy' | 'failed' | 'timeout' | 'canceled';

/** Options of {@link waitForHealth}. */
export interface WaitOptions {
  /** Give up after this long (the Kustomization's `spec.timeout`). */
  readonly timeoutMs: number;
  /** Compiled `healthCheckExprs` deciding the kinds they name. */
  readonly expressions: readonly HealthExpressionEvaluator[];
  /** End at the first Failed object instead of waiting out the timeout. */
  readonly failFast: boolean;
  /** Aborting ends the wait with `canceled`; the abort reason is passed through. */
  readonly signal?: AbortSignal | undefined;
  /** Clock in milliseconds (kstatus's Pod rule and the elapsed time). */
  readonly now: () => number;
}

/** The end of a wait. */
export interface WaitOutcome {
  readonly result: WaitResult;
  /** The latest health of every target. */
  readonly objects: readonly ObjectHealth[];
  readonly failed: readonly ObjectHealth[];
  readonly notCurrent: readonly ObjectHealth[];
  readonly elapsedMs: number;
  /** `signal.reason` when the result is `canceled`. */
  readonly abortReason?: unknown;
}

/**
 * Waits until every target is Current (or the first is Failed, with `failFast`), at most `timeoutMs`. Tracks each
 * target through `hub` for the duration and releases them all when it ends. Never rejects.
 */
export function waitForHealth(hub: WatchHub, targets: readonly HealthTarget[], opts: WaitOptions): Promise<WaitOutcome> {
  return new Promise((resolve) => {
    const started = opts.now();
    const board = new HealthBoard(targets, { failFast: opts.failFast });
    const trackers: Tracker[] = [];
    let done = false;
    const clock: { timeout?: NodeJS.Timeout } = {};
    const onAbort = (): void => finish('canceled', opts.signal?.reason);
    function finish(result: WaitResult, abortReason?: unknown): void {
      if (done) return;
      done = true;
      clearTimeout(clock.timeout);
      opts.signal?.removeEventListener('abort', onAbort);
      for (const t of trackers) t.release();
      resolve({
        result, objects: board.all(), failed: board.failed(), notCurrent: board.notCurrent(), elapsedMs: opts.now() - started,
        ...(result === 'canceled' ? { abortReason } : {}),
      });
    }
    const settleIfDecided = (): void => {
      const verdict = board.verdict();
      if (verdict !== 'pending') finish(verdict);
    };
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    clock.timeout = setTimeout(() => finish('timeout'), opts.timeoutMs);
    for (const target of targets) {
      if (done) break;
      const holder: { tracker?: Tracker } = {};
      const update = (): void => {
        if (done || !holder.tracker) return;
        board.set(judge(target, holder.tracker.observe(), { now: opts.now(), expressions: opts.expressions }));
        settleIfDecided();
      };
      holder.tracker = hub.track(target, update);
      trackers.push(holder.tracker);
      update();
    }
    if (!done) settleIfDecided();
  });
}
