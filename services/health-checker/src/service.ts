/**
 * The health-checker service: consumes `apply` messages and checks each applied Kustomization's health on shared
 * watches, one check per Kustomization at a time across all replicas (leases in the `health-checker` scope). A
 * newer apply cancels the running check: in this replica directly, in another through a `cancel` control request
 * published before the message is offered again.
 */
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { ConditionType } from '@sluice/api';
import { ack, leaseKey, nak, type CancelRequest, type Delivery, type Envelope, type HandlerResult, type Lease } from '@sluice/bus';
import { errorMessage } from '@sluice/errors';
import type { ReconcileResult, RunningService, ServiceContext } from '@sluice/runtime';
import { classify, runCheck, type CheckDeps, type CheckResult, type CheckRun } from './check.js';
import { jobOf, type HealthJob } from './job.js';
import { createHealthMetrics, type HealthMetrics } from './metrics.js';
import { reportCheck } from './report.js';
import { CheckRegistry, supersession, type RunningCheck } from './runs.js';
import { CheckState } from './state.js';
import { WatchHub, kubeInformerFactory, type InformerFactory } from './watches.js';

/** Options of {@link startHealthChecker}. */
export interface HealthCheckerOptions {
  /** Checks waiting at once in this replica; each holds its `apply` message (heartbeating) until it ends. */
  readonly concurrency?: number;
  /** End a check at the first Failed object instead of waiting out the timeout (kustomize-controller's default). */
  readonly failFast?: boolean;
  /** Delay before offering again a message whose Kustomization another replica is checking. */
  readonly busyRetryMs?: number;
  /** How long a shared watch outlives its last check, so consecutive checks of a kind do not list it again. */
  readonly watchLingerMs?: number;
  /** Where watches come from; the API server by default (tests and benchmarks pass an in-memory cluster). */
  readonly informers?: InformerFactory;
}

/** Every {@link HealthCheckerOptions} with its default (the informer factory excepted). */
export function defaultHealthCheckerOptions(): Required<Omit<HealthCheckerOptions, 'informers'>> {
  return { concurrency: 512, failFast: true, busyRetryMs: 250, watchLingerMs: 30_000 };
}

interface Deps {
  readonly check: CheckDeps;
  readonly registry: CheckRegistry;
  readonly state: CheckState;
  readonly metrics: HealthMetrics;
  readonly busyRetryMs: number;
  /** False once the service stops: new messages are offered back at once. */
  readonly accepting: () => boolean;
}

const METRIC_RESULT: Readonly<Record<CheckResult['kind'], ReconcileResult>> = {
  healthy: 'success', unhealthy: 'failure', stalled: 'failure', canceled: 'skipped', skipped: 'skipped', abandoned: 'skipped',
};

/** Why a check failed, for logs and spans; undefined when it did not fail. */
function failureOf(result: CheckResult): string | undefined {
  if (result.kind === 'unhealthy') return result.detail;
  return result.kind === 'stalled' ? result.message : undefined;
}

function record(ctx: ServiceContext, deps: Deps, job: HealthJob, result: CheckResult, seconds: number): void {
  const subject = { kind: job.object.kind, namespace: job.object.namespace, name: job.object.name };
  deps.metrics.checkFinished(result.kind, seconds);
  ctx.metrics.observeReconcile(subject, METRIC_RESULT[result.kind], seconds);
  if (result.kind === 'healthy') ctx.metrics.setCondition(subject, ConditionType.Ready, 'True');
  if (result.kind === 'unhealthy' || result.kind === 'stalled' || result.kind === 'canceled') ctx.metrics.setCondition(subject, ConditionType.Ready, 'False');
  const fields = { object: job.subject, revision: job.revision, result: result.kind, seconds };
  const failure = failureOf(result);
  if (failure !== undefined) ctx.logger.warn('health check failed', { ...fields, detail: failure });
  else ctx.logger.info('health check finished', fields);
}

/** Runs the check of `job` under `check` (registered, lease held) inside a `health` span, and reports it. */
function checkUnderLease(ctx: ServiceContext, deps: Deps, job: HealthJob, check: RunningCheck): Promise<HandlerResult> {
  return ctx.tracer.startActiveSpan(`health ${job.subject}`, async (span: Span) => {
    span.setAttributes({ 'sluice.object': job.subject, 'sluice.revision': job.revision, 'sluice.apply.sequence': job.sequence });
    const run: CheckRun = { job, signal: check.signal };
    const started = Date.now();
    try {
      await deps.state.setRunning(job.object, job);
      const result = classify(run, await runCheck(ctx, deps.check, run));
      span.setAttributes({ 'sluice.health.result': result.kind, 'sluice.health.targets': run.selection?.targets.length ?? 0 });
      if (result.kind === 'abandoned') return nak(0);
      const failure = failureOf(result);
      if (failure !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: failure });
      if (run.obj && run.k) await reportCheck(ctx, { job, obj: run.obj, k: run.k }, result);
      await deps.state.markChecked(job.object, job.sequence);
      record(ctx, deps, job, result, (Date.now() - started) / 1000);
      return ack();
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
      throw err;
    } finally {
      span.end();
      await deps.state.clearRunning(job.object).catch(() => undefined);
    }
  });
}

