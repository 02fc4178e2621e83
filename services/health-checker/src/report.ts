/**
 * Telling the result of a check: the status write (skipped when the Kustomization moved on meanwhile), then the
 * `health`, `ready` and `event` messages and a Kubernetes Event, and after a failure a retry request at
 * `retryInterval`, as kustomize-controller requeues a failed reconciliation.
 */
import { MetaReason, kustomizationSettings, type Kustomization } from '@sluice/api';
import { messageId, type HealthResult, type InvolvedObject, type Severity } from '@sluice/bus';
import { involvedObject, requestReconcile, updateStatus, type KubeObject, type ServiceContext } from '@sluice/runtime';
import type { ObjectHealth } from './board.js';
import { revisionMetadata, type CheckResult } from './check.js';
import type { HealthJob } from './job.js';
import { appliedMessage, canceledEventMessage, canceledMessage, failedMessage, passedMessage } from './messages.js';
import {
  announcesSuccess, canceledStatus, healthyStatus, isSuperseded, stalledStatus, unhealthyStatus, type KustomizationStatus,
} from './status.js';

/** The checked Kustomization as loaded by the check. */
export interface Checked {
  readonly job: HealthJob;
  readonly obj: KubeObject;
  readonly k: Kustomization;
}

type Latest = Kustomization & KubeObject;

/** Writes a status computed from the latest object; with `guard`, not when the Kustomization moved on. */
function writeStatus(ctx: ServiceContext, job: HealthJob, guard: boolean, mutate: (latest: Latest) => KustomizationStatus): Promise<Latest | undefined> {
  const ref = { apiVersion: job.object.apiVersion, kind: job.object.kind, namespace: job.object.namespace, name: job.object.name };
  return updateStatus<KustomizationStatus, Latest>(ctx.kube, ref, (latest) => (guard && isSuperseded(latest, job) ? undefined : mutate(latest)));
}

function payloadObjects(objects: readonly ObjectHealth[]): { id: string; status: ObjectHealth['status']; message?: string }[] {
  return objects.map((o) => (o.status === 'Current' ? { id: o.target.id, status: o.status } : { id: o.target.id, status: o.status, message: o.summary }));
}

interface Outcome {
  readonly severity: Severity;
  readonly reason: string;
  readonly message: string;
}

async function publishHealth(ctx: ServiceContext, involved: InvolvedObject, job: HealthJob, result: HealthResult, objects: readonly ObjectHealth[], o: Outcome): Promise<void> {
  await ctx.bus.publish('health', {
    involvedObject: involved, severity: o.severity, reason: o.reason, message: o.message, metadata: revisionMetadata(job.revision),
    payload: { revision: job.revision, result, objects: payloadObjects(objects), ...(job.generation === undefined ? {} : { generation: job.generation }) },
  }, { msgId: messageId('health', involved.uid ?? job.subject, String(job.sequence)) });
}

async function publishReady(ctx: ServiceContext, involved: InvolvedObject, job: HealthJob, ready: boolean, o: Outcome, observedGeneration: number): Promise<void> {
  await ctx.bus.publish('ready', {
    involvedObject: involved, severity: o.severity, reason: o.reason, message: o.message, metadata: revisionMetadata(job.revision),
    payload: { ready, reason: o.reason, revision: job.revision, observedGeneration },
  }, { msgId: messageId('ready', involved.uid ?? job.subject, 'health', String(job.sequence)) });
}

/** A Flux `event` message and a Kubernetes Event on the Kustomization. */
async function announce(ctx: ServiceContext, obj: KubeObject, job: HealthJob, o: Outcome): Promise<void> {
  const metadata = revisionMetadata(job.revision);
  await ctx.bus.publish('event', { involvedObject: involvedObject(obj), severity: o.severity, reason: o.reason, message: o.message, metadata, payload: {} });
  await ctx.events.record(obj, { type: o.severity === 'error' ? 'Warning' : 'Normal', reason: o.reason, message: o.message, annotations: metadata });
}

