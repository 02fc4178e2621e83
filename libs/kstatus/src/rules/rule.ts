import type { KubeObject, StatusResult } from '../types.js';

/** What a per-kind rule may use besides the object itself. */
export interface RuleContext {
  /** The object as `Kind/namespace/name`, to start error messages with. */
  readonly subject: string;
  /** The current time in milliseconds since the epoch (rules never read the clock themselves). */
  readonly now: number;
}

/**
 * Computes the status of one kind of object once the generic checks left the decision to it. A rule may throw
 * {@link InvalidObjectError} for malformed fields; {@link computeStatus} turns that into an Unknown result.
 */
export type KindRule = (object: KubeObject, context: RuleContext) => StatusResult;
