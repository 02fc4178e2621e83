/**
 * Test and benchmark helpers (the `@sluice/health-checker/testing` entry): an in-memory cluster whose informers
 * feed a {@link WatchHub} without an API server, and builders for workloads in a chosen state.
 */
import { NoMatchError, type KubeObject } from '@sluice/runtime';
import type { InformerFactory, SourceHandlers, SourceInformer, WatchKind } from './watches.js';

const kindKey = (k: WatchKind): string => `${k.apiVersion}|${k.kind}`;
const objectKey = (namespace: string, name: string): string => `${namespace}/${name}`;

/**
 * Objects by kind, and informers over them that see every change at once. Kinds named in `unlistable` fail to
 * list with a `NoMatchError`, as a kind whose CRD is not established does.
 */
export class FakeCluster {
  /** `apiVersion|kind` keys whose list fails. */
  readonly unlistable = new Set<string>();
  /** Informers created, per `apiVersion|kind` (to check that watches are shared). */
  readonly informersCreated = new Map<string, number>();
  private readonly store = new Map<string, Map<string, KubeObject>>();
  private readonly live = new Set<FakeInformer>();

  /** The factory to give a {@link WatchHub}. */
  readonly factory: InformerFactory = (kind, handlers) => {
    const key = kindKey(kind);
    this.informersCreated.set(key, (this.informersCreated.get(key) ?? 0) + 1);
    return new FakeInformer(this, kind, handlers);
  };

  /** Informers started and not stopped. */
  get liveInformers(): number {
    return this.live.size;
  }

  /** Creates or replaces an object and tells the informers of its kind. */
  put(obj: KubeObject): void {
    const kind = { apiVersion: obj.apiVersion, kind: obj.kind };
    let objects = this.store.get(kindKey(kind));
    if (!objects) this.store.set(kindKey(kind), (objects = new Map()));
    objects.set(objectKey(obj.metadata.namespace ?? '', obj.metadata.name ?? ''), obj);
    this.emit(kind, obj);
  }

  /** Deletes an object and tells the informers of its kind. */
  remove(obj: KubeObject): void {
    const kind = { apiVersion: obj.apiVersion, kind: obj.kind };
    const key = objectKey(obj.metadata.namespace ?? '', obj.metadata.name ?? '');
    const gone = this.store.get(kindKey(kind))?.get(key);
    if (!gone) return;
    this.store.get(kindKey(kind))!.delete(key);
    this.emit(kind, gone);
  }

  /** The stored object, if any. */
  get(kind: WatchKind, namespace: string, name: string): KubeObject | undefined {
    return this.store.get(kindKey(kind))?.get(objectKey(namespace, name));
  }

  /** @internal */
  attach(informer: FakeInformer, on: boolean): void {
    if (on) this.live.add(informer);
    else this.live.delete(informer);
  }

  private emit(kind: WatchKind, obj: KubeObject): void {
    for (const informer of this.live) if (kindKey(informer.kind) === kindKey(kind)) informer.handlers.changed(obj);
  }
}

class FakeInformer implements SourceInformer {
  readonly kind: WatchKind;
  readonly handlers: SourceHandlers;
  private readonly cluster: FakeCluster;

  constructor(cluster: FakeCluster, kind: WatchKind, handlers: SourceHandlers) {
    this.cluster = cluster;
    this.kind = kind;
    this.handlers = handlers;
  }

  async start(): Promise<void> {
    await Promise.resolve();
    if (this.cluster.unlistable.has(kindKey(this.kind))) throw new NoMatchError(this.kind.apiVersion, this.kind.kind);
    this.cluster.attach(this, true);
  }

  async stop(): Promise<void> {
    this.cluster.attach(this, false);
  }

  get(namespace: string, name: string): KubeObject | undefined {
    return this.cluster.get(this.kind, namespace, name);
  }
}

/** How far along a Deployment built by {@link deployment} is. */
export type DeploymentState = { readonly available: number } | 'deadline-exceeded';

/** An `apps/v1` Deployment with `replicas` wanted and a status kstatus reads as the given state. */
export function deployment(namespace: string, name: string, replicas: number, state: DeploymentState): KubeObject {
  const available = state === 'deadline-exceeded' ? 0 : state.available;
  const progressing = state === 'deadline-exceeded'
    ? { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${name}-1" has timed out progressing.` }
    : { type: 'Progressing', status: 'True', reason: available === replicas ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated', message: '' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { namespace, name, generation: 1, resourceVersion: String(available + 1) },
    spec: { replicas, progressDeadlineSeconds: 600 },
    status: {
      observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: available, availableReplicas: available,
      conditions: [{ type: 'Available', status: available === replicas ? 'True' : 'False', reason: 'MinimumReplicas', message: '' }, progressing],
    },
  };
}

/** A ConfigMap (always Current for kstatus). */
export function configMap(namespace: string, name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace, name, resourceVersion: '1' }, data: {} };
}
