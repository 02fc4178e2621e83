/** The DaemonSet controller: one pod on the simulated node, replaced when the template changes. */
import { objectAt, stringAt, type JsonObject } from '../json.js';
import { generatedName, shortHash } from '../objects/identity.js';
import { storedMeta } from '../verbs/common.js';
import { PODS, isPodReady, isTerminating, ownedBy, ownerKeyOf, podFromTemplate } from './pods.js';
import { keyOf, parseKey, type Controller, type ControllerRuntime } from './runtime.js';
import { NODE_NAME } from '../bootstrap.js';

const DAEMON_SETS = 'apps/daemonsets';
const HASH_LABEL = 'controller-revision-hash';

/** Creates the DaemonSet controller. */
export function daemonSetController(rt: ControllerRuntime): Controller {
  return {
    name: 'daemonset',
    watches: [DAEMON_SETS, PODS],
    keysFor(ev) {
      return ev.storageKey === PODS ? ownerKeyOf(ev.object, 'DaemonSet', DAEMON_SETS) : [keyOf(ev.storageKey, ev.object)];
    },
    reconcile(key) {
      const { namespace, name } = parseKey(key);
      const ds = rt.get(DAEMON_SETS, namespace, name);
      if (!ds || isTerminating(ds)) return;
      const hash = shortHash(JSON.stringify(objectAt(ds, 'spec')?.template ?? {}));
      const pods = ownedBy(rt, PODS, ds).filter((p) => !isTerminating(p));
      for (const p of pods) if (stringAt(objectAt(storedMeta(p), 'labels'), HASH_LABEL) !== hash) rt.delete(PODS, p);
      if (!pods.some((p) => stringAt(objectAt(storedMeta(p), 'labels'), HASH_LABEL) === hash)) {
        const pod = podFromTemplate(objectAt(objectAt(ds, 'spec'), 'template'), generatedName(`${name}-`), namespace, ds, { [HASH_LABEL]: hash, 'pod-template-generation': String(storedMeta(ds).generation ?? 1) });
        (pod.spec as JsonObject).nodeName = NODE_NAME;
        rt.create(PODS, pod);
      }
      const fresh = rt.get(DAEMON_SETS, namespace, name);
      if (!fresh) return;
      const live = ownedBy(rt, PODS, fresh).filter((p) => !isTerminating(p));
      const ready = live.filter(isPodReady).length;
      const updated = live.filter((p) => stringAt(objectAt(storedMeta(p), 'labels'), HASH_LABEL) === hash).length;
      const status: JsonObject = {
        currentNumberScheduled: live.length, desiredNumberScheduled: 1, numberMisscheduled: 0, numberReady: ready,
        observedGeneration: storedMeta(fresh).generation ?? 1, updatedNumberScheduled: updated, numberAvailable: ready,
      };
      if (ready < 1) status.numberUnavailable = 1 - ready;
      if (ready === 0) delete status.numberAvailable;
      if (updated === 0) delete status.updatedNumberScheduled;
      rt.updateStatus(DAEMON_SETS, fresh, status);
    },
  };
}
