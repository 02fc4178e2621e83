/**
 * Applying a stored build to the cluster, as kustomize-controller's apply and prune stages do, as named steps:
 * read the build, apply it in Flux's stages with field manager `kustomize-controller`, prune what left the
 * inventory, then record inventory, history and conditions, and hand over to the health-checker (or mark Ready).
 */
import {
  ConditionType, KUSTOMIZE_GROUP, KustomizeReason, MetaReason, formatDuration, inventoryEntry, kustomizationSettings,
  markNotReady, markReady, markReconciling, parseInventoryId, parseKustomization, recordReconciliation, setCondition,
  sortEntries, staleEntries, entryApiVersion, type Kustomization, type ResourceRef,
} from '@sluice/api';
import { messageId, type Envelope } from '@sluice/bus';
import { errorMessage } from '@sluice/errors';
import {
  involvedObject, requestReconcile, runSteps, updateStatus, type KubeObject, type ServiceContext, type Step, type StepError,
} from '@sluice/runtime';
import { PRUNE_ANNOTATION, countActions, formatChangeSet, hasChanges, type ChangeSet, type ResourceManager } from '@sluice/ssa';
import { ownerLabels, parseBuild, withOwnerLabels } from './manifests.js';

/** Field manager of every apply: the one Flux uses, so ownership carries over between Flux and Sluice. */
export const FIELD_MANAGER = 'kustomize-controller';

/** What one apply run shares between steps. */
export interface ApplyRun {
  readonly k: Kustomization;
  readonly obj: KubeObject;
  readonly build: Extract<Envelope<'build'>['payload'], { result: 'built' }>;
  readonly started: number;
  objects?: KubeObject[];
  inventory?: ResourceRef[];
  applied?: ChangeSet;
  pruned?: ChangeSet;
}

type KustomizationStatus = NonNullable<Kustomization['status']>;

const subjectOf = (k: Kustomization): string => `Kustomization/${k.metadata.namespace}/${k.metadata.name}`;

/** The objects of the previous inventory that are not in the new one, as references for deletion. */
function staleObjects(previous: readonly ResourceRef[], next: readonly ResourceRef[]): KubeObject[] {
  return staleEntries(previous, next).map((entry) => {
    const id = parseInventoryId(entry.id);
    return { apiVersion: entryApiVersion(entry), kind: id.kind, metadata: { name: id.name, ...(id.namespace ? { namespace: id.namespace } : {}) } };
  });
}

/** The manifests of a build: inline in the message, or from the build store. */
async function buildManifests(ctx: ServiceContext, build: ApplyRun['build']): Promise<string> {
  if (build.manifests !== undefined) return build.manifests;
  if (!build.objectName) throw new Error('the build message carries neither manifests nor an object name');
  const data = await (await ctx.bus.objectStore('builds')).getBlob(build.objectName);
  if (!data) throw new Error(`build '${build.objectName}' not found in the build store`);
  return new TextDecoder().decode(data);
}

function steps(ctx: ServiceContext, manager: ResourceManager): Step<ApplyRun>[] {
  return [
    { name: 'readBuild', reason: KustomizeReason.BuildFailed, run: async (run) => {
      const labels = ownerLabels(run.k.metadata.namespace ?? '', run.k.metadata.name);
      run.objects = parseBuild(await buildManifests(ctx, run.build), `${subjectOf(run.k)} build`).map((o) => withOwnerLabels(o, labels));
      run.inventory = sortEntries(run.objects.map((o) => inventoryEntry({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name ?? '', ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) } })));
    } },
    { name: 'apply', reason: MetaReason.ReconciliationFailed, run: async (run) => {
      const settings = kustomizationSettings(run.k);
      run.applied = await manager.applyAllStaged(run.objects!, { force: settings.force, waitTimeoutMs: settings.timeoutMs });
    } },
    { name: 'prune', reason: KustomizeReason.PruneFailed, run: async (run) => {
      if (!run.k.spec.prune) return;
      const stale = staleObjects(run.k.status?.inventory?.entries ?? [], run.inventory!);
      if (stale.length === 0) return;
      run.pruned = await manager.deleteAll(stale, {
        ownerLabels: ownerLabels(run.k.metadata.namespace ?? '', run.k.metadata.name),
        skipFor: { [PRUNE_ANNOTATION]: 'disabled' },
      });
    } },
  ];
}

/**
 * Whether the health-checker has work: `wait: true` or `healthChecks`. `healthCheckExprs` alone checks nothing in
 * Flux (the expressions only decide how the selected objects are judged).
 */
export function wantsHealthCheck(k: Kustomization): boolean {
  return kustomizationSettings(k).wait || (k.spec.healthChecks?.length ?? 0) > 0;
}

function appliedStatus(latest: Kustomization, run: ApplyRun, healthCheck: boolean, now: Date): KustomizationStatus {
  const revision = run.build.sourceRevision;
  const settings = kustomizationSettings(run.k);
  const base = {
    ...latest.status,
    inventory: { entries: run.inventory! },
    lastAppliedRevision: revision,
    lastAttemptedRevision: revision,
    observedGeneration: run.build.generation ?? latest.metadata.generation,
  };
  const withBase = { ...latest, status: base } as Kustomization;
  if (healthCheck) {
    const message = `Running health checks for revision ${revision} with a timeout of ${formatDuration(settings.timeoutMs)}`;
    const reconciling = markReconciling(withBase, { message }, { now });
    const conditions = setCondition(reconciling.status?.conditions, { type: ConditionType.Healthy, status: 'Unknown', reason: MetaReason.Progressing, message }, {
      now, ...(latest.metadata.generation === undefined ? {} : { observedGeneration: latest.metadata.generation }),
    });
    return { ...reconciling.status, conditions, observedGeneration: base.observedGeneration } as KustomizationStatus;
  }
  const ready = markReady(withBase, { message: `Applied revision: ${revision}` }, { now });
  const history = recordReconciliation(latest.status?.history, {
    digest: run.build.digest, status: MetaReason.ReconciliationSucceeded, at: now, durationMs: Date.now() - run.started, metadata: { revision },
  });
  return { ...ready.status, history, observedGeneration: base.observedGeneration } as KustomizationStatus;
}

