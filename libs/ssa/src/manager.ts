/**
 * Applies and deletes sets of objects with server-side apply, as Flux's ResourceManager does: staged (cluster
 * definitions, then classes, then the rest), a dry run per object so only drifted objects are patched (no needless
 * resourceVersion bumps), a typed change set, and prune that only deletes what carries the owner's labels.
 */
import { computeStatus } from '@sluice/kstatus';
import { KubeApiError, describeRef, isKubeStatus, type KubeClient, type KubeObject } from '@sluice/runtime';
import { Action, type ChangeSet, type ChangeSetEntry } from './changeset.js';
import { hasDrifted } from './drift.js';
import { ApplyError, ApplyErrorCode } from './errors.js';
import { applyStages, compareObjects } from './order.js';
import { mapLimit } from './pool.js';

/** Annotation selecting how one object is applied (Flux's `kustomize.toolkit.fluxcd.io/ssa`). */
export const SSA_ANNOTATION = 'kustomize.toolkit.fluxcd.io/ssa';
/** Annotation that makes an object recreated when an immutable field changes (`enabled`). */
export const FORCE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/force';
/** Annotation that keeps an object from being pruned (`disabled`). */
export const PRUNE_ANNOTATION = 'kustomize.toolkit.fluxcd.io/prune';

/** Options of a {@link ResourceManager}. */
export interface ResourceManagerOptions {
  /** Field manager of every apply; Flux uses `kustomize-controller`. */
  readonly fieldManager: string;
  /** Requests in flight at once within a stage. */
  readonly concurrency?: number;
  /** Poll interval while waiting for cluster definitions. */
  readonly waitIntervalMs?: number;
}

/** Options of one apply. */
export interface ApplyOptions {
  /** Recreate objects whose immutable fields changed (the Kustomization's `spec.force`). */
  readonly force?: boolean;
  /** How long to wait for CRDs, Namespaces and ClusterRoles to become ready before the next stage. */
  readonly waitTimeoutMs: number;
  readonly signal?: AbortSignal;
}

/** Options of {@link ResourceManager.deleteAll}. */
export interface DeleteAllOptions {
  /** Only objects whose labels include all of these are deleted; others are reported `skipped`. */
  readonly ownerLabels: Readonly<Record<string, string>>;
  /** Objects with any of these annotation (or label) values are kept (`kustomize.toolkit.fluxcd.io/prune: disabled`). */
  readonly skipFor?: Readonly<Record<string, string>>;
}

function entry(obj: { apiVersion: string; kind: string; metadata: { name?: string | undefined; namespace?: string | undefined } }, action: ChangeSetEntry['action']): ChangeSetEntry {
  return {
    subject: describeRef({ kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace }),
    action,
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name ?? '',
    namespace: obj.metadata.namespace ?? '',
  };
}

function isImmutableError(err: unknown): boolean {
  return err instanceof KubeApiError && err.status.code === 422 && /immutable/i.test(err.status.message);
}

/** The server's Status message without the subject prefix the client already put in front. */
function serverMessage(err: unknown): string {
  return err instanceof KubeApiError ? err.status.message || err.message : err instanceof Error ? err.message : String(err);
}

/** Applies and deletes object sets; one per service, shared. */
export class ResourceManager {
  private readonly client: KubeClient;
  private readonly opts: ResourceManagerOptions;

  constructor(client: KubeClient, opts: ResourceManagerOptions) {
    this.client = client;
    this.opts = opts;
  }

  /**
   * Applies `objects` in Flux's stages, waiting for cluster definitions after the first. Throws {@link ApplyError}
   * at the first object the server refuses, carrying the change set so far.
   */
  async applyAllStaged(objects: readonly KubeObject[], opts: ApplyOptions): Promise<ChangeSet> {
    const [definitions, classes, rest] = applyStages(objects);
    const changeSet: ChangeSetEntry[] = [];
    for (const [i, stage] of [definitions, classes, rest].entries()) {
      if (stage.length === 0) continue;
      changeSet.push(...(await this.applyAll(stage, opts, changeSet)));
      if (i === 0) await this.waitForReady(stage, opts, changeSet);
    }
    return changeSet;
  }

  /** Applies one stage: dry run everything, then patch what drifted. */
  async applyAll(objects: readonly KubeObject[], opts: ApplyOptions, done: ChangeSet = []): Promise<ChangeSetEntry[]> {
    const normalized = await Promise.all(objects.map((o) => this.normalize(o, done)));
    const planned = await mapLimit(normalized, this.opts.concurrency ?? 8, (o) => this.plan(o, opts, done));
    await mapLimit(planned.filter((p) => p.apply), this.opts.concurrency ?? 8, (p) => this.patch(p.object, [...done, ...planned.map((x) => x.entry)]));
    return planned.map((p) => p.entry);
  }

  /** Namespaced objects must name their namespace; cluster-scoped ones lose a stray one. */
  private async normalize(obj: KubeObject, done: ChangeSet): Promise<KubeObject> {
    let namespaced: boolean;
    try {
      namespaced = (await this.client.mapper.mapping(obj.apiVersion, obj.kind)).namespaced;
    } catch (err) {
      throw new ApplyError(ApplyErrorCode.DryRunFailed, `${describeRef({ kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace })} dry-run failed: ${serverMessage(err)}`, done, err);
    }
    if (namespaced && !obj.metadata.namespace) {
      throw new ApplyError(ApplyErrorCode.NamespaceMissing, `${obj.kind}/${obj.metadata.name} namespace not specified: the object is namespaced`, done);
    }
    if (!namespaced && obj.metadata.namespace) {
      const { namespace: _ns, ...metadata } = obj.metadata;
      return { ...obj, metadata };
    }
    return obj;
  }

