/**
 * kustomize's legacy output order: kinds in a fixed order (Namespace first, webhook configurations last), then by
 * group/version/kind, namespace and name.
 */
import { gvkEquals, gvkString } from '../resource/resid.js';
import type { Gvk, ResId } from '../resource/resid.js';
import type { ResMap } from '../resource/resmap.js';

const ORDER_FIRST = [
  'Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role', 'ClusterRole',
  'RoleBinding', 'ClusterRoleBinding', 'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange', 'PriorityClass', 'PersistentVolume',
  'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget',
];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

function gvkSortString(g: Gvk): string {
  return [g.group || '~G', g.version || '~V', g.kind || '~K'].join('_');
}

function idSortString(id: ResId): string {
  return [gvkString(id), id.namespace || '~X', id.name || '~N'].join('|');
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts the map in place (kustomize's SortOrderTransformer with `order: legacy`). */
export function legacySort(m: ResMap, options: { orderFirst?: string[]; orderLast?: string[] } | undefined): void {
  const first = options?.orderFirst ?? ORDER_FIRST;
  const last = options?.orderLast ?? ORDER_LAST;
  const rank = new Map<string, number>();
  first.forEach((k, i) => rank.set(k, -first.length + i));
  last.forEach((k, i) => rank.set(k, 1 + i));
  const items = m.resources().map((r) => ({ r, id: r.curId() }));
  items.sort((a, b) => {
    if (!gvkEquals(a.id, b.id)) {
      const ra = rank.get(a.id.kind) ?? 0;
      const rb = rank.get(b.id.kind) ?? 0;
      if (ra !== rb) return ra - rb;
      return compareStrings(gvkSortString(a.id), gvkSortString(b.id));
    }
    return compareStrings(idSortString(a.id), idSortString(b.id));
  });
  m.setAll(items.map((x) => x.r));
}
