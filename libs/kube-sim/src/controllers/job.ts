/**
 * The Job controller: runs pods up to `parallelism` until `completions` succeed (Complete) or more than
 * `backoffLimit` fail (Failed, BackoffLimitExceeded), with the status fields kubectl and kstatus read.
 */
import { timestamp } from '../api/context.js';
import { objectAt, type JsonObject } from '../json.js';
import { generatedName } from '../objects/identity.js';
import { storedMeta } from '../verbs/common.js';
import { PODS, isPodReady, isTerminating, ownedBy, ownerKeyOf, podFromTemplate, podPhase } from './pods.js';
import { keyOf, parseKey, type Controller, type ControllerRuntime } from './runtime.js';
import { conditionOf, setConditions, type Condition } from './simulation.js';

const JOBS = 'batch/jobs';

function finished(job: JsonObject): boolean {
  const st = objectAt(job, 'status');
  return ['Complete', 'Failed'].some((t) => conditionOf(st, t)?.status === 'True');
}

function counts(pods: JsonObject[]): { active: number; ready: number; succeeded: number; failed: number } {
  const live = pods.filter((p) => !isTerminating(p));
  return {
    active: live.filter((p) => !['Succeeded', 'Failed'].includes(podPhase(p))).length,
    ready: live.filter(isPodReady).length,
    succeeded: pods.filter((p) => podPhase(p) === 'Succeeded').length,
    failed: pods.filter((p) => podPhase(p) === 'Failed').length,
  };
}

function outcome(job: JsonObject, c: ReturnType<typeof counts>): Condition[] | undefined {
  const spec = objectAt(job, 'spec') ?? {};
  const completions = Number(spec.completions ?? 1);
  if (c.failed > Number(spec.backoffLimit ?? 6)) {
    return [
      { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
      { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
    ];
  }
  if (c.succeeded >= completions) {
    return [
      { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
      { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' },
    ];
  }
  return undefined;
}

function startPods(rt: ControllerRuntime, job: JsonObject, c: ReturnType<typeof counts>): void {
  const spec = objectAt(job, 'spec') ?? {};
  const remaining = Number(spec.completions ?? 1) - c.succeeded;
  const want = Math.min(Number(spec.parallelism ?? 1), remaining) - c.active;
  const meta = storedMeta(job);
  for (let i = 0; i < want; i++) {
    rt.create(PODS, podFromTemplate(objectAt(spec, 'template'), generatedName(`${String(meta.name)}-`), String(meta.namespace), job));
  }
}

function statusOf(rt: ControllerRuntime, job: JsonObject, c: ReturnType<typeof counts>, done: Condition[] | undefined): JsonObject {
  const now = timestamp(rt.core.now());
  const prior = objectAt(job, 'status') ?? {};
  const status: JsonObject = { startTime: prior.startTime ?? now, active: c.active, ready: c.ready, succeeded: c.succeeded, failed: c.failed, terminating: 0, uncountedTerminatedPods: {} };
  for (const k of ['active', 'succeeded', 'failed']) if (status[k] === 0) delete status[k];
  if (done) {
    status.conditions = setConditions(prior.conditions, done, now, true);
    if (done.some((d) => d.type === 'Complete')) status.completionTime = prior.completionTime ?? now;
    delete status.active;
    status.ready = 0;
  } else if (prior.conditions !== undefined) status.conditions = prior.conditions;
  return status;
}

/** Creates the Job controller. */
export function jobController(rt: ControllerRuntime): Controller {
  return {
    name: 'job',
    watches: [JOBS, PODS],
    keysFor(ev) {
      return ev.storageKey === PODS ? ownerKeyOf(ev.object, 'Job', JOBS) : [keyOf(ev.storageKey, ev.object)];
    },
    reconcile(key) {
      const { namespace, name } = parseKey(key);
      const job = rt.get(JOBS, namespace, name);
      if (!job || isTerminating(job) || finished(job)) return;
      if (objectAt(job, 'spec')?.suspend === true) {
        const prior = objectAt(job, 'status') ?? {};
        rt.updateStatus(JOBS, job, { ...prior, conditions: setConditions(prior.conditions, [{ type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' }], timestamp(rt.core.now()), true) });
        return;
      }
      let c = counts(ownedBy(rt, PODS, job));
      const done = outcome(job, c);
      if (done) {
        for (const p of ownedBy(rt, PODS, job)) if (!isTerminating(p) && !['Succeeded', 'Failed'].includes(podPhase(p))) rt.delete(PODS, p);
      } else startPods(rt, job, c);
      c = counts(ownedBy(rt, PODS, job));
      const fresh = rt.get(JOBS, namespace, name);
      if (fresh) rt.updateStatus(JOBS, fresh, statusOf(rt, fresh, c, done));
    },
  };
}
