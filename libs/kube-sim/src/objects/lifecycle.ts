/**
 * What the real server's strategies do to an object on create beyond defaulting: reset the status to its initial
 * value, generate Job selectors, allocate Service cluster IPs and node ports.
 */
import { FieldErrorType, fieldError, invalid, type FieldError } from '../api/status.js';
import { arrayAt, isJsonObject, objectAt, type JsonObject } from '../json.js';
import { hasSubresource, type ResourceDef } from '../registry/resource.js';
import type { Store } from '../storage/store.js';
import { generateJobSelector, qosClass } from './defaults/index.js';
import { goStringSlice, goValue } from './validate/go-format.js';

const INITIAL_STATUS: Readonly<Record<string, (obj: JsonObject) => JsonObject>> = {
  '/Namespace': () => ({ phase: 'Active' }),
  '/Pod': (obj) => ({ phase: 'Pending', qosClass: qosClass(objectAt(obj, 'spec') ?? {}) }),
  '/PersistentVolumeClaim': () => ({ phase: 'Pending' }),
  '/PersistentVolume': () => ({ phase: 'Pending' }),
  '/Service': () => ({ loadBalancer: {} }),
};

/** Replaces the status a client sent on create with the kind's initial status (status is the server's). */
export function resetStatusOnCreate(def: ResourceDef, obj: JsonObject): void {
  const initial = INITIAL_STATUS[`${def.group}/${def.kind}`];
  if (initial) obj.status = initial(obj);
  else if (!hasSubresource(def, 'status')) return;
  else if (def.custom) delete obj.status;
  else obj.status = {};
}

const SERVICE_CIDR_BASE = (10 << 24) | (96 << 16);
const SERVICE_CIDR_SIZE = 1 << 16;
const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;

function ipString(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

function usedClusterIPs(store: Store): Set<string> {
  const used = new Set<string>();
  for (const svc of store.list('/services')) for (const ip of arrayAt(objectAt(svc, 'spec'), 'clusterIPs')) if (typeof ip === 'string') used.add(ip);
  return used;
}

function usedNodePorts(store: Store): Set<number> {
  const used = new Set<number>();
  for (const svc of store.list('/services')) for (const p of arrayAt(objectAt(svc, 'spec'), 'ports')) if (isJsonObject(p) && typeof p.nodePort === 'number') used.add(p.nodePort);
  return used;
}

function pickFree<T>(candidate: () => T, used: Set<T>): T {
  for (let i = 0; i < 1000; i++) {
    const c = candidate();
    if (!used.has(c)) return c;
  }
  throw new Error('address range exhausted');
}

function allocateClusterIP(spec: JsonObject, store: Store, name: string): FieldError[] {
  if (spec.type === 'ExternalName') return [];
  const requested = typeof spec.clusterIP === 'string' && spec.clusterIP !== '' ? spec.clusterIP : undefined;
  let ip: string;
  if (requested === 'None') ip = 'None';
  else if (requested) {
    if (usedClusterIPs(store).has(requested)) {
      return [fieldError(FieldErrorType.Invalid, 'spec.clusterIPs', goValue(goStringSlice([requested])), `failed to allocate IP ${requested}: provided IP is already allocated`)];
    }
    ip = requested;
  } else if (name === 'kubernetes') ip = ipString(SERVICE_CIDR_BASE + 1);
  else ip = pickFree(() => ipString(SERVICE_CIDR_BASE + 2 + Math.floor(Math.random() * (SERVICE_CIDR_SIZE - 3))), usedClusterIPs(store));
  spec.clusterIP = ip;
  spec.clusterIPs = [ip];
  if (spec.ipFamilies === undefined) spec.ipFamilies = ['IPv4'];
  if (spec.ipFamilyPolicy === undefined) spec.ipFamilyPolicy = 'SingleStack';
  return [];
}

function allocateNodePorts(spec: JsonObject, store: Store): void {
  if (spec.type !== 'NodePort' && !(spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false)) return;
  const used = usedNodePorts(store);
  for (const p of arrayAt(spec, 'ports')) {
    if (!isJsonObject(p) || typeof p.nodePort === 'number') continue;
    const port = pickFree(() => NODE_PORT_MIN + Math.floor(Math.random() * (NODE_PORT_MAX - NODE_PORT_MIN + 1)), used);
    used.add(port);
    p.nodePort = port;
  }
}

/**
 * Kind-specific create steps that need the object's uid or the store (Job selectors, Service addresses).
 * Throws a 422 when a requested address is taken.
 */
export function prepareCreate(def: ResourceDef, obj: JsonObject, store: Store): void {
  const meta = objectAt(obj, 'metadata') ?? {};
  const kindKey = `${def.group}/${def.kind}`;
  if (kindKey === 'batch/Job') generateJobSelector(obj, String(meta.uid), String(meta.name));
  if (kindKey === '/Namespace') (obj.spec = isJsonObject(obj.spec) ? obj.spec : {}).finalizers = ['kubernetes'];
  if (kindKey === '/Service') {
    const spec = objectAt(obj, 'spec') ?? {};
    const errs = allocateClusterIP(spec, store, String(meta.name));
    if (errs.length > 0) throw invalid({ group: '', kind: 'Service' }, String(meta.name), errs);
    allocateNodePorts(spec, store);
  }
}

/**
 * Kind-specific update steps: a Namespace's finalizers change only through `finalize`; a Service's new ports get
 * node ports (type changed to NodePort, ports added).
 */
export function prepareUpdate(def: ResourceDef, obj: JsonObject, old: JsonObject, store: Store): void {
  if (def.group === '' && def.kind === 'Namespace') {
    const spec = (obj.spec = isJsonObject(obj.spec) ? obj.spec : {});
    const oldFinalizers = objectAt(old, 'spec')?.finalizers;
    if (oldFinalizers === undefined) delete spec.finalizers;
    else spec.finalizers = oldFinalizers;
    return;
  }
  if (def.group !== '' || def.kind !== 'Service') return;
  const spec = objectAt(obj, 'spec') ?? {};
  if (spec.type !== 'ExternalName' && (spec.clusterIP === undefined || spec.clusterIP === '')) {
    const errs = allocateClusterIP(spec, store, String(objectAt(obj, 'metadata')?.name));
    if (errs.length > 0) throw invalid({ group: '', kind: 'Service' }, String(objectAt(obj, 'metadata')?.name), errs);
  }
  allocateNodePorts(spec, store);
}
