/** Helpers the workload controllers share: owned objects, pod readiness, pods from templates. */
import { arrayAt, deepClone, isJsonObject, objectAt, type JsonObject } from '../json.js';
import { storedMeta } from '../verbs/common.js';
import type { ControllerRuntime } from './runtime.js';

export const PODS = '/pods';

/** The owner reference a controller sets on what it creates. */
export function controllerRef(owner: JsonObject): JsonObject {
  const meta = storedMeta(owner);
  return { apiVersion: String(owner.apiVersion), kind: String(owner.kind), name: String(meta.name), uid: String(meta.uid), controller: true, blockOwnerDeletion: true };
}

/** Objects under `storageKey` in the owner's namespace whose controller reference is `owner`. */
export function ownedBy(rt: ControllerRuntime, storageKey: string, owner: JsonObject): JsonObject[] {
  const meta = storedMeta(owner);
  const uid = meta.uid;
  return rt.core.store.list(storageKey, String(meta.namespace ?? '')).filter((o) => {
    const refs = storedMeta(o).ownerReferences;
    return Array.isArray(refs) && refs.some((r) => isJsonObject(r) && r.uid === uid && r.controller === true);
  });
}

/** True for a pod that is being deleted. */
export function isTerminating(obj: JsonObject): boolean {
  return storedMeta(obj).deletionTimestamp !== undefined;
}

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: JsonObject): boolean {
  return arrayAt(objectAt(pod, 'status'), 'conditions').some((c) => isJsonObject(c) && c.type === 'Ready' && c.status === 'True');
}

/** The pod's phase (`Pending`, `Running`, `Succeeded`, `Failed`). */
export function podPhase(pod: JsonObject): string {
  return String(objectAt(pod, 'status')?.phase ?? 'Pending');
}

/** The controller of a pod (or any object), as a `storageKey|namespace/name` key when it is of `kind`. */
export function ownerKeyOf(obj: JsonObject, kind: string, storageKey: string): string[] {
  const meta = storedMeta(obj);
  const refs = Array.isArray(meta.ownerReferences) ? meta.ownerReferences.filter(isJsonObject) : [];
  return refs.filter((r) => r.controller === true && r.kind === kind).map((r) => `${storageKey}|${String(meta.namespace ?? '')}/${String(r.name)}`);
}

/** A pod built from a template: its labels and annotations, the spec, the owner, the node. */
export function podFromTemplate(template: JsonObject | undefined, name: string, namespace: string, owner: JsonObject, extraLabels: JsonObject = {}): JsonObject {
  const t = deepClone(template ?? {});
  const tmeta = objectAt(t, 'metadata') ?? {};
  const metadata: JsonObject = { name, namespace, labels: { ...(objectAt(tmeta, 'labels') ?? {}), ...extraLabels }, ownerReferences: [controllerRef(owner)] };
  const annotations = objectAt(tmeta, 'annotations');
  if (annotations) metadata.annotations = annotations;
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: objectAt(t, 'spec') ?? {} };
}

/** Sums a numeric field over objects' statuses. */
export function sumStatus(objs: readonly JsonObject[], field: string): number {
  return objs.reduce((n, o) => n + (Number(objectAt(o, 'status')?.[field] ?? 0) || 0), 0);
}
