/** Defaults of core and RBAC kinds other than pods (services, secrets, namespaces, volumes, bindings, ...). */
import { isJsonObject, type JsonObject } from '../../json.js';
import { child, items, setDefault } from './helpers.js';

/** Service: ClusterIP type, no session affinity, TCP ports targeting themselves, cluster traffic policies. */
export function defaultService(obj: JsonObject, old: JsonObject | undefined): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'type', 'ClusterIP');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'ClientIP') {
    setDefault(child(child(spec, 'sessionAffinityConfig'), 'clientIP'), 'timeoutSeconds', 10800);
  }
  for (const p of items(spec, 'ports')) {
    setDefault(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port ?? 0;
  }
  const type = spec.type;
  if (type !== 'ExternalName') setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (type === 'NodePort' || type === 'LoadBalancer') setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  if (old) keepAllocatedValues(spec, child(old, 'spec'));
}

/** On update, values the server allocated earlier stay when the new spec leaves them out. */
function keepAllocatedValues(spec: JsonObject, oldSpec: JsonObject): void {
  if (spec.type === 'ExternalName') return;
  if (spec.clusterIP === undefined || spec.clusterIP === '') {
    if (oldSpec.clusterIP !== undefined) spec.clusterIP = oldSpec.clusterIP;
    if (oldSpec.clusterIPs !== undefined && spec.clusterIPs === undefined) spec.clusterIPs = oldSpec.clusterIPs;
  }
  for (const k of ['ipFamilies', 'ipFamilyPolicy']) if (spec[k] === undefined && oldSpec[k] !== undefined) spec[k] = oldSpec[k];
  const oldPorts = items(oldSpec, 'ports');
  for (const p of items(spec, 'ports')) {
    if (p.nodePort !== undefined) continue;
    const match = oldPorts.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === p.protocol && o.nodePort !== undefined);
    if (match && (spec.type === 'NodePort' || spec.type === 'LoadBalancer')) p.nodePort = match.nodePort!;
  }
}

/** Secret: type Opaque; `stringData` folded into base64 `data` (and never stored). */
export function defaultSecret(obj: JsonObject): void {
  setDefault(obj, 'type', 'Opaque');
  const stringData = obj.stringData;
  if (isJsonObject(stringData)) {
    const data = child(obj, 'data');
    for (const [k, v] of Object.entries(stringData)) if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8').toString('base64');
  }
  delete obj.stringData;
}

/** Namespace: the `kubernetes.io/metadata.name` label (the finalizer is set on create, see lifecycle.ts). */
export function defaultNamespace(obj: JsonObject): void {
  const meta = child(obj, 'metadata');
  if (typeof meta.name === 'string') child(meta, 'labels')['kubernetes.io/metadata.name'] = meta.name;
}

/** PersistentVolumeClaim: filesystem volume mode. */
export function defaultPersistentVolumeClaim(obj: JsonObject): void {
  setDefault(child(obj, 'spec'), 'volumeMode', 'Filesystem');
}

/** PersistentVolume: retained on release, filesystem volume mode. */
export function defaultPersistentVolume(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setDefault(spec, 'volumeMode', 'Filesystem');
}

/** RoleBinding and ClusterRoleBinding: subjects' apiGroup by kind. */
export function defaultBinding(obj: JsonObject): void {
  for (const s of items(obj, 'subjects')) {
    if (s.kind === 'ServiceAccount') setDefault(s, 'apiGroup', '');
    else if (s.kind === 'User' || s.kind === 'Group') setDefault(s, 'apiGroup', 'rbac.authorization.k8s.io');
  }
}

/** NetworkPolicy: TCP ports, policy types from the rules present. */
export function defaultNetworkPolicy(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  for (const dir of ['ingress', 'egress']) for (const rule of items(spec, dir)) for (const p of items(rule, 'ports')) setDefault(p, 'protocol', 'TCP');
  if (spec.policyTypes === undefined) spec.policyTypes = spec.egress !== undefined ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** HorizontalPodAutoscaler: at least one replica. */
export function defaultHorizontalPodAutoscaler(obj: JsonObject): void {
  setDefault(child(obj, 'spec'), 'minReplicas', 1);
}

/** CustomResourceDefinition: singular and list kind from the kind, no conversion webhook. */
export function defaultCustomResourceDefinition(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  const names = child(spec, 'names');
  if (typeof names.kind === 'string') {
    setDefault(names, 'singular', names.kind.toLowerCase());
    setDefault(names, 'listKind', `${names.kind}List`);
  }
  setDefault(child(spec, 'conversion'), 'strategy', 'None');
}
