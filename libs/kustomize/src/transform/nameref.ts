/**
 * Name references (kustomize's FixBackReferences): after prefixes, suffixes, namespaces and hash suffixes changed
 * names, every field that referred to an old name (a Deployment's configMapRef, a RoleBinding's roleRef, ...) is
 * rewritten to the new name, choosing the referral among candidates the way kustomize does.
 */
import { KustomizeBuildError } from '../errors.js';
import type { FieldSpec } from '../kustfile/types.js';
import { effectiveNamespace, gvkSelected, isClusterScoped, resIdString } from '../resource/resid.js';
import type { Gvk } from '../resource/resid.js';
import type { ResMap } from '../resource/resmap.js';
import type { Resource } from '../resource/resource.js';
import { str } from '../resource/resource.js';
import { isMap } from '../yaml/value.js';
import type { YMap, YValue } from '../yaml/value.js';
import type { NameBackReference } from './builtin-fieldspecs.js';
import { walkFieldSpec } from './fieldspec.js';

/** Rewrites every name reference in the map. */
export function fixNameReferences(m: ResMap, backRefs: readonly NameBackReference[]): void {
  const resources = [...m.resources()];
  const index = new CandidateIndex(m);
  for (const referrer of resources) {
    let candidates: Resource[] | undefined;
    const org = referrer.orgId();
    const cur = referrer.curId();
    for (const br of backRefs) {
      const target: Gvk = { group: br.group ?? '', version: br.version ?? '', kind: br.kind };
      for (const spec of br.fieldSpecs) {
        if (spec.kind && spec.kind !== org.kind && spec.kind !== cur.kind) continue;
        if (!gvkSelected(org, spec) && !gvkSelected(cur, spec)) continue;
        candidates ??= index.couldBeReferenced(referrer);
        const f = new NameRefFilter(m, referrer, spec, target, candidates);
        walkFieldSpec(referrer, { ...spec, create: false }, undefined, (holder, key) => f.set(holder, key));
      }
    }
  }
}

/** kustomize's SubsetThatCouldBeReferencedByResource, with the map's namespaces indexed once. */
class CandidateIndex {
  private readonly m: ResMap;
  private readonly ns = new Map<string, string>();
  private readonly bySubset = new Map<string, Resource[]>();
  private readonly all: Resource[];

  constructor(m: ResMap) {
    this.m = m;
    this.all = [...m.resources()];
    for (const r of m.resources()) {
      const id = r.curId();
      this.ns.set(resIdString(id), isClusterScoped(id, m.scope) ? '' : effectiveNamespace(id, m.scope));
    }
  }

  couldBeReferenced(referrer: Resource): Resource[] {
    const rid = referrer.curId();
    if (isClusterScoped(rid, this.m.scope)) return this.all;
    const rbNamespaces = roleBindingNamespaces(referrer);
    const own = effectiveNamespace(rid, this.m.scope);
    const key = `${own}\u0000${[...rbNamespaces].sort().join('\u0000')}`;
    const hit = this.bySubset.get(key);
    if (hit) return hit;
    const out = this.m.resources().filter((t) => {
      const ns = this.ns.get(resIdString(t.curId()));
      return ns === '' || ns === own || rbNamespaces.has(t.namespace);
    });
    this.bySubset.set(key, out);
    return out;
  }
}

function roleBindingNamespaces(r: Resource): Set<string> {
  const out = new Set<string>();
  if (r.kind !== 'RoleBinding') return out;
  const subjects = r.obj.subjects;
  if (!Array.isArray(subjects)) return out;
  for (const s of subjects) {
    if (!isMap(s) || !('namespace' in s) || !('kind' in s)) continue;
    if (s.kind !== 'ServiceAccount') continue;
    if (typeof s.namespace !== 'string') throw new KustomizeBuildError(`Invalid Input: namespace is blank for resource "${resIdString(r.curId())}"`);
    out.add(s.namespace);
  }
  return out;
}

class NameRefFilter {
  private readonly m: ResMap;
  private readonly referrer: Resource;
  private readonly spec: FieldSpec;
  private readonly target: Gvk;
  private readonly candidates: Resource[];

  constructor(m: ResMap, referrer: Resource, spec: FieldSpec, target: Gvk, candidates: Resource[]) {
    this.m = m;
    this.referrer = referrer;
    this.spec = spec;
    this.target = target;
    this.candidates = candidates;
  }

  set(holder: YMap, key: string): void {
    const v = holder[key];
    if (v === undefined || v === null) return;
    if (Array.isArray(v)) {
      v.forEach((el, i) => {
        if (isMap(el)) this.setMapping(el);
        else if (el !== null && typeof el !== 'object') this.setScalarAt(v, i);
      });
      return;
    }
    if (isMap(v)) this.setMapping(v);
    else this.setScalar(holder, key);
  }

  private setScalar(holder: YMap, key: string): void {
    const old = str(holder[key]);
    const referral = this.select(old, this.candidates, (rs) => rs.every((r) => r.name === rs[0]!.name));
    if (!referral || referral.name === old) return;
    holder[key] = referral.name;
  }

