/**
 * What the simulated controllers run on: a keyed work queue fed by store events, timers that die with the server,
 * and writes that go through the same verbs as client requests (so watches, managedFields, validation and
 * resourceVersions behave exactly as for clients).
 */
import { defaultWriteOptions, type ApiCore, type VerbResult, type WriteOptions } from '../api/context.js';
import { isKubeApiError } from '../api/status.js';
import { deepClone, isJsonObject, type JsonObject } from '../json.js';
import type { ResourceDef } from '../registry/resource.js';
import type { StoreEvent } from '../storage/store.js';
import { storedMeta } from '../verbs/common.js';
import { deleteOne, type DeleteOptions, type PropagationPolicy } from '../verbs/delete.js';
import { createObject, updateObject } from '../verbs/write.js';

/** Timing knobs of the simulation. */
export interface SimulationOptions {
  /** How long a simulated pod takes to become Ready, unless an object's annotation says otherwise. */
  readonly readyDelayMs: number;
}

/** One controller: reacts to changes of some resources, reconciles objects by key. */
export interface Controller {
  readonly name: string;
  /** Storage keys whose events this controller wants (`apps/deployments`); `*` for every resource. */
  readonly watches: readonly string[];
  /** Maps an event to the keys to reconcile (default: the object itself). */
  keysFor?(ev: StoreEvent): string[];
  /** Brings one object (by `storageKey|namespace/name`) to its desired state. */
  reconcile(key: string): void;
  /** Called once when the controllers start (resync of existing objects, one-off objects). */
  start?(): void;
}

/** `storageKey|namespace/name` of an object. */
export function keyOf(storageKey: string, obj: JsonObject): string {
  const meta = storedMeta(obj);
  return `${storageKey}|${String(meta.namespace ?? '')}/${String(meta.name)}`;
}

