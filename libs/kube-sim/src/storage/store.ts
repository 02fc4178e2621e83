/**
 * In-memory object storage with one global resourceVersion counter, like etcd behind the real API server: every
 * write gets the next revision, and every resource keeps a ring of recent events so watches can resume from a
 * resourceVersion until it falls out of the ring (then 410 Expired).
 *
 * Stored objects are shared: callers must never mutate an object they got from the store. Writes take a fresh
 * object, stamp `metadata.resourceVersion` into it and keep it.
 */
import { isJsonObject, type JsonObject } from '../json.js';

/** A change of one object. `object` carries the resourceVersion of the change (also for DELETED). */
export interface StoreEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly storageKey: string;
  readonly object: JsonObject;
  /** The object before the change (MODIFIED and DELETED). */
  readonly previous: JsonObject | undefined;
  readonly rv: number;
}

/** Receives every committed change, synchronously, in revision order. */
export type StoreListener = (event: StoreEvent) => void;

/** The result of asking for events after a resourceVersion. */
export type EventsSince = { readonly ok: true; readonly events: readonly StoreEvent[] } | { readonly ok: false; readonly oldest: number };

/** Options of {@link Store}. */
export interface StoreOptions {
  /** Events kept per resource for watches that resume from a resourceVersion; older ones answer 410. */
  readonly watchCacheSize: number;
}

/** Defaults for {@link StoreOptions}. */
export function defaultStoreOptions(): StoreOptions {
  return { watchCacheSize: 10_000 };
}

/** `namespace/name`, the sort key within one resource (etcd orders keys bytewise the same way). */
export function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

class EventRing {
  private readonly buf: StoreEvent[] = [];
  private start = 0;
  private readonly capacity: number;
  /** Revision below which events are no longer available. */
  floor: number;

  constructor(capacity: number, floor: number) {
    this.capacity = capacity;
    this.floor = floor;
  }

  push(ev: StoreEvent): void {
    if (this.buf.length < this.capacity) {
      this.buf.push(ev);
      return;
    }
    this.floor = this.buf[this.start]!.rv;
    this.buf[this.start] = ev;
    this.start = (this.start + 1) % this.capacity;
  }

  since(rv: number): EventsSince {
    if (rv < this.floor) return { ok: false, oldest: this.floor };
    const ordered = this.start === 0 ? this.buf : [...this.buf.slice(this.start), ...this.buf.slice(0, this.start)];
    let lo = 0;
    let hi = ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ordered[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return { ok: true, events: ordered.slice(lo) };
  }
}

class Table {
  readonly objects = new Map<string, JsonObject>();
  private sorted: string[] | undefined;
  readonly ring: EventRing;

  constructor(capacity: number, floor: number) {
    this.ring = new EventRing(capacity, floor);
  }

  keys(): string[] {
    this.sorted ??= [...this.objects.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return this.sorted;
  }

  invalidate(): void {
    this.sorted = undefined;
  }
}

function meta(obj: JsonObject): JsonObject {
  const m = obj.metadata;
  if (!isJsonObject(m)) throw new TypeError('stored objects need metadata');
  return m;
}

function keyOf(obj: JsonObject): string {
  const m = meta(obj);
  return objectKey(typeof m.namespace === 'string' ? m.namespace : '', typeof m.name === 'string' ? m.name : '');
}

/** The objects of every resource, the revision counter and the event rings. */
export class Store {
  private readonly tables = new Map<string, Table>();
  private readonly listeners = new Set<StoreListener>();
  private rv = 0;
  /** The revision state was restored at: events before it are lost with the previous process. */
  private restoredAt = 0;
  private readonly opts: StoreOptions;

  constructor(opts: Partial<StoreOptions> = {}) {
    this.opts = { ...defaultStoreOptions(), ...opts };
  }

  /** The latest revision (the resourceVersion of the last write). */
  get revision(): number {
    return this.rv;
  }

  /** Restores objects saved earlier (state directory) and continues counting after `revision`. */
  load(objects: Iterable<{ storageKey: string; object: JsonObject }>, revision: number): void {
    this.rv = Math.max(this.rv, revision);
    this.restoredAt = this.rv;
    for (const { storageKey, object } of objects) {
      const t = this.table(storageKey);
      t.objects.set(keyOf(object), object);
      t.invalidate();
    }
    for (const t of this.tables.values()) t.ring.floor = this.rv;
  }

  /** The stored object, or undefined. */
  get(storageKey: string, namespace: string, name: string): JsonObject | undefined {
    return this.tables.get(storageKey)?.objects.get(objectKey(namespace, name));
  }

  /** Objects of a resource in key order, optionally of one namespace. */
  list(storageKey: string, namespace?: string): JsonObject[] {
    const t = this.tables.get(storageKey);
    if (!t) return [];
    const out: JsonObject[] = [];
    const prefix = namespace === undefined ? undefined : `${namespace}/`;
    for (const k of t.keys()) {
      if (prefix !== undefined && !k.startsWith(prefix)) continue;
      out.push(t.objects.get(k)!);
    }
    return out;
  }

  /** Number of stored objects of a resource. */
  count(storageKey: string): number {
    return this.tables.get(storageKey)?.objects.size ?? 0;
  }

  /** Every storage key that ever held an object. */
  storageKeys(): string[] {
    return [...this.tables.keys()];
  }

  /** Stores a new object; stamps and returns it. The caller has checked it does not exist. */
  create(storageKey: string, obj: JsonObject): JsonObject {
    const t = this.table(storageKey);
    const stamped = this.stamp(obj);
    t.objects.set(keyOf(obj), stamped);
    t.invalidate();
    this.emit(t, { type: 'ADDED', storageKey, object: stamped, previous: undefined, rv: this.rv });
    return stamped;
  }

  /** Replaces an existing object; stamps and returns it. */
  update(storageKey: string, obj: JsonObject): JsonObject {
    const t = this.table(storageKey);
    const key = keyOf(obj);
    const previous = t.objects.get(key);
    const stamped = this.stamp(obj);
    t.objects.set(key, stamped);
    this.emit(t, { type: 'MODIFIED', storageKey, object: stamped, previous, rv: this.rv });
    return stamped;
  }

  /** Removes an object; returns it stamped with the deletion's revision. */
  remove(storageKey: string, obj: JsonObject): JsonObject {
    const t = this.table(storageKey);
    const key = keyOf(obj);
    const previous = t.objects.get(key);
    t.objects.delete(key);
    t.invalidate();
    const stamped = this.stamp({ ...obj, metadata: { ...meta(obj) } });
    this.emit(t, { type: 'DELETED', storageKey, object: stamped, previous, rv: this.rv });
    return stamped;
  }

  /** Events of a resource after revision `rv`, or the oldest revision still available when `rv` is older. */
  eventsSince(storageKey: string, rv: number): EventsSince {
    return this.table(storageKey).ring.since(rv);
  }

  /** Subscribes to every committed change; returns the unsubscribe function. */
  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private table(storageKey: string): Table {
    let t = this.tables.get(storageKey);
    if (!t) this.tables.set(storageKey, (t = new Table(this.opts.watchCacheSize, this.restoredAt)));
    return t;
  }

  private stamp(obj: JsonObject): JsonObject {
    this.rv++;
    meta(obj).resourceVersion = String(this.rv);
    return obj;
  }

  private emit(t: Table, ev: StoreEvent): void {
    t.ring.push(ev);
    for (const l of this.listeners) l(ev);
  }
}
