/**
 * The health of one target from what its watch shows: kstatus (or a matching CEL health expression) on the object,
 * NotFound when the object is absent, Unknown while its watch is not established. Pure.
 */
import { computeStatus, summarizeStatus, type HealthExpressionEvaluator } from '@sluice/kstatus';
import type { KubeObject } from '@sluice/runtime';
import type { ObjectHealth } from './board.js';
import { describeTarget, type HealthTarget } from './targets.js';

/** What a shared watch knows about one object. */
export type Observation =
  /** The watch has not listed its kind yet; `error` says why when listing failed (CRD missing, API down). */
  | { readonly synced: false; readonly error?: string }
  /** The watch is current; `object` is absent when the object does not exist. */
  | { readonly synced: true; readonly object: KubeObject | undefined };

/** Inputs of {@link judge} besides the target and observation. */
export interface JudgeOptions {
  /** Milliseconds since the epoch (kstatus's Pod rule gives pods time to be scheduled). */
  readonly now: number;
  /** The Kustomization's compiled `healthCheckExprs`. */
  readonly expressions: readonly HealthExpressionEvaluator[];
}

/** The health of `target` as observed; call on every change of its object and when its watch (re)synchronises. */
export function judge(target: HealthTarget, observation: Observation, opts: JudgeOptions): ObjectHealth {
  const subject = describeTarget(target);
  if (!observation.synced) {
    const summary = observation.error ? `${subject}: cannot watch ${target.apiVersion} ${target.kind}: ${observation.error}` : `${subject}: not observed yet`;
    return { target, status: 'Unknown', summary };
  }
  if (!observation.object) return { target, status: 'NotFound', summary: `${subject}: not found` };
  const result = computeStatus(observation.object, { now: opts.now, expressions: opts.expressions });
  return { target, status: result.status, summary: summarizeStatus(observation.object, result) };
}
