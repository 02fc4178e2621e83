/**
 * The Deployment controller: one ReplicaSet per pod template (named `<deployment>-<pod-template-hash>`), old ones
 * scaled to zero and pruned to `revisionHistoryLimit`, and the status kubectl and kstatus read: replica counts,
 * `observedGeneration`, Available and Progressing (including ProgressDeadlineExceeded).
 */
import { timestamp } from '../api/context.js';
import { deepClone, isJsonObject, objectAt, stringAt, type JsonObject } from '../json.js';
import { shortHash } from '../objects/identity.js';
import { storedMeta } from '../verbs/common.js';
import { controllerRef, isTerminating, ownedBy, ownerKeyOf, sumStatus } from './pods.js';
import { keyOf, parseKey, type Controller, type ControllerRuntime } from './runtime.js';
import { conditionOf, setConditions, type Condition } from './simulation.js';

const DEPLOYMENTS = 'apps/deployments';
const REPLICA_SETS = 'apps/replicasets';
const HASH_LABEL = 'pod-template-hash';
const REVISION = 'deployment.kubernetes.io/revision';

function templateHash(d: JsonObject): string {
  return shortHash(JSON.stringify(objectAt(d, 'spec')?.template ?? {})).slice(0, 10);
}

function revisionOf(rs: JsonObject): number {
  return Number(stringAt(objectAt(storedMeta(rs), 'annotations'), REVISION) ?? 0) || 0;
}

