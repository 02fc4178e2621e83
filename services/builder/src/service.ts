/**
 * The builder service: watches Kustomizations (keeping the dependsOn graph), builds them on reconcile requests,
 * fans new source revisions out to the Kustomizations that read them, and wakes dependents when an object becomes
 * ready — by messages, never by polling.
 */
import { KUSTOMIZE_GROUP, SOURCE_GROUP, type Kustomization } from '@sluice/api';
import { ack, type Envelope, type RevisionPayload } from '@sluice/bus';
import { errorMessage } from '@sluice/errors';
import {
  Informer, reconcileRequestHandler, requestReconcile, watchForRequests, type RunningService, type ServiceContext,
} from '@sluice/runtime';
import { ArtifactCache } from './artifacts.js';
import { cleanSpecPath } from './build.js';
import type { DependencyLookup } from './dependencies.js';
import { DependencyGraph, nodeKey } from './graph.js';
import { asKustomization } from './parsed.js';
import { createKustomizationReconciler } from './reconcile.js';
import { changedFirst } from './tree-digests.js';

/** Options of {@link startBuilder}. */
export interface BuilderOptions {
  /** Folder for unpacked artifacts (shared by all builds of this replica). */
  readonly workDir: string;
  /** Kustomizations built at once by this replica. */
  readonly concurrency?: number;
}

/** `Kind/namespace/name` of the source a Kustomization reads. */
function sourceKey(k: Kustomization): string {
  const ref = k.spec.sourceRef;
  return `${ref.kind}/${ref.namespace || k.metadata.namespace}/${ref.name}`;
}

function readsSource(k: Kustomization, source: { kind: string; namespace: string; name: string }): boolean {
  const ref = k.spec.sourceRef;
  return ref.kind === source.kind && ref.name === source.name && (ref.namespace || k.metadata.namespace) === source.namespace;
}

/** Looks dependencies up in the informer's cache and source revisions through the API. */
function cacheLookup(informer: () => Informer | undefined, sources: Map<string, string>): DependencyLookup {
  return {
    kustomization: (namespace, name) => {
      const obj = informer()?.get(namespace, name);
      return obj ? asKustomization(obj) : undefined;
    },
    sourceRevision: (kind, namespace, name) => sources.get(`${kind}/${namespace}/${name}`),
  };
}

/**
 * Readers of a source in the order to reconcile them after a new artifact: those whose folder changed first (see
 * `tree-digests.ts`), so a commit touching one Kustomization of many is applied without waiting for the others.
 * Any failure to compare falls back to the given order.
 */
async function changedFirstOrder<T extends { folder: string }>(
  artifacts: ArtifactCache, previous: RevisionPayload['artifact'] | undefined, next: RevisionPayload['artifact'], readers: T[], subject: string,
): Promise<T[]> {
  if (readers.length < 2) return readers;
  try {
    const after = await artifacts.treeDigests({ path: next.objectName, digest: next.digest }, `${subject} artifact ${next.revision}`);
    const before = previous ? await artifacts.treeDigests({ path: previous.objectName, digest: previous.digest }, `${subject} artifact ${previous.revision}`) : undefined;
    return changedFirst(readers, (r) => r.folder, before, after);
  } catch {
    return readers;
  }
}

/** Starts the builder's consumers and its Kustomization watch. */
export async function startBuilder(ctx: ServiceContext, opts: BuilderOptions): Promise<RunningService> {
  const graph = new DependencyGraph();
  const sourceRevisions = new Map<string, string>();
  // Filled once the watch has listed every Kustomization; the consumers below read it through this holder.
  const watched: { informer?: Informer } = {};
  const sources = new Informer(ctx.kube, { apiVersion: `${SOURCE_GROUP}/v1`, kind: 'GitRepository' }, {
    error: (err) => ctx.logger.warn('GitRepository watch interrupted; retrying', { error: errorMessage(err) }),
  });
  await sources.start();
  const artifacts = new ArtifactCache(ctx.bus, { dir: opts.workDir });
  const reconciler = createKustomizationReconciler(ctx, {
    artifacts,
    graph,
    lookup: cacheLookup(() => watched.informer, sourceRevisions),
    cachedSource: (kind, namespace, name) => (kind === 'GitRepository' ? sources.get(namespace, name) : undefined),
    cachedKustomization: (namespace, name) => watched.informer?.get(namespace, name),
    isStale: (request) => {
      if (request.payload.trigger !== 'revision' || !request.payload.revision) return false;
      const obj = watched.informer?.get(request.involvedObject.namespace, request.involvedObject.name);
      const k = obj ? asKustomization(obj) : undefined;
      if (!k) return false;
      const fannedOut = sourceRevisions.get(sourceKey(k));
      return fannedOut !== undefined && fannedOut !== request.payload.revision;
    },
  });
  const builds = ctx.bus.consume('builder', await reconcileRequestHandler(ctx, reconciler), { concurrency: opts.concurrency ?? 16 });

  const previousArtifacts = new Map<string, RevisionPayload['artifact']>();
  const fanOut = ctx.bus.consume('builder-revisions', async (env: Envelope<'revision'>) => {
    const source = { kind: env.involvedObject.kind, namespace: env.involvedObject.namespace, name: env.involvedObject.name };
    const key = `${source.kind}/${source.namespace}/${source.name}`;
    const artifact = env.payload.artifact;
    sourceRevisions.set(key, artifact.revision);
    const readers = (watched.informer?.list() ?? []).flatMap((obj) => {
      const k = asKustomization(obj);
      return k && readsSource(k, source) ? [{ obj, folder: cleanSpecPath(k.spec.path) }] : [];
    });
    // Pipelined: sent in this order on the one connection (so they queue in this order), acknowledged together.
    const ordered = await changedFirstOrder(artifacts, previousArtifacts.get(key), artifact, readers, key);
    await Promise.all(ordered.map(({ obj }) => requestReconcile(ctx, obj, 'revision', { revision: artifact.revision, dedupe: `revision/${artifact.digest}` })));
    previousArtifacts.set(key, artifact);
    return ack();
  }, { concurrency: 4 });

  const wakeUps = ctx.bus.consume('builder-dependencies', async (env: Envelope<'ready'>) => {
    if (!env.payload.ready) return ack();
    const ready = env.involvedObject;
    for (const key of graph.dependentsOf(nodeKey(ready.namespace, ready.name))) {
      const [namespace, name] = key.split('/') as [string, string];
      const dependent = watched.informer?.get(namespace, name);
      if (dependent) {
        await requestReconcile(ctx, dependent, 'dependency', { dedupe: `dependency/${ready.uid ?? key}/${env.payload.revision ?? ''}/${env.payload.observedGeneration}` });
      }
    }
    return ack();
  }, { concurrency: 4 });

  watched.informer = await watchForRequests(ctx, {
    apiVersion: `${KUSTOMIZE_GROUP}/v1`,
    kind: 'Kustomization',
    onChange: (obj) => {
      const k = asKustomization(obj);
      if (k) graph.set({ namespace: k.metadata.namespace ?? '', name: k.metadata.name, dependsOn: k.spec.dependsOn ?? [] });
    },
    onDelete: (obj) => graph.delete(obj.metadata.namespace ?? '', obj.metadata.name ?? ''),
  }).catch((err: unknown) => {
    ctx.logger.error('watching Kustomizations failed', { error: errorMessage(err) });
    throw err;
  });
  let running = true;
  return {
    ready: () => running,
    async stop() {
      running = false;
      await watched.informer?.stop();
      await sources.stop();
      await Promise.all([builds.stop(), fanOut.stop(), wakeUps.stop()]);
    },
  };
}