async function reportHealthy(ctx: ServiceContext, c: Checked, r: Extract<CheckResult, { kind: 'healthy' }>): Promise<boolean> {
  const now = ctx.now();
  const stored = await writeStatus(ctx, c.job, true, (latest) => healthyStatus(latest, { ...c.job, elapsedMs: r.elapsedMs, now, checked: r.checked }));
  if (!stored) return false;
  const involved = involvedObject(stored);
  const ready = { severity: 'info', reason: MetaReason.ReconciliationSucceeded, message: appliedMessage(c.job.revision) } as const;
  if (r.checked) await publishHealth(ctx, involved, c.job, 'healthy', r.objects, { ...ready, reason: MetaReason.Succeeded, message: passedMessage(r.elapsedMs) });
  await publishReady(ctx, involved, c.job, true, ready, stored.status?.observedGeneration ?? c.job.generation ?? 0);
  if (r.checked && announcesSuccess(c.k.status?.history, c.job.revision)) {
    await announce(ctx, stored, c.job, { ...ready, message: passedMessage(r.elapsedMs) });
  }
  return true;
}

async function reportUnhealthy(ctx: ServiceContext, c: Checked, r: Extract<CheckResult, { kind: 'unhealthy' }>): Promise<boolean> {
  const now = ctx.now();
  const stored = await writeStatus(ctx, c.job, true, (latest) => unhealthyStatus(latest, { ...c.job, elapsedMs: r.elapsedMs, now, detail: r.detail }));
  if (!stored) return false;
  const involved = involvedObject(stored);
  const failed = { severity: 'error', reason: MetaReason.HealthCheckFailed, message: failedMessage(r.elapsedMs, r.detail) } as const;
  await publishHealth(ctx, involved, c.job, r.result, r.objects, failed);
  await publishReady(ctx, involved, c.job, false, failed, stored.status?.observedGeneration ?? c.job.generation ?? 0);
  await announce(ctx, stored, c.job, failed);
  const notBefore = new Date(now.getTime() + kustomizationSettings(c.k).retryIntervalMs);
  await requestReconcile(ctx, stored, 'retry', { notBefore, dedupe: `retry/health/${c.job.sequence}` });
  return true;
}

async function reportCanceled(ctx: ServiceContext, c: Checked, r: Extract<CheckResult, { kind: 'canceled' }>): Promise<boolean> {
  const stored = await writeStatus(ctx, c.job, false, (latest) => canceledStatus(latest, canceledMessage(r.trigger), ctx.now()));
  if (!stored) return false;
  const canceled = { severity: 'info', reason: MetaReason.HealthCheckCanceled, message: canceledEventMessage(r.trigger) } as const;
  await publishHealth(ctx, involvedObject(stored), c.job, 'canceled', r.objects, canceled);
  await announce(ctx, stored, c.job, canceled);
  return true;
}

async function reportStalled(ctx: ServiceContext, c: Checked, r: Extract<CheckResult, { kind: 'stalled' }>): Promise<boolean> {
  const stored = await writeStatus(ctx, c.job, true, (latest) => stalledStatus(latest, r.message, ctx.now()));
  if (!stored) return false;
  const stalled = { severity: 'error', reason: MetaReason.InvalidCELExpression, message: r.message } as const;
  await publishReady(ctx, involvedObject(stored), c.job, false, stalled, stored.status?.observedGeneration ?? c.job.generation ?? 0);
  await announce(ctx, stored, c.job, stalled);
  return true;
}

/**
 * Reports a finished check; returns whether anything was written (false for skipped or abandoned checks, and when
 * the Kustomization moved on before the write).
 */
export async function reportCheck(ctx: ServiceContext, c: Checked, result: CheckResult): Promise<boolean> {
  switch (result.kind) {
    case 'healthy':
      return reportHealthy(ctx, c, result);
    case 'unhealthy':
      return reportUnhealthy(ctx, c, result);
    case 'canceled':
      return reportCanceled(ctx, c, result);
    case 'stalled':
      return reportStalled(ctx, c, result);
    case 'skipped':
    case 'abandoned':
      return false;
  }
}
