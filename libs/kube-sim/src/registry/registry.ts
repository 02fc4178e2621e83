/**
 * The set of served resources: the built-ins plus whatever established CRDs add. Discovery, OpenAPI, routing and
 * garbage collection all look resources up here.
 */
import { builtinResourceDefs } from './builtins.js';
import { compareKubeVersions, type ResourceDef } from './resource.js';

/** One API group as discovery lists it. */
export interface GroupInfo {
  /** `''` for the core group. */
  readonly name: string;
  /** Served versions, preferred first. */
  readonly versions: readonly string[];
}

/** The served resources; changes when CRDs become established or go away. */
export class Registry {
  private readonly custom = new Map<string, readonly ResourceDef[]>();
  private readonly listeners = new Set<() => void>();
  private byGvr = new Map<string, ResourceDef>();
  private byGvk = new Map<string, ResourceDef>();
  private all: readonly ResourceDef[] = [];
  private groupList: readonly GroupInfo[] = [];
  /** Bumped on every change; caches of discovery and OpenAPI documents key on it. */
  generation = 0;

  constructor() {
    this.rebuild();
  }

  /** The resource served at group/version/resource, if any. */
  find(group: string, version: string, resource: string): ResourceDef | undefined {
    return this.byGvr.get(`${group}/${version}/${resource}`);
  }

  /** The resource of a kind at an exact group/version, if served. */
  findKind(group: string, version: string, kind: string): ResourceDef | undefined {
    return this.byGvk.get(`${group}/${version}/${kind}`);
  }

  /** The preferred-version resource of a kind in a group, whatever the version asked for (owner lookups). */
  findKindAnyVersion(group: string, kind: string): ResourceDef | undefined {
    const info = this.groupList.find((g) => g.name === group);
    for (const v of info?.versions ?? []) {
      const def = this.findKind(group, v, kind);
      if (def) return def;
    }
    return undefined;
  }

  /** The preferred-version resource stored under `storageKey` (`apps/deployments`). */
  findStorage(storageKey: string): ResourceDef | undefined {
    const [group = '', resource = ''] = splitStorageKey(storageKey);
    const info = this.groupList.find((g) => g.name === group);
    for (const v of info?.versions ?? []) {
      const def = this.find(group, v, resource);
      if (def) return def;
    }
    return undefined;
  }

  /** Every served resource, built-ins first. */
  resources(): readonly ResourceDef[] {
    return this.all;
  }

  /** Served groups in discovery order: core, built-in groups, then custom groups alphabetically. */
  groups(): readonly GroupInfo[] {
    return this.groupList;
  }

  /** The storage keys of every resource, one per resource whatever its versions. */
  storageKeys(): string[] {
    return [...new Set(this.all.map((d) => d.storageKey))];
  }

  /** Serves (or replaces) the resources of one CRD. */
  setCustom(crdName: string, defs: readonly ResourceDef[]): void {
    this.custom.set(crdName, defs);
    this.rebuild();
  }

  /** Stops serving the resources of one CRD. */
  removeCustom(crdName: string): void {
    if (this.custom.delete(crdName)) this.rebuild();
  }

  /** True when the CRD's resources are currently served. */
  hasCustom(crdName: string): boolean {
    return this.custom.has(crdName);
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private rebuild(): void {
    const builtins = builtinResourceDefs();
    const custom = [...this.custom.values()].flat();
    const builtinKeys = new Set(builtins.map((d) => `${d.group}/${d.version}/${d.resource}`));
    // A CRD may not shadow a built-in resource; the real server refuses such CRDs' names.
    this.all = [...builtins, ...custom.filter((d) => !builtinKeys.has(`${d.group}/${d.version}/${d.resource}`))];
    this.byGvr = new Map(this.all.map((d) => [`${d.group}/${d.version}/${d.resource}`, d]));
    this.byGvk = new Map();
    for (const d of this.all) if (!this.byGvk.has(`${d.group}/${d.version}/${d.kind}`)) this.byGvk.set(`${d.group}/${d.version}/${d.kind}`, d);
    this.groupList = groupsOf(builtins, custom);
    this.generation++;
    for (const l of this.listeners) l();
  }
}

function splitStorageKey(key: string): [string, string] {
  const slash = key.lastIndexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

function groupsOf(builtins: readonly ResourceDef[], custom: readonly ResourceDef[]): GroupInfo[] {
  const versions = new Map<string, Set<string>>();
  const order: string[] = [];
  const add = (d: ResourceDef): void => {
    let set = versions.get(d.group);
    if (!set) {
      versions.set(d.group, (set = new Set()));
      order.push(d.group);
    }
    set.add(d.version);
  };
  builtins.forEach(add);
  const builtinGroups = order.length;
  [...custom].sort((a, b) => a.group.localeCompare(b.group)).forEach(add);
  const builtinOrder = order.slice(0, builtinGroups);
  const customOrder = order.slice(builtinGroups).sort();
  return [...builtinOrder, ...customOrder].map((name) => ({
    name,
    versions: [...(versions.get(name) ?? [])].sort(compareKubeVersions),
  }));
}
