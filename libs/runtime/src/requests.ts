/**
 * Reconcile requests: how work enters the pipeline. Every replica watches the kinds its service owns and publishes a
 * request for what it sees (a new object, a spec change, a `reconcile.fluxcd.io/requestedAt` annotation, every object
 * once at start-up); message ids are derived from what was observed, so N replicas publishing the same observation
 * produce one message (JetStream de-duplication).
 */
import { messageId, type InvolvedObject, type PublishResult, type ReconcileTrigger } from '@sluice/bus';
import { errorMessage } from '@sluice/errors';
import { Informer } from './kube/informer.js';
import type { KubeObject } from './kube/types.js';
import type { ServiceContext } from './service.js';

/** Flux's annotation asking for an immediate reconciliation (`flux reconcile` sets it to the current time). */
export const REQUESTED_AT_ANNOTATION = 'reconcile.fluxcd.io/requestedAt';

/** The envelope's `involvedObject` for an object. */
export function involvedObject(obj: KubeObject): InvolvedObject {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name ?? '',
    ...(obj.metadata.uid ? { uid: obj.metadata.uid } : {}),
    ...(obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}),
  };
}

/** Options of {@link requestReconcile}. */
export interface RequestOptions {
  /** Message id suffix identifying the observation (`generation/3`); without it the id is random (no de-duplication). */
  readonly dedupe?: string;
  /** Do not start before this time (delayed work). */
  readonly notBefore?: Date;
  /** The source revision that caused the request. */
  readonly revision?: string;
  /** Value of the requestedAt annotation being handled. */
  readonly requestedAt?: string;
}

/** Publishes a reconcile request for `obj` (to the consumer of its kind). */
export function requestReconcile(ctx: ServiceContext, obj: KubeObject | InvolvedObject, trigger: ReconcileTrigger, opts: RequestOptions = {}): Promise<PublishResult> {
  const involved = 'metadata' in obj ? involvedObject(obj) : obj;
  const now = ctx.now();
  return ctx.bus.publish(
    'reconcile',
    {
      involvedObject: involved,
      reason: trigger,
      payload: {
        trigger,
        scheduledAt: now.toISOString(),
        ...(opts.notBefore ? { notBefore: opts.notBefore.toISOString() } : {}),
        ...(opts.revision ? { revision: opts.revision } : {}),
        ...(opts.requestedAt ? { requestedAt: opts.requestedAt } : {}),
      },
    },
    opts.dedupe ? { msgId: messageId('reconcile', involved.kind.toLowerCase(), involved.uid ?? `${involved.namespace}/${involved.name}`, opts.dedupe) } : {},
  );
}

/** Why a change to an object calls for a reconcile, if it does. */
export function triggerFor(obj: KubeObject, previous: KubeObject | undefined): { trigger: ReconcileTrigger; dedupe: string; requestedAt?: string } | undefined {
  const requestedAt = obj.metadata.annotations?.[REQUESTED_AT_ANNOTATION];
  const handled = (obj.status as { lastHandledReconcileAt?: string } | undefined)?.lastHandledReconcileAt;
  if (previous === undefined) return { trigger: 'created', dedupe: 'created' };
  if (obj.metadata.deletionTimestamp && !previous.metadata.deletionTimestamp) return { trigger: 'spec-changed', dedupe: 'deleting' };
  if (obj.metadata.generation !== previous.metadata.generation) return { trigger: 'spec-changed', dedupe: `generation/${obj.metadata.generation}` };
  if (requestedAt && requestedAt !== handled && requestedAt !== previous.metadata.annotations?.[REQUESTED_AT_ANNOTATION]) {
    return { trigger: 'requested', dedupe: `requested/${requestedAt}`, requestedAt };
  }
  return undefined;
}

/** What {@link watchForRequests} watches. */
export interface WatchForRequestsOptions {
  readonly apiVersion: string;
  readonly kind: string;
  /** Called after the request logic for every change, e.g. to keep an index (dependency graph). */
  readonly onChange?: (obj: KubeObject, previous: KubeObject | undefined) => void;
  readonly onDelete?: (obj: KubeObject) => void;
}

/**
 * Watches one kind and publishes reconcile requests for what changes (see module comment). Objects listed at
 * start-up get one `startup` request each (de-duplicated across replicas by resourceVersion). Returns the informer,
 * whose cache the service may read.
 */
export async function watchForRequests(ctx: ServiceContext, opts: WatchForRequestsOptions): Promise<Informer> {
  let synced = false;
  const publish = async (obj: KubeObject, trigger: ReconcileTrigger, dedupe: string, requestedAt?: string): Promise<void> => {
    try {
      await requestReconcile(ctx, obj, trigger, { dedupe, ...(requestedAt ? { requestedAt } : {}) });
    } catch (err) {
      ctx.logger.error('publishing a reconcile request failed', { object: `${obj.kind}/${obj.metadata.namespace}/${obj.metadata.name}`, error: errorMessage(err) });
    }
  };
  const informer = new Informer(ctx.kube, { apiVersion: opts.apiVersion, kind: opts.kind }, {
    added: async (obj) => {
      if (synced) await publish(obj, 'created', 'created');
      else await publish(obj, 'startup', `startup/${obj.metadata.resourceVersion ?? ''}`);
      opts.onChange?.(obj, undefined);
    },
    modified: async (obj, previous) => {
      const t = triggerFor(obj, previous);
      if (t) await publish(obj, t.trigger, t.dedupe, t.requestedAt);
      opts.onChange?.(obj, previous);
    },
    deleted: (obj) => opts.onDelete?.(obj),
    error: (err) => ctx.logger.warn(`${opts.kind} watch interrupted; retrying`, { error: errorMessage(err) }),
  });
  await informer.start();
  synced = true;
  return informer;
}
