/**
 * The garbage collector: deletes objects whose owners are all gone (background cascading), deletes dependents
 * before their owner when the owner carries the `foregroundDeletion` finalizer, and removes owner references
 * before letting an owner with the `orphan` finalizer go. Keeps an index from owner uid to dependents.
 */
import { isJsonObject, stringAt, type JsonObject } from '../json.js';
import type { StoreEvent } from '../storage/store.js';
import { deepClone } from '../json.js';
import { storedMeta } from '../verbs/common.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../verbs/delete.js';
import { keyOf, parseKey, type Controller, type ControllerRuntime } from './runtime.js';

const OWNER = 'owner:';

function ownerRefs(obj: JsonObject): JsonObject[] {
  const refs = storedMeta(obj).ownerReferences;
  return Array.isArray(refs) ? refs.filter(isJsonObject) : [];
}

function finalizers(obj: JsonObject): string[] {
  const f = storedMeta(obj).finalizers;
  return Array.isArray(f) ? f.filter((x): x is string => typeof x === 'string') : [];
}

/** Where an owner reference points, or undefined when its kind is not served. */
function resolveOwner(rt: ControllerRuntime, ref: JsonObject, dependentNamespace: string): { storageKey: string; namespace: string } | undefined {
  const apiVersion = stringAt(ref, 'apiVersion') ?? '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  const def = rt.core.registry.findKindAnyVersion(group, stringAt(ref, 'kind') ?? '');
  return def ? { storageKey: def.storageKey, namespace: def.namespaced ? dependentNamespace : '' } : undefined;
}

class OwnerIndex {
  private readonly byOwner = new Map<string, Set<string>>();

  update(ev: StoreEvent): void {
    const key = keyOf(ev.storageKey, ev.object);
    if (ev.previous) for (const r of ownerRefs(ev.previous)) this.byOwner.get(String(r.uid))?.delete(key);
    if (ev.type !== 'DELETED') for (const r of ownerRefs(ev.object)) this.add(String(r.uid), key);
  }

  add(uid: string, key: string): void {
    let set = this.byOwner.get(uid);
    if (!set) this.byOwner.set(uid, (set = new Set()));
    set.add(key);
  }

  dependents(uid: string): string[] {
    return [...(this.byOwner.get(uid) ?? [])];
  }
}

/** Creates the garbage collector. */
export function garbageCollector(rt: ControllerRuntime): Controller {
  const index = new OwnerIndex();
  const self: Controller = {
    name: 'garbage-collector',
    watches: ['*'],
    start() {
      for (const sk of rt.core.store.storageKeys()) {
        for (const obj of rt.core.store.list(sk)) {
          for (const r of ownerRefs(obj)) index.add(String(r.uid), keyOf(sk, obj));
          if (ownerRefs(obj).length > 0) rt.enqueue(self, keyOf(sk, obj));
          if (storedMeta(obj).deletionTimestamp !== undefined) rt.enqueue(self, OWNER + keyOf(sk, obj));
        }
      }
    },
    keysFor(ev) {
      index.update(ev);
      const key = keyOf(ev.storageKey, ev.object);
      if (ev.type === 'DELETED') return index.dependents(String(storedMeta(ev.object).uid));
      const keys: string[] = [];
      if (storedMeta(ev.object).deletionTimestamp !== undefined && finalizers(ev.object).some((f) => f === ORPHAN_FINALIZER || f === FOREGROUND_FINALIZER)) keys.push(OWNER + key);
      if (ownerRefs(ev.object).length > 0 && (ev.type === 'ADDED' || JSON.stringify(ownerRefs(ev.object)) !== JSON.stringify(ev.previous ? ownerRefs(ev.previous) : []))) keys.push(key);
      return keys;
    },
    reconcile(key) {
      if (key.startsWith(OWNER)) reconcileOwner(rt, self, index, key.slice(OWNER.length));
      else reconcileDependent(rt, key);
    },
  };
  return self;
}

function getByKey(rt: ControllerRuntime, key: string): JsonObject | undefined {
  const { storageKey, namespace, name } = parseKey(key);
  return rt.get(storageKey, namespace, name);
}

/** Deletes a dependent whose owners are all gone; drops references to vanished owners when others remain. */
function reconcileDependent(rt: ControllerRuntime, key: string): void {
  const obj = getByKey(rt, key);
  if (!obj) return;
  const ns = String(storedMeta(obj).namespace ?? '');
  const refs = ownerRefs(obj);
  const alive = refs.filter((r) => {
    const where = resolveOwner(rt, r, ns);
    if (!where) return true;
    const owner = rt.get(where.storageKey, where.namespace, String(r.name ?? ''));
    return owner !== undefined && storedMeta(owner).uid === r.uid;
  });
  if (alive.length === refs.length) return;
  const { storageKey } = parseKey(key);
  if (alive.length === 0) {
    if (storedMeta(obj).deletionTimestamp === undefined) rt.delete(storageKey, obj, 'Background');
    return;
  }
  const next = deepClone(obj);
  (next.metadata as JsonObject).ownerReferences = alive;
  rt.update(storageKey, obj, next);
}

/** Foreground: delete dependents first. Orphan: detach dependents. Then drop the finalizer. */
function reconcileOwner(rt: ControllerRuntime, self: Controller, index: OwnerIndex, key: string): void {
  const owner = getByKey(rt, key);
  if (!owner || storedMeta(owner).deletionTimestamp === undefined) return;
  const uid = String(storedMeta(owner).uid);
  const fins = finalizers(owner);
  const dependents = index.dependents(uid).map((k) => ({ key: k, obj: getByKey(rt, k) })).filter((d): d is { key: string; obj: JsonObject } => d.obj !== undefined);
  let done: string;
  if (fins.includes(ORPHAN_FINALIZER)) {
    for (const d of dependents) {
      const next = deepClone(d.obj);
      (next.metadata as JsonObject).ownerReferences = ownerRefs(d.obj).filter((r) => r.uid !== uid);
      if (ownerRefs(next).length === 0) delete (next.metadata as JsonObject).ownerReferences;
      rt.update(parseKey(d.key).storageKey, d.obj, next);
    }
    done = ORPHAN_FINALIZER;
  } else if (fins.includes(FOREGROUND_FINALIZER)) {
    for (const d of dependents) if (storedMeta(d.obj).deletionTimestamp === undefined) rt.delete(parseKey(d.key).storageKey, d.obj, 'Foreground');
    if (dependents.length > 0) {
      rt.requeueAfter(self, OWNER + key, 25);
      return;
    }
    done = FOREGROUND_FINALIZER;
  } else return;
  const fresh = getByKey(rt, key);
  if (!fresh) return;
  const next = deepClone(fresh);
  (next.metadata as JsonObject).finalizers = finalizers(fresh).filter((f) => f !== done);
  rt.update(parseKey(key).storageKey, fresh, next);

}