/** Holds the lease for the check of `job`: drops older redeliveries, else runs it; stops it if the lease is lost. */
async function checkWithLease(ctx: ServiceContext, deps: Deps, job: HealthJob, key: string, lease: Lease): Promise<HandlerResult> {
  const check = deps.registry.begin(key, job);
  const onLost = (): void => check.stop({ kind: 'lease-lost' });
  lease.signal.addEventListener('abort', onLost, { once: true });
  try {
    if ((await deps.state.lastChecked(job.object)) >= job.sequence) return ack();
    return await checkUnderLease(ctx, deps, job, check);
  } finally {
    lease.signal.removeEventListener('abort', onLost);
    await lease.release();
    check.finish();
  }
}

/** Another replica holds the lease: coalesce with its check, or ask it to cancel and offer the message again later. */
async function handOver(ctx: ServiceContext, deps: Deps, job: HealthJob): Promise<HandlerResult> {
  const running = await deps.state.running(job.object);
  if (running && supersession(running, job) !== 'newer') return ack();
  await ctx.bus.control('cancel', {
    involvedObject: job.object, service: ctx.service, revision: job.revision, sequence: job.sequence, requestedBy: ctx.instance,
    timestamp: ctx.now().toISOString(), ...(job.generation === undefined ? {} : { generation: job.generation }),
  });
  return nak(deps.busyRetryMs);
}

function applyHandler(ctx: ServiceContext, deps: Deps) {
  return async (env: Envelope<'apply'>, delivery: Delivery): Promise<HandlerResult> => {
    const job = jobOf(env, delivery);
    if (!job.healthCheck) return ack();
    if (!deps.accepting()) return nak(0);
    const key = leaseKey(job.object);
    const local = deps.registry.get(key);
    if (local) {
      if (supersession(local, job) !== 'newer') return ack();
      local.stop({ kind: 'superseded', by: job });
      await local.done;
    }
    const lease = await ctx.leases.acquire(job.object);
    if (!lease) return handOver(ctx, deps, job);
    if (!deps.accepting()) {
      await lease.release();
      return nak(0);
    }
    return checkWithLease(ctx, deps, job, key, lease);
  };
}

/** Stops the local check a `cancel` control request names, when the request is for newer work. */
function cancelHandler(ctx: ServiceContext, registry: CheckRegistry) {
  return (request: CancelRequest): void => {
    if (request.service !== ctx.service) return;
    const local = registry.get(leaseKey(request.involvedObject));
    const by = { sequence: request.sequence, revision: request.revision, generation: request.generation };
    if (local && supersession(local, by) === 'newer') local.stop({ kind: 'superseded', by });
  };
}

/** Starts consuming `apply` messages and answering cancel requests. */
export async function startHealthChecker(ctx: ServiceContext, opts: HealthCheckerOptions = {}): Promise<RunningService> {
  const o = { ...defaultHealthCheckerOptions(), ...opts };
  const hub = new WatchHub(opts.informers ?? kubeInformerFactory(ctx.kube), {
    lingerMs: o.watchLingerMs,
    onError: (kind, err) => ctx.logger.warn('watch failed; retrying', { kind: `${kind.apiVersion} ${kind.kind}`, error: errorMessage(err) }),
  });
  const registry = new CheckRegistry();
  const metrics = createHealthMetrics(ctx.metrics.registry, { runningChecks: () => registry.size, watches: () => hub.stats() });
  let running = true;
  const deps: Deps = {
    check: { hub, failFast: o.failFast }, registry, state: await CheckState.open(ctx.bus), metrics, busyRetryMs: o.busyRetryMs, accepting: () => running,
  };
  const cancels = ctx.bus.onControl('cancel', cancelHandler(ctx, registry));
  const consumer = ctx.bus.consume('health-checker', applyHandler(ctx, deps), { concurrency: o.concurrency });
  return {
    ready: () => running,
    async stop() {
      running = false;
      await registry.stopAll({ kind: 'shutdown' });
      await consumer.stop();
      await cancels.stop();
      await hub.stop();
    },
  };
}
