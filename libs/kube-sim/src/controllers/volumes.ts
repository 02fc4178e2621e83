/**
 * Storage and load balancers: a PersistentVolumeClaim is bound to a freshly provisioned PersistentVolume after the
 * ready delay; a LoadBalancer Service gets an ingress address. Both stay pending with `kube-sim.sluice.dev/fail:
 * pending`.
 */
import { arrayAt, deepClone, objectAt, stringAt, type JsonObject } from '../json.js';
import { storedMeta } from '../verbs/common.js';
import { isTerminating } from './pods.js';
import { parseKey, type Controller, type ControllerRuntime } from './runtime.js';
import { FailureMode, simSettings } from './simulation.js';

const PVCS = '/persistentvolumeclaims';
const PVS = '/persistentvolumes';
const SERVICES = '/services';

function waitOrRun(rt: ControllerRuntime, self: Controller, key: string, obj: JsonObject): boolean {
  const s = simSettings(rt, obj);
  if (s.fail === FailureMode.Pending) return false;
  const due = rt.createdAt(obj) + s.readyDelayMs - rt.core.now().getTime();
  if (due > 0) {
    rt.requeueAfter(self, key, due + 1);
    return false;
  }
  return true;
}

function provision(rt: ControllerRuntime, pvc: JsonObject): string {
  const meta = storedMeta(pvc);
  const spec = objectAt(pvc, 'spec') ?? {};
  const volume = `pvc-${String(meta.uid)}`;
  if (!rt.get(PVS, '', volume)) {
    rt.create(PVS, {
      apiVersion: 'v1', kind: 'PersistentVolume',
      metadata: { name: volume, annotations: { 'pv.kubernetes.io/provisioned-by': 'kube-sim' } },
      spec: {
        capacity: { storage: objectAt(objectAt(spec, 'resources'), 'requests')?.storage ?? '1Gi' },
        accessModes: deepClone(arrayAt(spec, 'accessModes')), persistentVolumeReclaimPolicy: 'Delete',
        storageClassName: stringAt(spec, 'storageClassName') ?? 'standard', hostPath: { path: `/var/kube-sim/${volume}`, type: '' },
        claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: String(meta.namespace), name: String(meta.name), uid: String(meta.uid) },
      },
    });
  }
  const pv = rt.get(PVS, '', volume);
  if (pv && objectAt(pv, 'status')?.phase !== 'Bound') rt.updateStatus(PVS, pv, { phase: 'Bound' });
  return volume;
}

/** Creates the claim binder. */
export function persistentVolumeController(rt: ControllerRuntime): Controller {
  const self: Controller = {
    name: 'persistentvolume-binder',
    watches: [PVCS],
    reconcile(key) {
      const { namespace, name } = parseKey(key);
      const pvc = rt.get(PVCS, namespace, name);
      if (!pvc || isTerminating(pvc) || objectAt(pvc, 'status')?.phase === 'Bound' || !waitOrRun(rt, self, key, pvc)) return;
      const volume = provision(rt, pvc);
      if (objectAt(pvc, 'spec')?.volumeName !== volume) {
        const next = deepClone(pvc);
        (next.spec as JsonObject).volumeName = volume;
        const meta = next.metadata as JsonObject;
        meta.annotations = { ...(objectAt(meta, 'annotations') ?? {}), 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' };
        rt.update(PVCS, pvc, next);
      }
      const fresh = rt.get(PVCS, namespace, name);
      if (!fresh) return;
      const spec = objectAt(fresh, 'spec') ?? {};
      rt.updateStatus(PVCS, fresh, { phase: 'Bound', accessModes: deepClone(arrayAt(spec, 'accessModes')), capacity: { storage: objectAt(objectAt(spec, 'resources'), 'requests')?.storage ?? '1Gi' } });
    },
  };
  return self;
}

/** Creates the load-balancer controller. */
export function loadBalancerController(rt: ControllerRuntime): Controller {
  let next = 1;
  const self: Controller = {
    name: 'service-lb',
    watches: [SERVICES],
    reconcile(key) {
      const { namespace, name } = parseKey(key);
      const svc = rt.get(SERVICES, namespace, name);
      if (!svc || objectAt(svc, 'spec')?.type !== 'LoadBalancer') return;
      if (arrayAt(objectAt(objectAt(svc, 'status'), 'loadBalancer'), 'ingress').length > 0 || !waitOrRun(rt, self, key, svc)) return;
      const ip = `172.18.255.${(next++ % 250) + 1}`;
      rt.updateStatus(SERVICES, svc, { loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } });
    },
  };
  return self;
}

