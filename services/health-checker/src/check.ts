/**
 * One health check as named steps, after kustomize-controller's `checkHealth`: load the Kustomization (skipping an
 * apply that is no longer current), select the objects, compile `healthCheckExprs`, mark progress, and wait on the
 * shared watches. The steps do the I/O; {@link classify} turns how they ended into one {@link CheckResult}.
 */
import { KUSTOMIZE_GROUP, MetaReason, kustomizationSettings, parseKustomization, type Kustomization } from '@sluice/api';
import { compileHealthExpressions, type HealthExpressionEvaluator } from '@sluice/kstatus';
import {
  TerminalError, halt, runSteps, updateStatus, type Halt, type KubeObject, type ServiceContext, type Step, type StepsResult,
} from '@sluice/runtime';
import type { ObjectHealth } from './board.js';
import type { HealthJob } from './job.js';
import { cancelTrigger, failedEarlyDetail, invalidExpressionsMessage, timeoutDetail, type CancelTrigger } from './messages.js';
import { stopReasonOf } from './runs.js';
import { isSuperseded, progressingStatus, type KustomizationStatus } from './status.js';
import { selectTargets, type TargetSelection } from './targets.js';
import { waitForHealth, type WaitOutcome } from './wait.js';
import type { WatchHub } from './watches.js';

/** What a check needs besides the service context. */
export interface CheckDeps {
  readonly hub: WatchHub;
  /** End at the first Failed object. */
  readonly failFast: boolean;
}

/** What the steps of one check share. */
export interface CheckRun {
  readonly job: HealthJob;
  /** Aborted with a `StopReason` to stop the wait. */
  readonly signal: AbortSignal;
  obj?: KubeObject | undefined;
  k?: Kustomization | undefined;
  selection?: TargetSelection;
  expressions?: readonly HealthExpressionEvaluator[];
  timeoutMs?: number;
  outcome?: WaitOutcome;
}

/** How one check ended, for reporting. */
export type CheckResult =
  /** The apply is not current any more (or the object is gone, suspended, deleting): nothing to write. */
  | { readonly kind: 'skipped'; readonly why: string }
  /** Every target is Current; `checked` is false when nothing asked for a check. */
  | { readonly kind: 'healthy'; readonly checked: boolean; readonly elapsedMs: number; readonly objects: readonly ObjectHealth[] }
  /** A target Failed (fail fast), the timeout passed, or the targets could not be determined. */
  | { readonly kind: 'unhealthy'; readonly result: 'unhealthy' | 'timeout'; readonly detail: string; readonly elapsedMs: number; readonly objects: readonly ObjectHealth[] }
  /** `healthCheckExprs` do not compile: stall until the spec changes. */
  | { readonly kind: 'stalled'; readonly message: string }
  /** A newer apply superseded the check. */
  | { readonly kind: 'canceled'; readonly trigger: CancelTrigger; readonly elapsedMs: number; readonly objects: readonly ObjectHealth[] }
  /** The lease was lost or the replica stops: another replica redoes the check. */
  | { readonly kind: 'abandoned'; readonly why: 'lease-lost' | 'shutdown' };

const refOf = (job: HealthJob) => ({ apiVersion: job.object.apiVersion, kind: job.object.kind, namespace: job.object.namespace, name: job.object.name });

function staleness(obj: KubeObject | undefined, k: Kustomization | undefined, job: HealthJob): Halt | undefined {
  if (!obj || (job.object.uid && obj.metadata.uid !== job.object.uid)) return halt('Gone', `${job.subject} no longer exists`);
  if (!k) return halt('Invalid', `${job.subject} cannot be read as a Kustomization (the builder reports why)`);
  if (obj.metadata.deletionTimestamp) return halt('Deleting', `${job.subject} is being deleted`);
  if (kustomizationSettings(k).suspend) return halt(MetaReason.Suspended, `${job.subject} is suspended`);
  if (isSuperseded(k, job)) return halt('Superseded', `${job.subject} moved on from revision ${job.revision} generation ${job.generation ?? '?'}`);
  return undefined;
}