/** Writes the status of a successful apply and tells the rest of the pipeline. */
export async function reportApplied(ctx: ServiceContext, run: ApplyRun, buildSeq: number): Promise<void> {
  const healthCheck = wantsHealthCheck(run.k);
  const ref = { apiVersion: run.obj.apiVersion, kind: run.obj.kind, namespace: run.k.metadata.namespace, name: run.k.metadata.name };
  const stored = await updateStatus<KustomizationStatus, Kustomization & KubeObject>(ctx.kube, ref, (latest) => appliedStatus(latest, run, healthCheck, ctx.now()), { current: run.obj as Kustomization & KubeObject });
  const changeSet = [...(run.applied ?? []), ...(run.pruned ?? [])];
  const involved = involvedObject(stored ?? run.obj);
  const revision = run.build.sourceRevision;
  const metadata = { [`${KUSTOMIZE_GROUP}/revision`]: revision };
  await ctx.bus.publish('apply', {
    involvedObject: involved, reason: MetaReason.ReconciliationSucceeded, message: formatChangeSet(changeSet), metadata,
    payload: {
      revision,
      changeSet: { counts: countActions(changeSet), entries: changeSet.map((e) => ({ subject: e.subject, action: e.action })) },
      inventory: run.inventory!,
      healthCheck,
      digest: run.build.digest,
      generation: run.build.generation ?? run.k.metadata.generation ?? 0,
    },
  }, { msgId: messageId('apply', involved.uid ?? subjectOf(run.k), String(buildSeq)) });
  if (hasChanges(changeSet)) {
    await ctx.bus.publish('event', { involvedObject: involved, reason: MetaReason.ReconciliationSucceeded, message: formatChangeSet(changeSet), metadata, payload: {} });
    await ctx.events.record(run.obj, { type: 'Normal', reason: MetaReason.ReconciliationSucceeded, message: formatChangeSet(changeSet), annotations: metadata });
  }
  if (!healthCheck) {
    await ctx.bus.publish('ready', {
      involvedObject: involved, reason: MetaReason.ReconciliationSucceeded, message: `Applied revision: ${revision}`, metadata,
      payload: { ready: true, reason: MetaReason.ReconciliationSucceeded, revision, observedGeneration: run.build.generation ?? 0 },
    }, { msgId: messageId('ready', involved.uid ?? subjectOf(run.k), String(buildSeq)) });
  }
}

/** Marks the Kustomization not ready with the step's reason, reports it, and asks for a retry after `retryInterval`. */
export async function reportApplyFailure(ctx: ServiceContext, run: ApplyRun, error: StepError): Promise<void> {
  const ref = { apiVersion: run.obj.apiVersion, kind: run.obj.kind, namespace: run.k.metadata.namespace, name: run.k.metadata.name };
  const now = ctx.now();
  await updateStatus<KustomizationStatus, Kustomization & KubeObject>(ctx.kube, ref, (latest) => ({
    ...markNotReady(latest, { reason: error.reason, message: error.message }, { now }).status,
    lastAttemptedRevision: run.build.sourceRevision,
    history: recordReconciliation(latest.status?.history, {
      digest: run.build.digest, status: error.reason, at: now, durationMs: Date.now() - run.started, metadata: { revision: run.build.sourceRevision },
    }),
  }));
  const involved = involvedObject(run.obj);
  const metadata = { [`${KUSTOMIZE_GROUP}/revision`]: run.build.sourceRevision };
  await ctx.bus.publish('event', { involvedObject: involved, severity: 'error', reason: error.reason, message: error.message, metadata, payload: {} });
  await ctx.events.record(run.obj, { type: 'Warning', reason: error.reason, message: error.message, annotations: metadata });
  await ctx.bus.publish('ready', {
    involvedObject: involved, severity: 'error', reason: error.reason, message: error.message, metadata,
    payload: { ready: false, reason: error.reason, revision: run.build.sourceRevision, observedGeneration: run.k.status?.observedGeneration ?? 0 },
  });
  await requestReconcile(ctx, run.obj, 'retry', { notBefore: new Date(now.getTime() + kustomizationSettings(run.k).retryIntervalMs), dedupe: `retry/${now.getTime()}` });
}

/** Parses the Kustomization for an apply; undefined when it cannot be read as one (left to the builder to report). */
export function readKustomization(obj: KubeObject): Kustomization | undefined {
  const parsed = parseKustomization(obj, { unknownFields: 'drop' });
  return parsed.ok ? parsed.value : undefined;
}

/** Runs the apply steps. */
export async function applyBuild(ctx: ServiceContext, manager: ResourceManager, run: ApplyRun): Promise<{ ok: true } | { ok: false; error: StepError }> {
  const result = await runSteps(run, steps(ctx, manager), ctx.tracer);
  if (!result.ok) ctx.logger.warn('apply failed', { object: subjectOf(run.k), error: errorMessage(result.error) });
  return result.ok ? { ok: true } : { ok: false, error: result.error };
}
