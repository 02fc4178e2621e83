/**
 * The texts a health check writes into conditions, events and logs, worded as kustomize-controller words them, with
 * one line per object that is not healthy ("Deployment/apps/podinfo: 1 of 3 replicas available") instead of a bare
 * status. Pure.
 */
import { formatDuration } from '@sluice/api';
import type { ObjectHealth } from './board.js';

/** Progress message while waiting; the applier writes the same before handing over. */
export function progressMessage(revision: string, timeoutMs: number): string {
  return `Running health checks for revision ${revision} with a timeout of ${formatDuration(timeoutMs)}`;
}

/** `Healthy=True` message. */
export function passedMessage(elapsedMs: number): string {
  return `Health check passed in ${formatDuration(elapsedMs)}`;
}

/** `Ready=True` message after a passed health check. */
export function appliedMessage(revision: string): string {
  return `Applied revision: ${revision}`;
}

function list(objects: readonly ObjectHealth[]): string {
  return `[${objects.map((o) => o.summary).join(', ')}]`;
}

/** Why the wait failed early: the Failed objects (Flux: "failed early due to stalled resources"). */
export function failedEarlyDetail(failed: readonly ObjectHealth[]): string {
  return `failed early due to stalled resources: ${list(failed)}`;
}

/** Why the wait timed out: every object that is not Current, each with its own reason. */
export function timeoutDetail(notCurrent: readonly ObjectHealth[]): string {
  return `timeout waiting for: ${list(notCurrent)}`;
}

/** `Ready=False` message of a failed health check: the detail (also the `Healthy=False` message) with the time spent. */
export function failedMessage(elapsedMs: number, detail: string): string {
  return `health check failed after ${formatDuration(elapsedMs)}: ${detail}`;
}

/** What made a wait obsolete: a newer revision or a newer generation of the Kustomization. */
export interface CancelTrigger {
  /** The object whose change started the new reconciliation: the source for a revision, the Kustomization for a spec change. */
  readonly subject: string;
  readonly revision: string;
  readonly generation: number | undefined;
  /** Whether the revision (else the spec) changed. */
  readonly revisionChanged: boolean;
}

/**
 * What triggered the apply that superseded a check of `current`: the Kustomization's source when the revision
 * changed, else the Kustomization itself (a spec change).
 */
export function cancelTrigger(
  k: { readonly metadata: { readonly name: string; readonly namespace?: string | undefined }; readonly spec: { readonly sourceRef: { readonly kind: string; readonly name: string; readonly namespace?: string | undefined } } },
  current: { readonly revision: string },
  by: { readonly revision: string; readonly generation: number | undefined },
): CancelTrigger {
  const namespace = k.metadata.namespace ?? '';
  const revisionChanged = by.revision !== current.revision;
  const source = k.spec.sourceRef;
  const subject = revisionChanged ? `${source.kind}/${source.namespace || namespace}/${source.name}` : `Kustomization/${namespace}/${k.metadata.name}`;
  return { subject, revision: by.revision, generation: by.generation, revisionChanged };
}

function triggerText(t: CancelTrigger): string {
  return t.revisionChanged ? `${t.subject} (revision ${t.revision})` : `${t.subject} (generation ${t.generation ?? 'unknown'})`;
}

/** `Ready=False HealthCheckCanceled` message. */
export function canceledMessage(trigger: CancelTrigger): string {
  return `New reconciliation triggered by ${triggerText(trigger)}`;
}

/** Event message of a canceled health check. */
export function canceledEventMessage(trigger: CancelTrigger): string {
  return `Health checks canceled due to new reconciliation triggered by ${triggerText(trigger)}`;
}

/** `Stalled` message for `healthCheckExprs` that do not compile (a configuration error: not retried). */
export function invalidExpressionsMessage(problems: readonly string[]): string {
  return `Reconciliation failed terminally due to configuration error: ${problems.join('; ')}`;
}
