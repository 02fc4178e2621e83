/**
 * Handling reconcile requests: one replica per object at a time (a lease in the service's scope), stale timers
 * dropped, and after each run exactly one successor timer (the next interval, or a retry) — see
 * docs/architecture.md, "Scheduling".
 */
import { ack, nak, type Delivery, type Envelope, type Handler, type HandlerResult } from '@sluice/bus';
import { leaseKey } from '@sluice/bus';
import type { KubeObject } from './kube/types.js';
import { describeRef } from './kube/types.js';
import { requestReconcile } from './requests.js';
import type { ServiceContext } from './service.js';

/** When to come back to an object after a run; undefined: not on a timer (deleted, suspended). */
export interface Requeue {
  readonly afterMs: number;
  /** `interval` after success, `retry` after a failure. */
  readonly trigger: 'interval' | 'retry';
}

/** The service-specific part: reconcile one object. */
export interface Reconciler {
  readonly apiVersion: string;
  readonly kind: string;
  /**
   * Reconciles `obj` (read fresh just before). Expected failures are reported in status and answered with a `retry`
   * requeue; a throw means "could not even try" (API server down) and the request is redelivered with backoff.
   */
  reconcile(obj: KubeObject, request: Envelope<'reconcile'>, signal: AbortSignal, delivery: Delivery): Promise<Requeue | undefined>;
  /**
   * True when a request is already superseded (e.g. it names a source revision older than one whose requests were
   * already sent): it is dropped before any lease or read. Optional; only cheap, local checks belong here.
   */
  isStale?(request: Envelope<'reconcile'>): boolean;
  /**
   * The object from the service's watch cache, if it keeps one: read instead of a GET, as Flux's controllers read
   * through their informers. A cache a moment behind only costs a conflict and a re-read on the status write.
   */
  cached?(namespace: string, name: string): KubeObject | undefined;
}

/** Per-object record in the `state` bucket: when the latest run started. */
interface RunState {
  readonly lastRunAt: string;
}

/** How long to wait before retrying when another replica holds the object's lease. */
const LEASE_BUSY_DELAY_MS = 500;

function isTimer(request: Envelope<'reconcile'>): boolean {
  return request.payload.trigger === 'interval' || request.payload.trigger === 'retry';
}

/**
 * Runs caused by an event elsewhere (a new source revision, a dependency becoming ready) that succeed keep the
 * object's existing timer: a thousand Kustomizations reacting to one commit then publish no thousand new timers
 * (nor consume a thousand stale ones later). Drift is still corrected no later than one interval after the run
 * that scheduled the timer.
 */
function keepsExistingTimer(request: Envelope<'reconcile'>, requeue: Requeue): boolean {
  return requeue.trigger === 'interval' && (request.payload.trigger === 'revision' || request.payload.trigger === 'dependency');
}

/**
 * Creates the bus handler for a service's `reconcile` consumer. Per request: drop it if it is a timer scheduled
 * before the object's latest timed run (that run scheduled its own successor) or meant for a deleted and re-created
 * namesake; take the object's lease (nak and retry shortly when another replica has it); read the object; run the
 * reconciler; unless the run keeps the existing timer, record the run's start and publish the successor timer; ack.
 */
export async function reconcileRequestHandler(ctx: ServiceContext, reconciler: Reconciler): Promise<Handler<'reconcile'>> {
  const state = await ctx.bus.kv('state');
  return async (request: Envelope<'reconcile'>, delivery: Delivery): Promise<HandlerResult> => {
    const target = request.involvedObject;
    if (reconciler.isStale?.(request)) return ack();
    const key = leaseKey(target, ctx.service);
    if (isTimer(request)) {
      const entry = await state.get(key);
      const last = entry?.operation === 'PUT' ? entry.json<RunState>().lastRunAt : undefined;
      if (last !== undefined && last > request.payload.scheduledAt) return ack();
    }
    const lease = await ctx.leases.acquire(target);
    if (!lease) return nak(LEASE_BUSY_DELAY_MS);
    try {
      const obj = reconciler.cached?.(target.namespace, target.name)
        ?? await ctx.kube.get({ apiVersion: reconciler.apiVersion, kind: reconciler.kind, namespace: target.namespace || undefined, name: target.name });
      if (!obj || (target.uid && obj.metadata.uid !== target.uid)) return ack();
      const startedAt = ctx.now().toISOString();
      const log = ctx.logger.child({ object: describeRef({ kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name }), trigger: request.payload.trigger });
      log.debug('reconcile started');
      const requeue = await reconciler.reconcile(obj, request, lease.signal, delivery);
      if (requeue && !keepsExistingTimer(request, requeue)) {
        // Timers scheduled before this run started are stale from now on (this run schedules the successor).
        await state.put(key, JSON.stringify({ lastRunAt: startedAt } satisfies RunState));
        await requestReconcile(ctx, obj, requeue.trigger, {
          notBefore: new Date(ctx.now().getTime() + requeue.afterMs),
          dedupe: `${requeue.trigger}/${ctx.now().getTime()}`,
        });
      }
      return ack();
    } finally {
      await lease.release();
    }
  };
}

/** `KubeObject` alias re-exported for reconcilers' signatures. */
export type { KubeObject };
