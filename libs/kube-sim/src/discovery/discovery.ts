/**
 * Discovery documents: the legacy per-group ones (`/api`, `/apis`, `/apis/<group>`, `/api/v1`, `/apis/<g>/<v>`)
 * and aggregated discovery (`apidiscovery.k8s.io/v2` APIGroupDiscoveryList), which kubectl 1.35 asks for first.
 */
import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue } from '../json.js';
import type { GroupInfo, Registry } from '../registry/registry.js';
import type { ResourceDef } from '../registry/resource.js';

/** What `/version` reports. */
export const SERVER_VERSION = { major: '1', minor: '36', gitVersion: 'v1.36.0+kube-sim' } as const;

/** The `/version` document. */
export function versionInfo(): JsonObject {
  return {
    major: SERVER_VERSION.major,
    minor: SERVER_VERSION.minor,
    emulationMajor: SERVER_VERSION.major,
    emulationMinor: SERVER_VERSION.minor,
    minCompatibilityMajor: SERVER_VERSION.major,
    minCompatibilityMinor: String(Number(SERVER_VERSION.minor) - 1),
    gitVersion: SERVER_VERSION.gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.25.0',
    compiler: 'gc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

function groupVersion(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** `/api`: the core group's versions. */
export function coreVersions(serverAddress: string): JsonObject {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function apiGroup(g: GroupInfo): JsonObject {
  const versions = g.versions.map((v) => ({ groupVersion: groupVersion(g.name, v), version: v }));
  return { name: g.name, versions, preferredVersion: versions[0]! };
}

/** `/apis`: every named group. */
export function groupList(registry: Registry): JsonObject {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: registry.groups().filter((g) => g.name !== '').map(apiGroup) };
}

/** `/apis/<group>`, or undefined when the group is not served. */
export function groupDocument(registry: Registry, name: string): JsonObject | undefined {
  const g = registry.groups().find((x) => x.name === name && name !== '');
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) } : undefined;
}

function storageVersionHash(d: ResourceDef): string {
  return createHash('sha256').update(`${d.group}/${d.version}/${d.kind}`).digest('base64').slice(0, 11);
}

function resourcesOf(registry: Registry, group: string, version: string): ResourceDef[] {
  return registry.resources().filter((d) => d.group === group && d.version === version);
}

function legacyResource(d: ResourceDef): JsonObject[] {
  const main: JsonObject = { name: d.resource, singularName: d.singular, namespaced: d.namespaced, kind: d.kind, verbs: [...d.verbs] };
  if (d.shortNames.length > 0) main.shortNames = [...d.shortNames];
  if (d.categories.length > 0) main.categories = [...d.categories];
  if (d.verbs.includes('list')) main.storageVersionHash = storageVersionHash(d);
  const subs = d.subresources.map((s) => {
    const sub: JsonObject = { name: `${d.resource}/${s.name}`, singularName: '', namespaced: d.namespaced, kind: s.kind, verbs: [...s.verbs] };
    if (s.group !== d.group || s.version !== d.version) {
      sub.group = s.group;
      sub.version = s.version;
    }
    return sub;
  });
  return [main, ...subs];
}

/** `/api/v1` or `/apis/<g>/<v>`, or undefined when not served. */
export function resourceList(registry: Registry, group: string, version: string): JsonObject | undefined {
  const defs = resourcesOf(registry, group, version);
  if (defs.length === 0) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources: defs.flatMap(legacyResource) };
}

function aggregatedResource(d: ResourceDef): JsonObject {
  const r: JsonObject = {
    resource: d.resource,
    responseKind: { group: d.group, version: d.version, kind: d.kind },
    scope: d.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: d.singular,
    verbs: [...d.verbs],
  };
  if (d.shortNames.length > 0) r.shortNames = [...d.shortNames];
  if (d.categories.length > 0) r.categories = [...d.categories];
  if (d.subresources.length > 0) {
    r.subresources = d.subresources.map((s) => ({ subresource: s.name, responseKind: { group: s.group, version: s.version, kind: s.kind }, verbs: [...s.verbs] }));
  }
  return r;
}

/**
 * The aggregated discovery document of the core group (`/api`) or of every named group (`/apis`), in the
 * requested `apidiscovery.k8s.io` version (`v2` or `v2beta1`).
 */
export function aggregatedDiscovery(registry: Registry, core: boolean, apiVersion: string): JsonObject {
  const items: JsonValue[] = registry.groups()
    .filter((g) => (g.name === '') === core)
    .map((g) => ({
      metadata: g.name ? { name: g.name, creationTimestamp: null } : { creationTimestamp: null },
      versions: g.versions.map((v) => ({ version: v, resources: resourcesOf(registry, g.name, v).map(aggregatedResource), freshness: 'Current' })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${apiVersion}`, metadata: {}, items };
}
