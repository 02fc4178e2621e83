import { objectRef } from './object-ref.js';
import type { StatusResult } from './types.js';

/**
 * What a result says, without the object: replica counts when the deciding rule counted them ("1 of 3 replicas
 * available"), else the result's message, else the bare status.
 */
export function describeResult(result: StatusResult): string {
  const progress = result.progress;
  if (progress !== undefined) return `${progress.current} of ${progress.desired} ${progress.noun}`;
  return result.message === '' ? result.status : result.message;
}

/**
 * A one-line reason naming the object, e.g. `Deployment/apps/podinfo: 1 of 3 replicas available`. Use it for the
 * per-object messages a health check puts into conditions and events.
 */
export function summarizeStatus(object: unknown, result: StatusResult): string {
  return `${objectRef(object)}: ${describeResult(result)}`;
}