  private setScalarAt(list: YValue[], i: number): void {
    const old = str(list[i]);
    const referral = this.select(old, this.candidates, (rs) => rs.every((r) => r.name === rs[0]!.name));
    if (!referral || referral.name === old) return;
    list[i] = referral.name;
  }

  private setMapping(node: YMap): void {
    if (!('name' in node)) throw new KustomizeBuildError(`updating name reference in '${this.spec.path}' field of '${resIdString(this.referrer.curId())}': path config error; no 'name' field in node`);
    const old = str(node.name);
    const referral = this.select(old, this.byNamespace(node), (rs) => rs.every((r) => r.name === rs[0]!.name && r.namespace === rs[0]!.namespace));
    if (!referral) return;
    if (referral.name === old && referral.namespace === '') return;
    node.name = referral.name;
    if (referral.namespace !== '') node.namespace = referral.namespace;
  }

  private byNamespace(node: YMap): Resource[] {
    if (!('namespace' in node)) return this.candidates;
    const ns = str(node.namespace);
    const byOrg = this.candidates.filter((r) => r.orgId().namespace === ns);
    if (byOrg.length > 0) return byOrg;
    return this.candidates.filter((r) => r.namespace === ns);
  }

  private select(oldName: string, list: readonly Resource[], identical: (rs: Resource[]) => boolean): Resource | undefined {
    let c = byPreviousName(list).get(oldName) ?? [];
    if (c.length === 0) return undefined;
    c = c.filter((r) => r.prevIds().some((id) => gvkSelected(id, this.target)));
    c = c.filter(this.roleRefSieve());
    c = c.filter(this.sameNamespaceSieve());
    if (c.length === 1) return c[0];
    c = c.filter((r) => affixesMatch(r, this.referrer, true));
    if (c.length === 1) return c[0];
    if (c.length === 0) return undefined;
    const strict = c.filter((r) => affixesMatch(r, this.referrer, false));
    if (strict.length === 1) return strict[0];
    if (identical(c)) return c[0];
    throw new KustomizeBuildError(`found multiple possible referrals: ${c.map((r) => resIdString(r.curId())).join(', ')}`);
  }

  private roleRefSieve(): (r: Resource) => boolean {
    if (!this.spec.path.endsWith('roleRef/name')) return () => true;
    const ref = this.referrer.obj.roleRef;
    if (!isMap(ref) || ref.apiGroup === undefined || ref.kind === undefined) return () => true;
    const gvk = { group: str(ref.apiGroup), version: '', kind: str(ref.kind) };
    return (r) => r.prevIds().some((id) => gvkSelected(id, gvk));
  }

  private sameNamespaceSieve(): (r: Resource) => boolean {
    const rid = this.referrer.curId();
    if (isClusterScoped(rid, this.m.scope)) return () => true;
    return (r) => {
      const id = r.curId();
      if (isClusterScoped(id, this.m.scope) || r.kind === 'ServiceAccount') return true;
      return effectiveNamespace(rid, this.m.scope) === effectiveNamespace(id, this.m.scope);
    };
  }
}

const previousNameIndex = new WeakMap<readonly Resource[], Map<string, Resource[]>>();

/** Candidates by each of their previous names (kustomize only rewrites references to names that changed). */
function byPreviousName(list: readonly Resource[]): Map<string, Resource[]> {
  let index = previousNameIndex.get(list);
  if (index) return index;
  index = new Map();
  for (const r of list) {
    for (const name of new Set(r.meta.prevIds.map((p) => p.name))) {
      const l = index.get(name);
      if (l) l.push(r);
      else index.set(name, [r]);
    }
  }
  previousNameIndex.set(list, index);
  return index;
}

/** kustomize's PrefixesSuffixesEquals; with `allowEmpty`, a side without prefixes (or suffixes) matches any. */
function affixesMatch(a: Resource, b: Resource, allowEmpty: boolean): boolean {
  const pa = a.meta.prefixes;
  const pb = b.meta.prefixes;
  const sa = a.meta.suffixes;
  const sb = b.meta.suffixes;
  const prefixes = (allowEmpty && (pa.length === 0 || pb.length === 0)) || sameEnding(pa, pb);
  const suffixes = (allowEmpty && (sa.length === 0 || sb.length === 0)) || sameEnding(sa, sb);
  return prefixes && suffixes;
}

/** kustomize's SameEndingSubSlice: one list ends with the other; an empty list only matches an empty one. */
function sameEnding(a: readonly string[], b: readonly string[]): boolean {
  let [shortest, longest] = [a, b];
  if (shortest.length > longest.length) [shortest, longest] = [longest, shortest];
  const diff = longest.length - shortest.length;
  if (shortest.length === 0) return diff === 0;
  for (let i = shortest.length - 1; i >= 0; i--) if (longest[i + diff] !== shortest[i]) return false;
  return true;
}
