import { isPrereleaseVersion } from './api-version.js';
import { openApiV2Document } from './spec.js';
import type { GroupVersionKind, ResourceType, SubresourceType } from './types.js';

/**
 * Short names as the real API server's discovery lists them; the OpenAPI spec does not carry them. Keyed by
 * `<group>/<resource>` (`/pods` for the core group).
 */
const SHORT_NAMES: Readonly<Record<string, readonly string[]>> = {
  '/componentstatuses': ['cs'],
  '/configmaps': ['cm'],
  '/endpoints': ['ep'],
  '/events': ['ev'],
  '/limitranges': ['limits'],
  '/namespaces': ['ns'],
  '/nodes': ['no'],
  '/persistentvolumeclaims': ['pvc'],
  '/persistentvolumes': ['pv'],
  '/pods': ['po'],
  '/replicationcontrollers': ['rc'],
  '/resourcequotas': ['quota'],
  '/serviceaccounts': ['sa'],
  '/services': ['svc'],
  'apiextensions.k8s.io/customresourcedefinitions': ['crd', 'crds'],
  'apps/daemonsets': ['ds'],
  'apps/deployments': ['deploy'],
  'apps/replicasets': ['rs'],
  'apps/statefulsets': ['sts'],
  'autoscaling/horizontalpodautoscalers': ['hpa'],
  'batch/cronjobs': ['cj'],
  'certificates.k8s.io/certificatesigningrequests': ['csr'],
  'events.k8s.io/events': ['ev'],
  'networking.k8s.io/ingresses': ['ing'],
  'networking.k8s.io/networkpolicies': ['netpol'],
  'policy/poddisruptionbudgets': ['pdb'],
  'scheduling.k8s.io/priorityclasses': ['pc'],
  'storage.k8s.io/storageclasses': ['sc'],
};

/** Resources in the `all` category (what `kubectl get all` lists). */
const CATEGORY_ALL = new Set([
  '/pods', '/replicationcontrollers', '/services', 'apps/daemonsets', 'apps/deployments', 'apps/replicasets',
  'apps/statefulsets', 'autoscaling/horizontalpodautoscalers', 'batch/cronjobs', 'batch/jobs',
]);

const ACTION_VERBS: Readonly<Record<string, string>> = {
  get: 'get', list: 'list', post: 'create', put: 'update', patch: 'patch', delete: 'delete',
  deletecollection: 'deletecollection', watch: 'watch', watchlist: 'watch',
};

/** One resource path of the spec, taken apart. */
interface PathParts {
  readonly group: string;
  readonly version: string;
  readonly namespaced: boolean;
  readonly resource: string;
  readonly subresource: string | undefined;
}

const PATH = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(?:watch\/)?(namespaces\/\{namespace\}\/)?([a-z0-9.-]+)(?:\/\{name\}(?:\/([a-z0-9.-]+))?)?$/;

function parsePath(path: string): PathParts | undefined {
  const m = PATH.exec(path);
  if (!m) return undefined;
  return {
    group: m[2] ?? '',
    version: m[1] ?? m[3]!,
    namespaced: m[4] !== undefined,
    resource: m[5]!,
    subresource: m[6],
  };
}

interface Accumulator {
  gvk: GroupVersionKind | undefined;
  namespaced: boolean;
  verbs: Set<string>;
  subresources: Map<string, { gvk: GroupVersionKind | undefined; verbs: Set<string> }>;
}

function operationsOf(item: Readonly<Record<string, unknown>>): { verb: string; gvk: GroupVersionKind | undefined }[] {
  const out: { verb: string; gvk: GroupVersionKind | undefined }[] = [];
  for (const op of Object.values(item)) {
    if (typeof op !== 'object' || op === null) continue;
    const action = (op as Record<string, unknown>)['x-kubernetes-action'];
    const verb = typeof action === 'string' ? ACTION_VERBS[action] : undefined;
    if (!verb) continue;
    const gvk = (op as Record<string, unknown>)['x-kubernetes-group-version-kind'] as GroupVersionKind | undefined;
    out.push({ verb, gvk });
  }
  return out;
}

function accumulate(): Map<string, Accumulator> {
  const byResource = new Map<string, Accumulator>();
  for (const [path, item] of Object.entries(openApiV2Document().paths)) {
    const parts = parsePath(path);
    if (!parts) continue;
    const key = `${parts.group}/${parts.version}/${parts.resource}`;
    let acc = byResource.get(key);
    if (!acc) byResource.set(key, (acc = { gvk: undefined, namespaced: false, verbs: new Set(), subresources: new Map() }));
    if (parts.namespaced) acc.namespaced = true;
    for (const { verb, gvk } of operationsOf(item)) {
      if (parts.subresource === undefined) {
        acc.verbs.add(verb);
        acc.gvk ??= gvk;
      } else {
        let sub = acc.subresources.get(parts.subresource);
        if (!sub) acc.subresources.set(parts.subresource, (sub = { gvk: undefined, verbs: new Set() }));
        sub.verbs.add(verb);
        sub.gvk ??= gvk;
      }
    }
  }
  return byResource;
}

function toResourceType(key: string, acc: Accumulator): ResourceType | undefined {
  if (!acc.gvk) return undefined;
  const resource = key.slice(key.lastIndexOf('/') + 1);
  const groupResource = `${acc.gvk.group}/${resource}`;
  const subresourceDetails: SubresourceType[] = [...acc.subresources].sort(([a], [b]) => a.localeCompare(b)).map(([name, sub]) => ({
    name,
    group: sub.gvk?.group ?? acc.gvk!.group,
    version: sub.gvk?.version ?? acc.gvk!.version,
    kind: sub.gvk?.kind ?? acc.gvk!.kind,
    verbs: [...sub.verbs].sort(),
  }));
  return {
    group: acc.gvk.group,
    version: acc.gvk.version,
    kind: acc.gvk.kind,
    resource,
    singular: acc.gvk.kind.toLowerCase(),
    namespaced: acc.namespaced,
    verbs: [...acc.verbs].sort(),
    subresources: subresourceDetails.map((s) => s.name),
    subresourceDetails,
    shortNames: SHORT_NAMES[groupResource] ?? [],
    categories: CATEGORY_ALL.has(groupResource) ? ['all'] : [],
  };
}

let stable: readonly ResourceType[] | undefined;
let everything: readonly ResourceType[] | undefined;

/**
 * Every built-in REST resource of the Kubernetes 1.36 spec, derived from its paths. By default only the versions a
 * cluster serves out of the box (GA); pass `{ includePrerelease: true }` for alpha and beta versions too.
 */
export function builtinResourceTypes(opts: { includePrerelease?: boolean } = {}): readonly ResourceType[] {
  everything ??= [...accumulate()].flatMap(([key, acc]) => toResourceType(key, acc) ?? []);
  if (opts.includePrerelease) return everything;
  stable ??= everything.filter((r) => !isPrereleaseVersion(r.version));
  return stable;
}

/**
 * Finds a built-in resource by any combination of group, version, kind and resource (plural), among the versions
 * served by default. With no version given, the first served version of the group wins.
 */
export function findBuiltinResource(q: Partial<GroupVersionKind> & { resource?: string }): ResourceType | undefined {
  return builtinResourceTypes().find(
    (r) =>
      (q.group === undefined || r.group === q.group) &&
      (q.version === undefined || r.version === q.version) &&
      (q.kind === undefined || r.kind === q.kind) &&
      (q.resource === undefined || r.resource === q.resource),
  );
}