function steps(ctx: ServiceContext, deps: CheckDeps): Step<CheckRun>[] {
  return [
    { name: 'load', reason: MetaReason.ReconciliationFailed, run: async (run) => {
      run.obj = await ctx.kube.get(refOf(run.job));
      const parsed = run.obj ? parseKustomization(run.obj, { unknownFields: 'drop' }) : undefined;
      run.k = parsed?.ok ? parsed.value : undefined;
      return staleness(run.obj, run.k, run.job);
    } },
    { name: 'selectTargets', reason: MetaReason.HealthCheckFailed, run: async (run) => {
      run.selection = selectTargets(run.k!, run.job.inventory);
      run.timeoutMs = kustomizationSettings(run.k!).timeoutMs;
    } },
    { name: 'compileExpressions', reason: MetaReason.InvalidCELExpression, run: async (run) => {
      const compiled = compileHealthExpressions(run.k!.spec.healthCheckExprs, { path: 'spec.healthCheckExprs' });
      if (!compiled.ok) throw new TerminalError(invalidExpressionsMessage(compiled.errors.map((e) => e.message)));
      run.expressions = compiled.evaluators;
    } },
    { name: 'markProgressing', reason: MetaReason.ReconciliationFailed, run: async (run) => {
      if (run.selection!.mode === 'none') return;
      // The object was just loaded: start from it (a stale copy costs one conflict and a re-read).
      await updateStatus<KustomizationStatus, Kustomization & KubeObject>(ctx.kube, refOf(run.job), (latest) =>
        isSuperseded(latest, run.job) ? undefined : progressingStatus(latest, run.job.revision, run.timeoutMs!, ctx.now()),
      { current: run.obj as Kustomization & KubeObject });
    } },
    { name: 'wait', reason: MetaReason.HealthCheckFailed, run: async (run) => {
      run.outcome = await waitForHealth(deps.hub, run.selection!.targets, {
        timeoutMs: run.timeoutMs!, expressions: run.expressions!, failFast: deps.failFast, signal: run.signal, now: () => ctx.now().getTime(),
      });
    } },
  ];
}

/** Runs the steps of one check; failures come back in the result, never thrown. */
export function runCheck(ctx: ServiceContext, deps: CheckDeps, run: CheckRun): Promise<StepsResult> {
  return runSteps(run, steps(ctx, deps), ctx.tracer);
}

function fromOutcome(run: CheckRun, outcome: WaitOutcome): CheckResult {
  const base = { elapsedMs: outcome.elapsedMs, objects: outcome.objects };
  switch (outcome.result) {
    case 'healthy':
      return { kind: 'healthy', checked: run.selection!.mode !== 'none', ...base };
    case 'failed':
      return { kind: 'unhealthy', result: 'unhealthy', detail: failedEarlyDetail(outcome.failed), ...base };
    case 'timeout':
      return { kind: 'unhealthy', result: 'timeout', detail: timeoutDetail(outcome.notCurrent), ...base };
    case 'canceled': {
      const reason = stopReasonOf(outcome.abortReason);
      if (reason?.kind === 'superseded') return { kind: 'canceled', trigger: cancelTrigger(run.k!, run.job, reason.by), ...base };
      return { kind: 'abandoned', why: reason?.kind === 'lease-lost' ? 'lease-lost' : 'shutdown' };
    }
  }
}

/**
 * What a finished run means. Step failures other than the target selection (which fails the check) and the
 * expressions (which stall it) are transient API errors: they are rethrown so the message is retried.
 */
export function classify(run: CheckRun, result: StepsResult): CheckResult {
  if (!result.ok) {
    const { error } = result;
    if (error.terminal) return { kind: 'stalled', message: error.message };
    if (error.step === 'selectTargets') return { kind: 'unhealthy', result: 'unhealthy', detail: error.message, elapsedMs: 0, objects: [] };
    throw error;
  }
  if (result.halted) return { kind: 'skipped', why: result.halted.message };
  return fromOutcome(run, run.outcome!);
}

/** `kustomize.toolkit.fluxcd.io/revision` metadata of events about the job. */
export function revisionMetadata(revision: string): Record<string, string> {
  return { [`${KUSTOMIZE_GROUP}/revision`]: revision };
}