  private async plan(obj: KubeObject, opts: ApplyOptions, done: ChangeSet): Promise<{ object: KubeObject; entry: ChangeSetEntry; apply: boolean }> {
    const ref = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name ?? '', namespace: obj.metadata.namespace };
    const live = await this.client.get(ref);
    const policy = obj.metadata.annotations?.[SSA_ANNOTATION];
    if (policy === 'Ignore' || (policy === 'IfNotPresent' && live)) return { object: obj, entry: entry(obj, Action.Skipped), apply: false };
    let dryRun: KubeObject;
    try {
      dryRun = await this.client.apply(obj, { fieldManager: this.opts.fieldManager, force: true, dryRun: true });
    } catch (err) {
      if (live && (opts.force || obj.metadata.annotations?.[FORCE_ANNOTATION] === 'enabled') && isImmutableError(err)) {
        await this.client.delete(ref, { propagationPolicy: 'Background', ...(live.metadata.uid ? { uid: live.metadata.uid } : {}) });
        return { object: obj, entry: entry(obj, Action.Created), apply: true };
      }
      throw new ApplyError(ApplyErrorCode.DryRunFailed, `${describeRef({ kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace })} dry-run failed: ${serverMessage(err)}`, done, err);
    }
    if (!live) return { object: obj, entry: entry(obj, Action.Created), apply: true };
    const drifted = hasDrifted(live as Record<string, unknown>, dryRun as Record<string, unknown>);
    return { object: obj, entry: entry(obj, drifted ? Action.Configured : Action.Unchanged), apply: drifted };
  }

  private async patch(obj: KubeObject, done: ChangeSet): Promise<void> {
    try {
      await this.client.apply(obj, { fieldManager: this.opts.fieldManager, force: true });
    } catch (err) {
      throw new ApplyError(ApplyErrorCode.ApplyFailed, `${describeRef({ kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace })} apply failed: ${serverMessage(err)}`, done, err);
    }
  }

  /** Polls until every object is Current (kstatus), e.g. CRDs Established; the mapper then sees new kinds. */
  async waitForReady(objects: readonly KubeObject[], opts: ApplyOptions, done: ChangeSet = []): Promise<void> {
    const deadline = Date.now() + opts.waitTimeoutMs;
    let pending = [...objects];
    for (;;) {
      const states = await Promise.all(pending.map(async (o) => {
        const live = await this.client.get({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name ?? '', namespace: o.metadata.namespace });
        return { o, status: live ? computeStatus(live).status : 'NotFound' };
      }));
      pending = states.filter((s) => s.status !== 'Current').map((s) => s.o);
      if (pending.length === 0) break;
      if (Date.now() >= deadline || opts.signal?.aborted) {
        const names = states.filter((s) => s.status !== 'Current').map((s) => `${describeRef({ kind: s.o.kind, name: s.o.metadata.name, namespace: s.o.metadata.namespace })} status: '${s.status}'`);
        throw new ApplyError(ApplyErrorCode.WaitTimeout, `timeout waiting for: [${names.join(', ')}]`, done);
      }
      await new Promise((r) => setTimeout(r, this.opts.waitIntervalMs ?? 100));
    }
    if (objects.some((o) => o.kind === 'CustomResourceDefinition')) this.client.mapper.invalidate();
  }

  /**
   * Deletes objects (pruning), last-applied first. Objects already gone count as deleted; objects without the
   * owner's labels or with a skip annotation are `skipped`. Every deletion is attempted; failures are collected into
   * one {@link ApplyError}.
   */
  async deleteAll(objects: readonly KubeObject[], opts: DeleteAllOptions): Promise<ChangeSet> {
    const ordered = [...objects].sort((a, b) => compareObjects(b, a));
    const changeSet: ChangeSetEntry[] = [];
    const failures: string[] = [];
    for (const obj of ordered) {
      try {
        changeSet.push(await this.deleteOne(obj, opts));
      } catch (err) {
        failures.push(`${describeRef({ kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace })} delete failed: ${serverMessage(err)}`);
      }
    }
    if (failures.length > 0) throw new ApplyError(ApplyErrorCode.DeleteFailed, failures.join('; '), changeSet);
    return changeSet;
  }

  private async deleteOne(obj: KubeObject, opts: DeleteAllOptions): Promise<ChangeSetEntry> {
    const ref = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name ?? '', namespace: obj.metadata.namespace };
    let live: KubeObject | undefined;
    try {
      live = await this.client.get(ref);
    } catch (err) {
      if (isKubeStatus(err, 404) || (err as { code?: string }).code === 'SLUICE_KUBE_NO_MATCH') return entry(obj, Action.Deleted);
      throw err;
    }
    if (!live) return entry(obj, Action.Deleted);
    const labels = live.metadata.labels ?? {};
    if (Object.entries(opts.ownerLabels).some(([k, v]) => labels[k] !== v)) return entry(obj, Action.Skipped);
    const annotations = live.metadata.annotations ?? {};
    if (Object.entries(opts.skipFor ?? {}).some(([k, v]) => annotations[k] === v || labels[k] === v)) return entry(obj, Action.Skipped);
    await this.client.delete(ref, { propagationPolicy: 'Background', ...(live.metadata.uid ? { uid: live.metadata.uid } : {}) });
    return entry(obj, Action.Deleted);
  }
}
