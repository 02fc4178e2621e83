/**
 * The columns and cells the real server's printers (pkg/printers/internalversion) produce for common built-in
 * kinds, so `kubectl get` reads as on a real cluster. Kinds without a printer get the default Name/Created At.
 */
import { formatLabelSelector, labelSelectorFromObject } from '../api/selectors.js';
import { arrayAt, isJsonObject, numberAt, objectAt, stringAt, type JsonObject, type JsonValue } from '../json.js';
import { ageOf } from './duration.js';

/** A Table column definition. */
export interface Column {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly priority: number;
  readonly description: string;
}

/** Columns (after Name) and the cells (after the name) of one kind. */
export interface Printer {
  readonly columns: readonly Column[];
  readonly cells: (obj: JsonObject, now: Date) => JsonValue[];
}

function col(name: string, type: string, description: string, priority = 0, format = ''): Column {
  return { name, type, format, priority, description };
}

/** The Name column every table starts with. */
export const NAME_COLUMN = col('Name', 'string', 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names', 0, 'name');
const AGE = col('Age', 'string', 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.');
const CONTAINERS = col('Containers', 'string', 'Names of each container in the template.', 1);
const IMAGES = col('Images', 'string', 'Images referenced by each container in the template.', 1);
const SELECTOR = col('Selector', 'string', 'Selector is a label query over pods that should match the replica count.', 1);

function spec(o: JsonObject): JsonObject {
  return objectAt(o, 'spec') ?? {};
}
function status(o: JsonObject): JsonObject {
  return objectAt(o, 'status') ?? {};
}
function meta(o: JsonObject): JsonObject {
  return objectAt(o, 'metadata') ?? {};
}
function age(o: JsonObject, now: Date): string {
  return ageOf(meta(o).creationTimestamp, now);
}
function orNone(s: string | undefined): string {
  return s === undefined || s === '' ? '<none>' : s;
}
function templateContainers(template: JsonObject | undefined): JsonObject[] {
  return arrayAt(objectAt(template, 'spec'), 'containers').filter(isJsonObject);
}
function names(cs: JsonObject[]): string {
  return cs.map((c) => String(c.name ?? '')).join(',');
}
function images(cs: JsonObject[]): string {
  return cs.map((c) => String(c.image ?? '')).join(',');
}
function selectorString(sel: unknown): string {
  const reqs = labelSelectorFromObject(sel);
  return reqs && reqs.length > 0 ? formatLabelSelector(reqs) : '<none>';
}
function int(o: JsonObject, key: string): number {
  return numberAt(o, key) ?? 0;
}
function mapString(m: JsonObject | undefined): string {
  const entries = Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${String(v)}`);
  return entries.length > 0 ? entries.join(',') : '<none>';
}

function workload(extra: (o: JsonObject, now: Date) => JsonValue[], columns: Column[]): Printer {
  return {
    columns: [...columns, AGE, CONTAINERS, IMAGES, SELECTOR],
    cells: (o, now) => {
      const cs = templateContainers(objectAt(spec(o), 'template'));
      return [...extra(o, now), age(o, now), names(cs), images(cs), selectorString(spec(o).selector)];
    },
  };
}

function podStatusReason(o: JsonObject): { reason: string; ready: number; total: number; restarts: number } {
  const st = status(o);
  let reason = stringAt(st, 'reason') ?? stringAt(st, 'phase') ?? 'Unknown';
  const statuses = arrayAt(st, 'containerStatuses').filter(isJsonObject);
  let ready = 0;
  let restarts = 0;
  for (const cs of [...statuses].reverse()) {
    restarts += int(cs, 'restartCount');
    const state = objectAt(cs, 'state');
    const waiting = stringAt(objectAt(state, 'waiting'), 'reason');
    const terminated = objectAt(state, 'terminated');
    if (waiting) reason = waiting;
    else if (terminated) reason = stringAt(terminated, 'reason') ?? `ExitCode:${int(terminated, 'exitCode')}`;
    if (cs.ready === true) ready++;
  }
  if (meta(o).deletionTimestamp !== undefined) reason = 'Terminating';
  return { reason, ready, total: arrayAt(spec(o), 'containers').length, restarts };
}

const POD: Printer = {
  columns: [
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE,
    col('IP', 'string', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
    col('Node', 'string', 'NodeName is a request to schedule this pod onto a specific node.', 1),
    col('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
    col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  cells: (o, now) => {
    const s = podStatusReason(o);
    return [`${s.ready}/${s.total}`, s.reason, String(s.restarts), age(o, now), orNone(stringAt(status(o), 'podIP')), orNone(stringAt(spec(o), 'nodeName')), orNone(stringAt(status(o), 'nominatedNodeName')), '<none>'];
  },
};

const DEPLOYMENT = workload((o) => [`${int(status(o), 'readyReplicas')}/${int(spec(o), 'replicas')}`, int(status(o), 'updatedReplicas'), int(status(o), 'availableReplicas')], [
  col('Ready', 'string', 'Number of the pod with ready state'),
  col('Up-to-date', 'integer', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
  col('Available', 'integer', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
]);

const REPLICA_SET = workload((o) => [int(spec(o), 'replicas'), int(status(o), 'replicas'), int(status(o), 'readyReplicas')], [
  col('Desired', 'integer', 'Replicas is the number of desired replicas.'),
  col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
  col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
]);

const STATEFUL_SET: Printer = {
  columns: [col('Ready', 'string', 'Number of the pod with ready state'), AGE, CONTAINERS, IMAGES],
  cells: (o, now) => {
    const cs = templateContainers(objectAt(spec(o), 'template'));
    return [`${int(status(o), 'readyReplicas')}/${int(spec(o), 'replicas')}`, age(o, now), names(cs), images(cs)];
  },
};

const DAEMON_SET = workload((o) => {
  const st = status(o);
  return [int(st, 'desiredNumberScheduled'), int(st, 'currentNumberScheduled'), int(st, 'numberReady'), int(st, 'updatedNumberScheduled'), int(st, 'numberAvailable'),
    mapString(objectAt(objectAt(objectAt(spec(o), 'template'), 'spec'), 'nodeSelector'))];
}, [
  col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
  col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
  col('Ready', 'integer', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
  col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
  col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
  col('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
]);

function conditionTrue(o: JsonObject, type: string): boolean {
  return arrayAt(status(o), 'conditions').some((c) => isJsonObject(c) && c.type === type && c.status === 'True');
}

function jobStatus(o: JsonObject): string {
  if (meta(o).deletionTimestamp !== undefined) return 'Terminating';
  for (const t of ['Complete', 'Failed', 'FailureTarget', 'SuccessCriteriaMet', 'Suspended']) if (conditionTrue(o, t)) return t;
  return 'Running';
}

function jobDuration(o: JsonObject, now: Date): string {
  const start = stringAt(status(o), 'startTime');
  if (!start) return '';
  const end = stringAt(status(o), 'completionTime');
  return ageOf(start, end ? new Date(end) : now);
}

const JOB = workload((o, now) => {
  const completions = numberAt(spec(o), 'completions');
  const done = completions === undefined ? `${int(status(o), 'succeeded')}/1 of ${int(spec(o), 'parallelism')}` : `${int(status(o), 'succeeded')}/${completions}`;
  return [jobStatus(o), done, jobDuration(o, now)];
}, [
  col('Status', 'string', 'Status of the job.'),
  col('Completions', 'string', 'The desired number of successfully finished pods the job should be run with.'),
  col('Duration', 'string', 'Time required to complete the job.'),
]);

const CRON_JOB: Printer = {
  columns: [
    col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    col('Timezone', 'string', 'The time zone name for the given schedule.'),
    col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions.'),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    AGE, CONTAINERS, IMAGES, SELECTOR,
  ],
  cells: (o, now) => {
    const cs = templateContainers(objectAt(objectAt(objectAt(spec(o), 'jobTemplate'), 'spec'), 'template'));
    const last = stringAt(status(o), 'lastScheduleTime');
    return [String(spec(o).schedule ?? ''), orNone(stringAt(spec(o), 'timeZone')), spec(o).suspend === true, arrayAt(status(o), 'active').length,
      last ? ageOf(last, now) : '<none>', age(o, now), names(cs), images(cs), '<none>'];
  },
};

function servicePorts(o: JsonObject): string {
  const ports = arrayAt(spec(o), 'ports').filter(isJsonObject).map((p) => `${String(p.port)}${p.nodePort !== undefined ? `:${String(p.nodePort)}` : ''}/${String(p.protocol ?? 'TCP')}`);
  return ports.length > 0 ? ports.join(',') : '<none>';
}

function externalIP(o: JsonObject): string {
  const s = spec(o);
  if (s.type === 'ExternalName') return String(s.externalName ?? '<none>');
  const external = arrayAt(s, 'externalIPs').map(String);
  if (s.type === 'LoadBalancer') {
    const ingress = arrayAt(objectAt(status(o), 'loadBalancer'), 'ingress').filter(isJsonObject).map((i) => String(i.ip ?? i.hostname ?? ''));
    const all = [...ingress, ...external];
    return all.length > 0 ? all.join(',') : '<pending>';
  }
  return external.length > 0 ? external.join(',') : '<none>';
}

const SERVICE: Printer = {
  columns: [
    col('Type', 'string', 'type determines how the Service is exposed.'),
    col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE,
    col('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
  ],
  cells: (o, now) => [String(spec(o).type ?? 'ClusterIP'), orNone(stringAt(spec(o), 'clusterIP')), externalIP(o), servicePorts(o), age(o, now), mapString(objectAt(spec(o), 'selector'))],
};

function countKeys(...maps: (JsonObject | undefined)[]): number {
  return maps.reduce((n, m) => n + Object.keys(m ?? {}).length, 0);
}

const CONFIG_MAP: Printer = {
  columns: [col('Data', 'integer', 'Data contains the configuration data.'), AGE],
  cells: (o, now) => [countKeys(objectAt(o, 'data'), objectAt(o, 'binaryData')), age(o, now)],
};

const SECRET: Printer = {
  columns: [col('Type', 'string', 'The type of the secret'), col('Data', 'integer', 'The number of entries in the data map'), AGE],
  cells: (o, now) => [String(o.type ?? 'Opaque'), countKeys(objectAt(o, 'data')), age(o, now)],
};

const NAMESPACE: Printer = {
  columns: [col('Status', 'string', 'The status of the namespace'), AGE],
  cells: (o, now) => [String(status(o).phase ?? ''), age(o, now)],
};

const SERVICE_ACCOUNT: Printer = {
  columns: [col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE],
  cells: (o, now) => [String(arrayAt(o, 'secrets').length), age(o, now)],
};

function nodeRoles(o: JsonObject): string {
  const roles = Object.keys(objectAt(meta(o), 'labels') ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length)).sort();
  return roles.length > 0 ? roles.join(',') : '<none>';
}

function nodeAddress(o: JsonObject, type: string): string {
  const a = arrayAt(status(o), 'addresses').find((x) => isJsonObject(x) && x.type === type);
  return isJsonObject(a) ? String(a.address ?? '<none>') : '<none>';
}

const NODE: Printer = {
  columns: [
    col('Status', 'string', 'The status of the node'), col('Roles', 'string', 'The roles of the node'), AGE,
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'string', 'List of addresses reachable to the node.', 1), col('External-IP', 'string', 'List of addresses reachable to the node.', 1),
    col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    col('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    col('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  cells: (o, now) => {
    const info = objectAt(status(o), 'nodeInfo') ?? {};
    return [conditionTrue(o, 'Ready') ? 'Ready' : 'NotReady', nodeRoles(o), age(o, now), String(info.kubeletVersion ?? ''), nodeAddress(o, 'InternalIP'),
      nodeAddress(o, 'ExternalIP'), String(info.osImage ?? ''), String(info.kernelVersion ?? ''), String(info.containerRuntimeVersion ?? '')];
  },
};

const ACCESS_MODES: Readonly<Record<string, string>> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

function accessModes(modes: JsonValue[]): string {
  return modes.map((m) => ACCESS_MODES[String(m)] ?? String(m)).join(',');
}

const PVC: Printer = {
  columns: [
    col('Status', 'string', 'Phase represents the current phase of PersistentVolumeClaim.'), col('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'), col('Access Modes', 'string', 'accessModes contains the desired access modes the volume should have.'),
    col('StorageClass', 'string', 'storageClassName is the name of the StorageClass required by the claim.'), col('VolumeAttributesClass', 'string', 'volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.'),
    AGE, col('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', 1),
  ],
  cells: (o, now) => [String(status(o).phase ?? ''), String(spec(o).volumeName ?? ''), String(objectAt(status(o), 'capacity')?.storage ?? ''),
    accessModes(arrayAt(status(o), 'accessModes')), String(spec(o).storageClassName ?? ''), '<unset>', age(o, now), String(spec(o).volumeMode ?? 'Filesystem')],
};

const PV: Printer = {
  columns: [
    col('Capacity', 'string', 'capacity is the description of the persistent volume\'s resources and capacity.'), col('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
    col('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'), col('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    col('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'), col('StorageClass', 'string', 'storageClassName is the name of StorageClass to which this persistent volume belongs.'),
    col('VolumeAttributesClass', 'string', 'Name of VolumeAttributesClass to which this persistent volume belongs.'), col('Reason', 'string', 'reason is a brief CamelCase string that describes any failure.'),
    AGE, col('VolumeMode', 'string', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', 1),
  ],
  cells: (o, now) => {
    const ref = objectAt(spec(o), 'claimRef');
    return [String(objectAt(spec(o), 'capacity')?.storage ?? ''), accessModes(arrayAt(spec(o), 'accessModes')), String(spec(o).persistentVolumeReclaimPolicy ?? ''),
      String(status(o).phase ?? ''), ref ? `${String(ref.namespace ?? '')}/${String(ref.name ?? '')}` : '', String(spec(o).storageClassName ?? ''), '<unset>',
      String(status(o).reason ?? ''), age(o, now), String(spec(o).volumeMode ?? 'Filesystem')];
  },
};

const EVENT: Printer = {
  columns: [
    col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'), col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    col('Reason', 'string', 'This should be a short, machine understandable string that gives the reason for this event being generated.'),
    col('Object', 'string', 'The object that this event is about.'), col('Subobject', 'string', 'The subobject that this event is about.', 1),
    col('Source', 'string', 'The component reporting this event.', 1), col('Message', 'string', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'string', 'The time at which the event was first recorded.', 1), col('Count', 'string', 'The number of times this event has occurred.', 1),
    col('Name', 'string', 'Name of the event.', 1, 'name'),
  ],
  cells: (o, now) => {
    const inv = objectAt(o, 'involvedObject') ?? {};
    const last = o.lastTimestamp ?? o.eventTime ?? meta(o).creationTimestamp;
    return [ageOf(last, now), String(o.type ?? ''), String(o.reason ?? ''), `${String(inv.kind ?? '').toLowerCase()}/${String(inv.name ?? '')}`,
      String(inv.fieldPath ?? ''), String(objectAt(o, 'source')?.component ?? ''), String(o.message ?? ''), ageOf(o.firstTimestamp ?? last, now), String(o.count ?? 1), String(meta(o).name ?? '')];
  },
};

const BINDING: Printer = {
  columns: [
    col('Role', 'string', 'RoleRef references a role.'), AGE,
    col('Users', 'string', 'Users in the binding', 1), col('Groups', 'string', 'Groups in the binding', 1), col('ServiceAccounts', 'string', 'ServiceAccounts in the binding', 1),
  ],
  cells: (o, now) => {
    const subjects = arrayAt(o, 'subjects').filter(isJsonObject);
    const of = (kind: string): string => subjects.filter((s) => s.kind === kind).map((s) => (kind === 'ServiceAccount' ? `${String(s.namespace ?? '')}:${String(s.name)}` : String(s.name))).join(', ');
    const ref = objectAt(o, 'roleRef') ?? {};
    return [`${String(ref.kind ?? '')}/${String(ref.name ?? '')}`, age(o, now), of('User'), of('Group'), of('ServiceAccount')];
  },
};

const CREATED_AT = col('Created At', 'date', 'CreationTimestamp is a timestamp representing the server time when this object was created.');

/** The generic table of kinds without a printer: Name and the creation time. */
export const DEFAULT_PRINTER: Printer = { columns: [CREATED_AT], cells: (o) => [String(meta(o).creationTimestamp ?? '')] };

const INGRESS: Printer = {
  columns: [col('Class', 'string', 'The name of the IngressClass cluster resource.'), col('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'), col('Ports', 'string', 'Ports of TLS configurations that open'), AGE],
  cells: (o, now) => {
    const hosts = arrayAt(spec(o), 'rules').filter(isJsonObject).map((r) => String(r.host ?? '*'));
    const address = arrayAt(objectAt(status(o), 'loadBalancer'), 'ingress').filter(isJsonObject).map((i) => String(i.ip ?? i.hostname ?? '')).join(',');
    return [orNone(stringAt(spec(o), 'ingressClassName')), hosts.length > 0 ? hosts.join(',') : '*', address, arrayAt(spec(o), 'tls').length > 0 ? '80, 443' : '80', age(o, now)];
  },
};

const HPA: Printer = {
  columns: [col('Reference', 'string', 'reference to scaled resource'), col('Targets', 'string', 'metrics targets'), col('MinPods', 'string', 'minReplicas'),
    col('MaxPods', 'integer', 'maxReplicas'), col('Replicas', 'integer', 'current replicas'), AGE],
  cells: (o, now) => {
    const ref = objectAt(spec(o), 'scaleTargetRef') ?? {};
    return [`${String(ref.kind ?? '')}/${String(ref.name ?? '')}`, '<unknown>', String(spec(o).minReplicas ?? 1), int(spec(o), 'maxReplicas'), int(status(o), 'currentReplicas'), age(o, now)];
  },
};

const STORAGE_CLASS: Printer = {
  columns: [col('Provisioner', 'string', 'Indicates the type of the provisioner.'), col('ReclaimPolicy', 'string', 'Dynamically provisioned PersistentVolumes of this storage class are created with this reclaimPolicy.'),
    col('VolumeBindingMode', 'string', 'VolumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'), col('AllowVolumeExpansion', 'string', 'AllowVolumeExpansion shows whether the storage class allow volume expand.'), AGE],
  cells: (o, now) => [String(o.provisioner ?? ''), String(o.reclaimPolicy ?? 'Delete'), String(o.volumeBindingMode ?? 'Immediate'), String(o.allowVolumeExpansion === true), age(o, now)],
};

const ENDPOINTS: Printer = {
  columns: [col('Endpoints', 'string', 'Endpoints is the list of endpoints.'), AGE],
  cells: (o, now) => {
    const eps = arrayAt(o, 'subsets').filter(isJsonObject).flatMap((s) => arrayAt(s, 'addresses').filter(isJsonObject).flatMap((a) => arrayAt(s, 'ports').filter(isJsonObject).map((p) => `${String(a.ip)}:${String(p.port)}`)));
    return [eps.length > 0 ? eps.join(',') : '<none>', age(o, now)];
  },
};

const LEASE: Printer = {
  columns: [col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), AGE],
  cells: (o, now) => [String(spec(o).holderIdentity ?? ''), age(o, now)],
};

const PDB: Printer = {
  columns: [col('Min Available', 'string', 'The minimum number of pods that must be available simultaneously.'), col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable simultaneously.'),
    col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'), AGE],
  cells: (o, now) => [String(spec(o).minAvailable ?? 'N/A'), String(spec(o).maxUnavailable ?? 'N/A'), int(status(o), 'disruptionsAllowed'), age(o, now)],
};

const PRINTERS: Readonly<Record<string, Printer>> = {
  '/Pod': POD, 'apps/Deployment': DEPLOYMENT, 'apps/ReplicaSet': REPLICA_SET, '/ReplicationController': REPLICA_SET, 'apps/StatefulSet': STATEFUL_SET,
  'apps/DaemonSet': DAEMON_SET, 'batch/Job': JOB, 'batch/CronJob': CRON_JOB, '/Service': SERVICE, '/ConfigMap': CONFIG_MAP, '/Secret': SECRET,
  '/Namespace': NAMESPACE, '/ServiceAccount': SERVICE_ACCOUNT, '/Node': NODE, '/PersistentVolumeClaim': PVC, '/PersistentVolume': PV, '/Event': EVENT,
  'rbac.authorization.k8s.io/RoleBinding': BINDING, 'rbac.authorization.k8s.io/ClusterRoleBinding': BINDING, 'networking.k8s.io/Ingress': INGRESS,
  'autoscaling/HorizontalPodAutoscaler': HPA, 'storage.k8s.io/StorageClass': STORAGE_CLASS, '/Endpoints': ENDPOINTS, 'coordination.k8s.io/Lease': LEASE,
  'policy/PodDisruptionBudget': PDB,
};

/** The printer of a built-in kind (`<group>/<Kind>`), or the default one. */
export function builtinPrinter(group: string, kind: string): Printer {
  return PRINTERS[`${group}/${kind}`] ?? DEFAULT_PRINTER;
}
