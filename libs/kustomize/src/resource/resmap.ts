/**
 * An ordered collection of resources with kustomize's identity rules: no two resources may share a current id, and
 * generated resources merge into or replace existing ones according to their behavior.
 */
import { KustomizeBuildError } from '../errors.js';
import { isMap, newMap } from '../yaml/value.js';
import { effectiveNamespace, resIdEquals, resIdString } from './resid.js';
import type { ResId, ScopeOverrides } from './resid.js';
import type { Resource } from './resource.js';

export class ResMap {
  private list: Resource[] = [];
  readonly scope: ScopeOverrides | undefined;

  constructor(scope?: ScopeOverrides) {
    this.scope = scope;
  }

  get size(): number {
    return this.list.length;
  }

  resources(): readonly Resource[] {
    return this.list;
  }

  /** Adds a resource; fails when another one already has its current id. */
  append(r: Resource): void {
    const id = r.curId();
    if (this.list.some((x) => resIdEquals(x.curId(), id, this.scope))) {
      throw new KustomizeBuildError(`may not add resource with an already registered id: ${resIdString(id)}`);
    }
    this.list.push(r);
  }

  /** Adds every resource of `other`; ids are checked against an index built once (kustomize's AppendAll). */
  appendAll(other: ResMap): void {
    this.appendMany(other.list);
  }

  /** Adds resources in order, failing on the first id already present. */
  appendMany(list: readonly Resource[]): void {
    const seen = new Set(this.list.map((r) => this.idKey(r.curId())));
    for (const r of list) {
      const key = this.idKey(r.curId());
      if (seen.has(key)) throw new KustomizeBuildError(`may not add resource with an already registered id: ${resIdString(r.curId())}`);
      seen.add(key);
      this.list.push(r);
    }
  }

  /** A string equal for ids kustomize considers equal. */
  idKey(id: ResId): string {
    return `${id.group}\u0000${id.version}\u0000${id.kind}\u0000${id.name}\u0000${effectiveNamespace(id, this.scope)}`;
  }

  /** Adds generated resources, merging or replacing existing ones as their behavior says. */
  absorbAll(other: ResMap): void {
    for (const r of other.list) this.appendReplaceOrMerge(r);
  }

  private appendReplaceOrMerge(res: Resource): void {
    const id = res.curId();
    const matches = this.byAnyId(id);
    const behavior = res.meta.behavior ?? 'unspecified';
    if (matches.length === 0) {
      if (behavior === 'merge' || behavior === 'replace') {
        throw new KustomizeBuildError(`id ${goIdRepr(id)} does not exist; cannot merge or replace`);
      }
      this.append(res);
      return;
    }
    if (matches.length > 1) {
      throw new KustomizeBuildError(`found multiple objects ${matches.map((m) => resIdString(m.curId())).join(' ')} that could accept merge of ${resIdString(id)}`);
    }
    const old = matches[0]!;
    if (behavior === 'replace') copyMergeMetadata(res, old);
    else if (behavior === 'merge') {
      const origin = old.origin;
      copyMergeMetadata(res, old);
      mergeDataField(res, old, 'data');
      mergeDataField(res, old, 'binaryData');
      if (origin !== undefined) res.origin = origin;
    } else {
      throw new KustomizeBuildError(`id ${goIdRepr(id)} exists; behavior must be merge or replace`);
    }
    this.list[this.list.indexOf(old)] = res;
  }

  /** Resources whose current or any previous id equals `id`. */
  byAnyId(id: ResId): Resource[] {
    return this.list.filter((r) => [...r.prevIds(), r.curId()].some((x) => resIdEquals(x, id, this.scope)));
  }

  /** Resources whose current id equals `id`. */
  byCurrentId(id: ResId): Resource[] {
    return this.list.filter((r) => resIdEquals(r.curId(), id, this.scope));
  }

  /** Resources whose original id equals `id`. */
  byOriginalId(id: ResId): Resource[] {
    return this.list.filter((r) => resIdEquals(r.orgId(), id, this.scope));
  }

  replaceAt(old: Resource, res: Resource): void {
    const i = this.list.indexOf(old);
    if (i >= 0) this.list[i] = res;
  }

  remove(r: Resource): void {
    this.list = this.list.filter((x) => x !== r);
  }

  setAll(list: Resource[]): void {
    this.list = list;
  }

  clone(): ResMap {
    const m = new ResMap(this.scope);
    m.list = this.list.map((r) => r.clone());
    return m;
  }
}

/** Go's `%#v` of a ResId, as kustomize prints it in generator merge errors (close enough to grep). */
function goIdRepr(id: ResId): string {
  return `resid.ResId{Gvk:resid.Gvk{Group:"${id.group}", Version:"${id.version}", Kind:"${id.kind}", isClusterScoped:false}, Name:"${id.name}", Namespace:"${id.namespace}"}`;
}

/** kustomize's CopyMergeMetaDataFieldsFrom: labels and annotations merged (new wins), name, namespace and bookkeeping from the old one. */
function copyMergeMetadata(res: Resource, old: Resource): void {
  res.setStringMap('labels', { ...old.labels(), ...res.labels() });
  res.setStringMap('annotations', { ...old.annotations(), ...res.annotations() });
  res.name = old.name;
  res.namespace = old.namespace;
  const needsHash = res.meta.needsHash;
  res.meta = structuredClone(old.meta);
  res.meta.needsHash = needsHash;
  res.refVarNames = [...old.refVarNames];
}

function mergeDataField(res: Resource, old: Resource, field: 'data' | 'binaryData'): void {
  const merged = newMap();
  for (const src of [old.obj[field], res.obj[field]]) {
    if (isMap(src)) for (const k of Object.keys(src)) merged[k] = src[k]!;
  }
  if (Object.keys(merged).length === 0) {
    delete res.obj[field];
    return;
  }
  const sorted = newMap();
  for (const k of Object.keys(merged).sort()) sorted[k] = merged[k]!;
  res.obj[field] = sorted;
}
