/**
 * The objects a fresh cluster starts with: the system namespaces, the RBAC roles kubectl users expect
 * (cluster-admin, admin, edit, view and the discovery roles every authenticated user has), one Ready node and the
 * `kubernetes` Service. Created through the normal write path, once; a restored state keeps its own.
 */
import { defaultWriteOptions, type ApiCore } from './api/context.js';
import type { JsonObject } from './json.js';
import { createObject } from './verbs/write.js';

const RBAC = 'rbac.authorization.k8s.io/v1';

const WORKLOADS = [
  { apiGroups: [''], resources: ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'replicationcontrollers', 'replicationcontrollers/scale', 'persistentvolumeclaims', 'configmaps', 'endpoints', 'services', 'services/proxy', 'serviceaccounts', 'secrets'] },
  { apiGroups: ['apps'], resources: ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale'] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'] },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'] },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'] },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'] },
];

const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];
const READ = ['get', 'list', 'watch'];

function viewRules(): JsonObject[] {
  const readable = WORKLOADS.map((r) => ({ ...r, resources: r.resources.filter((x) => x !== 'secrets' && !x.includes('/')) }));
  return [
    ...readable.map((r) => ({ ...r, verbs: READ })),
    { apiGroups: [''], resources: ['pods/log', 'pods/status', 'namespaces', 'namespaces/status', 'events', 'limitranges', 'resourcequotas', 'bindings', 'replicationcontrollers/status'], verbs: READ },
    { apiGroups: ['apps'], resources: ['deployments/status', 'daemonsets/status', 'replicasets/status', 'statefulsets/status', 'controllerrevisions'], verbs: READ },
    { apiGroups: ['batch'], resources: ['jobs/status', 'cronjobs/status'], verbs: READ },
  ];
}

function editRules(): JsonObject[] {
  return [...viewRules(), ...WORKLOADS.map((r) => ({ ...r, verbs: WRITE })), { apiGroups: [''], resources: ['secrets'], verbs: READ }, { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['impersonate'] }];
}

function adminRules(): JsonObject[] {
  return [
    ...editRules(),
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: [...READ, ...WRITE] },
    { apiGroups: ['authorization.k8s.io'], resources: ['localsubjectaccessreviews'], verbs: ['create'] },
  ];
}

function clusterRole(name: string, rules: JsonObject[]): JsonObject {
  return { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } }, rules };
}

function clusterRoleBinding(name: string, role: string, groups: string[]): JsonObject {
  return {
    apiVersion: RBAC,
    kind: 'ClusterRoleBinding',
    metadata: { name, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: groups.map((g) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: g })),
  };
}

const DISCOVERY_URLS = ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'];

/** The node pods are "scheduled" to. */
export const NODE_NAME = 'kube-sim-node';

function node(): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: NODE_NAME, labels: { 'kubernetes.io/hostname': NODE_NAME, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'node-role.kubernetes.io/control-plane': '' } },
    spec: {},
  };
}

function bootstrapObjects(): { resource: string; group: string; namespace: string; object: JsonObject }[] {
  const ns = (name: string) => ({ resource: 'namespaces', group: '', namespace: '', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
  const cr = (o: JsonObject) => ({ resource: 'clusterroles', group: 'rbac.authorization.k8s.io', namespace: '', object: o });
  const crb = (o: JsonObject) => ({ resource: 'clusterrolebindings', group: 'rbac.authorization.k8s.io', namespace: '', object: o });
  return [
    ns('default'), ns('kube-system'), ns('kube-public'), ns('kube-node-lease'),
    cr(clusterRole('cluster-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }])),
    cr(clusterRole('admin', adminRules())),
    cr(clusterRole('edit', editRules())),
    cr(clusterRole('view', viewRules())),
    cr(clusterRole('system:discovery', [{ nonResourceURLs: DISCOVERY_URLS, verbs: ['get'] }])),
    cr(clusterRole('system:public-info-viewer', [{ nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'], verbs: ['get'] }])),
    cr(clusterRole('system:basic-user', [{ apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], verbs: ['create'] }, { apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], verbs: ['create'] }])),
    crb(clusterRoleBinding('cluster-admin', 'cluster-admin', ['system:masters'])),
    crb(clusterRoleBinding('system:discovery', 'system:discovery', ['system:authenticated'])),
    crb(clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', ['system:authenticated', 'system:unauthenticated'])),
    crb(clusterRoleBinding('system:basic-user', 'system:basic-user', ['system:authenticated'])),
    { resource: 'nodes', group: '', namespace: '', object: node() },
    {
      resource: 'services', group: '', namespace: 'default',
      object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } }, spec: { ports: [{ name: 'https', port: 443, targetPort: 6443 }] } },
    },
  ];
}

/** Creates whatever of the bootstrap objects is missing. */
export function bootstrap(core: ApiCore): void {
  const opts = { ...defaultWriteOptions(), fieldManager: 'kube-apiserver' };
  for (const { resource, group, namespace, object } of bootstrapObjects()) {
    const def = core.registry.find(group, 'v1', resource)!;
    const name = String((object.metadata as JsonObject).name);
    if (core.store.get(def.storageKey, namespace, name)) continue;
    createObject(core, def, namespace, { ...object, metadata: { ...(object.metadata as JsonObject), ...(namespace ? { namespace } : {}) } }, opts, { applied: false, subresource: '', warnings: [] });
  }
}
