/**
 * The StatefulSet controller: pods `<name>-0..n-1` (one at a time with OrderedReady), their claims from
 * `volumeClaimTemplates`, pods of an old template replaced highest ordinal first, and the status kstatus reads.
 */
import { arrayAt, deepClone, isJsonObject, objectAt, stringAt, type JsonObject } from '../json.js';
import { shortHash } from '../objects/identity.js';
import { storedMeta } from '../verbs/common.js';
import { PODS, isPodReady, isTerminating, ownedBy, ownerKeyOf, podFromTemplate } from './pods.js';
import { keyOf, parseKey, type Controller, type ControllerRuntime } from './runtime.js';

const STATEFUL_SETS = 'apps/statefulsets';
const PVCS = '/persistentvolumeclaims';
const REVISION_LABEL = 'controller-revision-hash';

function revisionOf(set: JsonObject): string {
  return `${String(storedMeta(set).name)}-${shortHash(JSON.stringify(objectAt(set, 'spec')?.template ?? {}))}`;
}

function ensureClaims(rt: ControllerRuntime, set: JsonObject, ordinal: number): void {
  const meta = storedMeta(set);
  for (const t of arrayAt(objectAt(set, 'spec'), 'volumeClaimTemplates').filter(isJsonObject)) {
    const claim = `${String(objectAt(t, 'metadata')?.name ?? 'data')}-${String(meta.name)}-${ordinal}`;
    if (rt.get(PVCS, String(meta.namespace), claim)) continue;
    const labels = objectAt(objectAt(objectAt(set, 'spec'), 'selector'), 'matchLabels') ?? {};
    rt.create(PVCS, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim, namespace: String(meta.namespace), labels }, spec: deepClone(objectAt(t, 'spec') ?? {}) });
  }
}

function createPod(rt: ControllerRuntime, set: JsonObject, ordinal: number, revision: string): void {
  const meta = storedMeta(set);
  const name = `${String(meta.name)}-${ordinal}`;
  ensureClaims(rt, set, ordinal);
  const pod = podFromTemplate(objectAt(objectAt(set, 'spec'), 'template'), name, String(meta.namespace), set, {
    [REVISION_LABEL]: revision, 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(ordinal),
  });
  const spec = pod.spec as JsonObject;
  spec.hostname = name;
  const service = stringAt(objectAt(set, 'spec'), 'serviceName');
  if (service) spec.subdomain = service;
  rt.create(PODS, pod);
}

function ordinalOf(pod: JsonObject, setName: string): number {
  const name = String(storedMeta(pod).name);
  return name.startsWith(`${setName}-`) ? Number(name.slice(setName.length + 1)) : -1;
}

/** One step towards the desired pods; returns the live pods. */
function syncPods(rt: ControllerRuntime, set: JsonObject, revision: string): JsonObject[] {
  const spec = objectAt(set, 'spec') ?? {};
  const setName = String(storedMeta(set).name);
  const replicas = Number(spec.replicas ?? 1);
  const ordered = spec.podManagementPolicy !== 'Parallel';
  const pods = ownedBy(rt, PODS, set).filter((p) => !isTerminating(p));
  const byOrdinal = new Map(pods.map((p) => [ordinalOf(p, setName), p]));
  for (let i = 0; i < replicas; i++) {
    const p = byOrdinal.get(i);
    if (!p) {
      createPod(rt, set, i, revision);
      if (ordered) break;
    } else if (ordered && !isPodReady(p)) break;
  }
  for (const p of pods) if (ordinalOf(p, setName) >= replicas) rt.delete(PODS, p);
  const stale = pods.filter((p) => ordinalOf(p, setName) < replicas && stringAt(objectAt(storedMeta(p), 'labels'), REVISION_LABEL) !== revision)
    .sort((a, b) => ordinalOf(b, setName) - ordinalOf(a, setName));
  if (stale.length > 0 && pods.every(isPodReady)) rt.delete(PODS, stale[0]!);
  return ownedBy(rt, PODS, set).filter((p) => !isTerminating(p));
}

/** Creates the StatefulSet controller. */
export function statefulSetController(rt: ControllerRuntime): Controller {
  return {
    name: 'statefulset',
    watches: [STATEFUL_SETS, PODS],
    keysFor(ev) {
      return ev.storageKey === PODS ? ownerKeyOf(ev.object, 'StatefulSet', STATEFUL_SETS) : [keyOf(ev.storageKey, ev.object)];
    },
    reconcile(key) {
      const { namespace, name } = parseKey(key);
      const set = rt.get(STATEFUL_SETS, namespace, name);
      if (!set || isTerminating(set)) return;
      const revision = revisionOf(set);
      const pods = syncPods(rt, set, revision);
      const fresh = rt.get(STATEFUL_SETS, namespace, name);
      if (!fresh) return;
      const ready = pods.filter(isPodReady).length;
      const updated = pods.filter((p) => stringAt(objectAt(storedMeta(p), 'labels'), REVISION_LABEL) === revision).length;
      const status: JsonObject = {
        observedGeneration: storedMeta(fresh).generation ?? 1, replicas: pods.length, readyReplicas: ready, currentReplicas: updated,
        updatedReplicas: updated, availableReplicas: ready, currentRevision: revision, updateRevision: revision, collisionCount: 0,
      };
      for (const k of ['readyReplicas', 'currentReplicas', 'updatedReplicas']) if (status[k] === 0) delete status[k];
      rt.updateStatus(STATEFUL_SETS, fresh, status);
    },
  };
}
