/** The ReplicaSet controller: keeps `spec.replicas` pods and reports how many are ready. */
import { objectAt, type JsonObject } from '../json.js';
import { generatedName } from '../objects/identity.js';
import { storedMeta } from '../verbs/common.js';
import { PODS, isPodReady, isTerminating, ownedBy, ownerKeyOf, podFromTemplate } from './pods.js';
import { keyOf, parseKey, type Controller, type ControllerRuntime } from './runtime.js';

const REPLICA_SETS = 'apps/replicasets';

function syncPods(rt: ControllerRuntime, rs: JsonObject, pods: JsonObject[]): void {
  const want = Number(objectAt(rs, 'spec')?.replicas ?? 1);
  const live = pods.filter((p) => !isTerminating(p));
  const meta = storedMeta(rs);
  for (let i = live.length; i < want; i++) {
    const name = generatedName(`${String(meta.name)}-`);
    rt.create(PODS, podFromTemplate(objectAt(objectAt(rs, 'spec'), 'template'), name, String(meta.namespace), rs));
  }
  if (live.length > want) {
    const surplus = [...live].sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b))).slice(0, live.length - want);
    for (const p of surplus) rt.delete(PODS, p);
  }
}

/** Creates the ReplicaSet controller. */
export function replicaSetController(rt: ControllerRuntime): Controller {
  return {
    name: 'replicaset',
    watches: [REPLICA_SETS, PODS],
    keysFor(ev) {
      return ev.storageKey === PODS ? ownerKeyOf(ev.object, 'ReplicaSet', REPLICA_SETS) : [keyOf(ev.storageKey, ev.object)];
    },
    reconcile(key) {
      const { namespace, name } = parseKey(key);
      const rs = rt.get(REPLICA_SETS, namespace, name);
      if (!rs || isTerminating(rs)) return;
      syncPods(rt, rs, ownedBy(rt, PODS, rs));
      const fresh = rt.get(REPLICA_SETS, namespace, name);
      if (!fresh) return;
      const pods = ownedBy(rt, PODS, fresh).filter((p) => !isTerminating(p));
      const ready = pods.filter(isPodReady).length;
      const status: JsonObject = { ...(objectAt(fresh, 'status') ?? {}), replicas: pods.length, fullyLabeledReplicas: pods.length, readyReplicas: ready, availableReplicas: ready, observedGeneration: storedMeta(fresh).generation ?? 1 };
      if (ready === 0) {
        delete status.readyReplicas;
        delete status.availableReplicas;
      }
      if (pods.length === 0) delete status.fullyLabeledReplicas;
      rt.updateStatus(REPLICA_SETS, fresh, status);
    },
  };
}