/** Splits a key back into storage key, namespace and name. */
export function parseKey(key: string): { storageKey: string; namespace: string; name: string } {
  const bar = key.indexOf('|');
  const rest = key.slice(bar + 1);
  const slash = rest.indexOf('/');
  return { storageKey: key.slice(0, bar), namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
}

/** The shared runtime of all controllers. */
export class ControllerRuntime {
  readonly core: ApiCore;
  readonly sim: SimulationOptions;
  private readonly controllers: Controller[] = [];
  private readonly queues = new Map<Controller, Set<string>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private scheduled = false;
  private stopped = false;
  /** When each object (by uid) was created, to the millisecond; timestamps in objects have second precision. */
  private readonly born = new Map<string, number>();
  private unsubscribe: (() => void) | undefined;
  /** Writes as the controllers identify themselves in managedFields. */
  readonly writeOptions: WriteOptions = { ...defaultWriteOptions(), fieldManager: 'kube-controller-manager' };

  constructor(core: ApiCore, sim: SimulationOptions) {
    this.core = core;
    this.sim = sim;
  }

  /** Adds a controller (before {@link start}). */
  add(c: Controller): void {
    this.controllers.push(c);
    this.queues.set(c, new Set());
  }

  /** Subscribes to the store, lets controllers resync, and enqueues every existing object they watch. */
  start(): void {
    this.unsubscribe = this.core.store.subscribe((ev) => this.onEvent(ev));
    for (const c of this.controllers) {
      c.start?.();
      for (const sk of c.watches) if (sk !== '*') for (const obj of this.core.store.list(sk)) this.enqueue(c, keyOf(sk, obj));
    }
  }

  /** Stops reacting and cancels every timer. */
  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private onEvent(ev: StoreEvent): void {
    const uid = String(storedMeta(ev.object).uid ?? '');
    if (ev.type === 'ADDED') this.born.set(uid, this.core.now().getTime());
    else if (ev.type === 'DELETED') this.born.delete(uid);
    for (const c of this.controllers) {
      if (!c.watches.includes(ev.storageKey) && !c.watches.includes('*')) continue;
      const keys = c.keysFor ? c.keysFor(ev) : [keyOf(ev.storageKey, ev.object)];
      for (const k of keys) this.enqueue(c, k);
    }
  }

  /**
   * When `obj` was created, in milliseconds: as seen by this runtime, or from its (second-precision)
   * creationTimestamp for objects restored from a state directory.
   */
  createdAt(obj: JsonObject): number {
    const meta = storedMeta(obj);
    return this.born.get(String(meta.uid ?? '')) ?? Date.parse(String(meta.creationTimestamp ?? ''));
  }

  /** Queues `key` for controller `c`; the queue drains on the next turn of the event loop. */
  enqueue(c: Controller, key: string): void {
    if (this.stopped) return;
    this.queues.get(c)?.add(key);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  /** Re-queues `key` for `c` after `ms` (progress deadlines, ready delays, retries). */
  requeueAfter(c: Controller, key: string, ms: number): void {
    this.after(ms, () => this.enqueue(c, key));
  }

  /** Runs `fn` after `ms`, unless the server stops first. */
  after(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, Math.max(0, ms));
    this.timers.add(t);
  }

  private drain(): void {
    this.scheduled = false;
    for (let round = 0; round < 50 && !this.stopped; round++) {
      let any = false;
      for (const c of this.controllers) {
        const q = this.queues.get(c)!;
        if (q.size === 0) continue;
        any = true;
        const keys = [...q];
        q.clear();
        for (const k of keys) this.run(c, k);
      }
      if (!any) return;
    }
    if (!this.scheduled && !this.stopped) {
      this.scheduled = true;
      setTimeout(() => this.drain(), 10);
    }
  }

  private run(c: Controller, key: string): void {
    try {
      c.reconcile(key);
    } catch (err) {
      // Conflicts and races resolve on retry, as with a real controller's work queue.
      if (isKubeApiError(err) && err.httpCode < 500) this.requeueAfter(c, key, 50);
      else process.emitWarning(`kube-sim controller ${c.name} failed on ${key}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  // --- writes through the verbs -------------------------------------------------------------------------------

  /** The stored object, if any. */
  get(storageKey: string, namespace: string, name: string): JsonObject | undefined {
    return this.core.store.get(storageKey, namespace, name);
  }

  /** The served (preferred) resource stored under `storageKey`. */
  def(storageKey: string): ResourceDef {
    const d = this.core.registry.findStorage(storageKey);
    if (!d) throw new Error(`no resource serves ${storageKey}`);
    return d;
  }

  /** Creates an object as the controller manager. */
  create(storageKey: string, obj: JsonObject): VerbResult {
    const def = this.def(storageKey);
    const ns = def.namespaced ? String((obj.metadata as JsonObject).namespace ?? '') : '';
    return createObject(this.core, def, ns, deepClone(obj), this.writeOptions, { applied: false, subresource: '', warnings: [] });
  }

  /** Writes `status` of a stored object through the status subresource (no-op when unchanged). */
  updateStatus(storageKey: string, obj: JsonObject, status: JsonObject): void {
    if (isJsonObject(obj.status) && JSON.stringify(obj.status) === JSON.stringify(status)) return;
    const def = this.def(storageKey);
    const next = { ...obj, status };
    updateObject(this.core, def, obj, next, this.writeOptions, { applied: false, subresource: 'status', warnings: [] });
  }

  /** Replaces a stored object with `next` (main resource; status kept as stored). */
  update(storageKey: string, obj: JsonObject, next: JsonObject): void {
    updateObject(this.core, this.def(storageKey), obj, next, this.writeOptions, { applied: false, subresource: '', warnings: [] });
  }

  /** Deletes a stored object with a propagation policy (no-op when already being deleted). */
  delete(storageKey: string, obj: JsonObject, policy: PropagationPolicy = 'Background'): void {
    const opts: DeleteOptions = { propagationPolicy: policy, preconditions: {}, dryRun: false };
    deleteOne(this.core, this.def(storageKey), obj, opts);
  }
}