function newReplicaSet(d: JsonObject, hash: string, revision: number): JsonObject {
  const spec = objectAt(d, 'spec') ?? {};
  const meta = storedMeta(d);
  const template = deepClone(objectAt(spec, 'template') ?? {});
  const tmeta = (template.metadata = { ...(objectAt(template, 'metadata') ?? {}) }) as JsonObject;
  tmeta.labels = { ...(objectAt(tmeta, 'labels') ?? {}), [HASH_LABEL]: hash };
  const selector = deepClone(objectAt(spec, 'selector') ?? {});
  selector.matchLabels = { ...(objectAt(selector, 'matchLabels') ?? {}), [HASH_LABEL]: hash };
  const replicas = Number(spec.replicas ?? 1);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${String(meta.name)}-${hash}`,
      namespace: String(meta.namespace),
      labels: tmeta.labels,
      annotations: { 'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/max-replicas': String(replicas + 1), [REVISION]: String(revision) },
      ownerReferences: [controllerRef(d)],
    },
    spec: { replicas, ...(spec.minReadySeconds !== undefined ? { minReadySeconds: spec.minReadySeconds } : {}), selector, template },
  };
}

function scale(rt: ControllerRuntime, rs: JsonObject, replicas: number, revision?: number): void {
  if (Number(objectAt(rs, 'spec')?.replicas ?? 0) === replicas && (revision === undefined || revisionOf(rs) === revision)) return;
  const next = deepClone(rs);
  (next.spec as JsonObject).replicas = replicas;
  const annotations = ((next.metadata as JsonObject).annotations = { ...(objectAt(next.metadata as JsonObject, 'annotations') ?? {}) }) as JsonObject;
  annotations['deployment.kubernetes.io/desired-replicas'] = String(replicas);
  if (revision !== undefined) annotations[REVISION] = String(revision);
  rt.update(REPLICA_SETS, rs, next);
}

/** Creates or scales the ReplicaSets; returns the new (current template) one. */
function rollout(rt: ControllerRuntime, d: JsonObject): { current: JsonObject | undefined; all: JsonObject[] } {
  const spec = objectAt(d, 'spec') ?? {};
  const hash = templateHash(d);
  const owned = ownedBy(rt, REPLICA_SETS, d).filter((rs) => !isTerminating(rs));
  const maxRevision = owned.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
  let current = owned.find((rs) => stringAt(objectAt(storedMeta(rs), 'labels'), HASH_LABEL) === hash);
  const replicas = Number(spec.replicas ?? 1);
  if (spec.paused === true) return { current, all: owned };
  if (!current) {
    rt.create(REPLICA_SETS, newReplicaSet(d, hash, maxRevision + 1));
    current = rt.get(REPLICA_SETS, String(storedMeta(d).namespace), `${String(storedMeta(d).name)}-${hash}`);
  } else scale(rt, current, replicas, revisionOf(current) === maxRevision ? undefined : maxRevision + 1);
  const old = owned.filter((rs) => rs !== current && storedMeta(rs).uid !== (current ? storedMeta(current).uid : undefined));
  for (const rs of old) scale(rt, rs, 0);
  const limit = Number(spec.revisionHistoryLimit ?? 10);
  const prunable = old.filter((rs) => Number(objectAt(rs, 'status')?.replicas ?? 0) === 0).sort((a, b) => revisionOf(a) - revisionOf(b));
  for (const rs of prunable.slice(0, Math.max(0, prunable.length - limit))) rt.delete(REPLICA_SETS, rs);
  return { current, all: ownedBy(rt, REPLICA_SETS, d).filter((rs) => !isTerminating(rs)) };
}

function setRevisionAnnotation(rt: ControllerRuntime, d: JsonObject, current: JsonObject | undefined): void {
  if (!current) return;
  const revision = String(revisionOf(current));
  if (stringAt(objectAt(storedMeta(d), 'annotations'), REVISION) === revision) return;
  const next = deepClone(d);
  const meta = next.metadata as JsonObject;
  meta.annotations = { ...(objectAt(meta, 'annotations') ?? {}), [REVISION]: revision };
  rt.update(DEPLOYMENTS, d, next);
}

function percentOf(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(String(value ?? ''));
  if (!m) return 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

interface Progress { readonly complete: boolean; readonly conditions: Condition[]; readonly deadlineMs: number | undefined }

function progress(rt: ControllerRuntime, d: JsonObject, counts: { updated: number; available: number; total: number }, current: JsonObject | undefined): Progress {
  const spec = objectAt(d, 'spec') ?? {};
  const replicas = Number(spec.replicas ?? 1);
  const maxUnavailable = percentOf(objectAt(objectAt(spec, 'strategy'), 'rollingUpdate')?.maxUnavailable ?? '25%', replicas, false);
  const available = counts.available >= replicas - maxUnavailable;
  const rsName = current ? String(storedMeta(current).name) : '';
  const complete = counts.updated === replicas && counts.total === replicas && counts.available === replicas;
  const availableCond: Condition = available
    ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
    : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' };
  const prev = conditionOf(objectAt(d, 'status'), 'Progressing');
  const deadline = Number(spec.progressDeadlineSeconds ?? 600) * 1000;
  if (complete) return { complete, deadlineMs: undefined, conditions: [availableCond, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet ${JSON.stringify(rsName)} has successfully progressed.` }] };
  if (prev?.reason === 'ProgressDeadlineExceeded') return { complete, deadlineMs: undefined, conditions: [availableCond, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: String(prev.message ?? '') }] };
  const since = Date.parse(String(prev?.lastUpdateTime ?? storedMeta(d).creationTimestamp ?? ''));
  const elapsed = Number.isNaN(since) ? 0 : rt.core.now().getTime() - since;
  if (elapsed >= deadline && prev !== undefined) {
    return { complete, deadlineMs: undefined, conditions: [availableCond, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet ${JSON.stringify(rsName)} has timed out progressing.` }] };
  }
  const reason = prev === undefined ? 'NewReplicaSetCreated' : 'ReplicaSetUpdated';
  const message = prev === undefined ? `Created new replica set ${JSON.stringify(rsName)}` : `ReplicaSet ${JSON.stringify(rsName)} is progressing.`;
  return { complete, deadlineMs: Math.max(0, deadline - elapsed) + 5, conditions: [availableCond, { type: 'Progressing', status: 'True', reason, message }] };
}

function writeStatus(rt: ControllerRuntime, self: Controller, key: string, d: JsonObject, all: JsonObject[], current: JsonObject | undefined): void {
  const spec = objectAt(d, 'spec') ?? {};
  const counts = { total: sumStatus(all, 'replicas'), updated: current ? Number(objectAt(current, 'status')?.replicas ?? 0) : 0, available: sumStatus(all, 'availableReplicas') };
  const p = progress(rt, d, counts, current);
  const ready = sumStatus(all, 'readyReplicas');
  const status: JsonObject = { observedGeneration: storedMeta(d).generation ?? 1, replicas: counts.total, updatedReplicas: counts.updated, readyReplicas: ready, availableReplicas: counts.available };
  const unavailable = Number(spec.replicas ?? 1) - counts.available;
  if (unavailable > 0) status.unavailableReplicas = unavailable;
  for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas']) if (status[k] === 0) delete status[k];
  status.conditions = setConditions(objectAt(d, 'status')?.conditions, p.conditions, timestamp(rt.core.now()), true);
  const prior = objectAt(d, 'status') ?? {};
  if (isJsonObject(prior) && prior.collisionCount !== undefined) status.collisionCount = prior.collisionCount;
  rt.updateStatus(DEPLOYMENTS, d, status);
  if (p.deadlineMs !== undefined) rt.requeueAfter(self, key, p.deadlineMs);
}

/** Creates the Deployment controller. */
export function deploymentController(rt: ControllerRuntime): Controller {
  const self: Controller = {
    name: 'deployment',
    watches: [DEPLOYMENTS, REPLICA_SETS],
    keysFor(ev) {
      return ev.storageKey === REPLICA_SETS ? ownerKeyOf(ev.object, 'Deployment', DEPLOYMENTS) : [keyOf(ev.storageKey, ev.object)];
    },
    reconcile(key) {
      const { namespace, name } = parseKey(key);
      const d = rt.get(DEPLOYMENTS, namespace, name);
      if (!d || isTerminating(d)) return;
      const { current, all } = rollout(rt, d);
      setRevisionAnnotation(rt, d, current);
      const fresh = rt.get(DEPLOYMENTS, namespace, name);
      if (fresh) writeStatus(rt, self, key, fresh, all, current);
    },
  };
  return self;
}
