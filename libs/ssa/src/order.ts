/**
 * The order Flux applies objects in (fluxcd/pkg/ssa): cluster definitions first (CRDs, Namespaces, ClusterRoles),
 * waited on until ready; then `*Class` definitions; then everything else; within a stage, by kind (a fixed list
 * that puts Namespaces, ServiceAccounts, RBAC, ConfigMaps and Secrets before workloads, webhooks last), then group,
 * kind, namespace and name. Deletions run in the reverse order.
 */

/** The identifying fields sorting looks at. */
export interface Sortable {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string | undefined; readonly namespace?: string | undefined };
}

const ORDER_FIRST = [
  'CustomResourceDefinition', 'Namespace', 'ResourceQuota', 'StorageClass', 'ServiceAccount', 'PodSecurityPolicy',
  'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Service', 'LimitRange',
  'PriorityClass', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

const KIND_INDEX = new Map<string, number>([
  ...ORDER_FIRST.map((k, i): [string, number] => [k, i - ORDER_FIRST.length]),
  ...ORDER_LAST.map((k, i): [string, number] => [k, i + 1]),
]);

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Flux's `less`: kind order, then group, kind, namespace, name. */
export function compareObjects(a: Sortable, b: Sortable): number {
  const ga = groupOf(a.apiVersion);
  const gb = groupOf(b.apiVersion);
  if (ga !== gb || a.kind !== b.kind) {
    const ia = KIND_INDEX.get(a.kind) ?? 0;
    const ib = KIND_INDEX.get(b.kind) ?? 0;
    if (ia !== ib) return ia - ib;
    return ga !== gb ? compareStrings(ga, gb) : compareStrings(a.kind, b.kind);
  }
  const ns = compareStrings(a.metadata.namespace ?? '', b.metadata.namespace ?? '');
  return ns !== 0 ? ns : compareStrings(a.metadata.name ?? '', b.metadata.name ?? '');
}

/** A copy of `objects` in apply order. */
export function sortForApply<T extends Sortable>(objects: readonly T[]): T[] {
  return [...objects].sort(compareObjects);
}

/** CRDs, Namespaces and ClusterRoles: applied first and waited on, since everything else may need them. */
export function isClusterDefinition(o: Sortable): boolean {
  return (
    (o.kind === 'CustomResourceDefinition' && o.apiVersion.startsWith('apiextensions.k8s.io/')) ||
    (o.kind === 'Namespace' && o.apiVersion === 'v1') ||
    (o.kind === 'ClusterRole' && o.apiVersion.startsWith('rbac.authorization.k8s.io/'))
  );
}

/** `StorageClass`, `IngressClass`, `GatewayClass`, ...: applied after cluster definitions, before their users. */
export function isClassDefinition(o: Sortable): boolean {
  return o.kind.endsWith('Class');
}

/** Splits objects into Flux's three apply stages, each sorted. Empty stages are kept (as empty arrays). */
export function applyStages<T extends Sortable>(objects: readonly T[]): [T[], T[], T[]] {
  const definitions: T[] = [];
  const classes: T[] = [];
  const rest: T[] = [];
  for (const o of objects) {
    if (isClusterDefinition(o)) definitions.push(o);
    else if (isClassDefinition(o)) classes.push(o);
    else rest.push(o);
  }
  return [sortForApply(definitions), sortForApply(classes), sortForApply(rest)];
}
