/**
 * What a kustomization level hands to its parent: the resources, the transformer configuration (defaults plus
 * `configurations` and `crds` of every level below) and the vars declared so far.
 */
import { KustomizeBuildError } from '../errors.js';
import type { FieldSpec, Var } from '../kustfile/types.js';
import { gvkEquals, isClusterScoped, parseGroupVersion, resIdEquals } from '../resource/resid.js';
import type { ResId, ScopeOverrides } from '../resource/resid.js';
import { ResMap } from '../resource/resmap.js';
import { defaultTransformerConfig } from '../transform/builtin-fieldspecs.js';
import type { NameBackReference, TransformerConfig } from '../transform/builtin-fieldspecs.js';

const SPEC_LISTS = ['namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'templateLabels', 'labels', 'commonAnnotations', 'varReference', 'images', 'replicas'] as const;

export class Accumulator {
  resMap: ResMap;
  config: TransformerConfig;
  vars: Var[] = [];

  constructor(scope?: ScopeOverrides) {
    this.resMap = new ResMap(scope);
    this.config = defaultTransformerConfig();
  }

  /** Takes in a child level's resources, configuration and vars. */
  mergeAccumulator(other: Accumulator): void {
    this.resMap.appendAll(other.resMap);
    this.mergeConfig(other.config);
    this.mergeVars(other.vars);
  }

  mergeConfig(c: Partial<TransformerConfig>): void {
    for (const key of SPEC_LISTS) {
      const add = c[key];
      if (add) this.config[key] = mergeFieldSpecs(this.config[key], add);
    }
    if (c.nameReference) this.config.nameReference = mergeNameRefs(this.config.nameReference, c.nameReference);
  }

  /** Adds vars; with `declare`, ties each to the one resource of this level it names (kustomize's MergeVars). */
  mergeVars(vars: readonly Var[], declare = false): void {
    for (const v of vars) {
      if (declare) bindVar(this.resMap, v);
      if (this.vars.some((x) => x.name === v.name)) throw new KustomizeBuildError(`var '${v.name}' already encountered`);
      this.vars.push(v);
    }
  }
}

/** Marks the resource a var's objref names (exact group/version/kind and name; namespace when given). */
function bindVar(m: ResMap, v: Var): void {
  const ref = v.objref;
  const gv = ref.apiVersion ? parseGroupVersion(ref.apiVersion) : { group: ref.group ?? '', version: ref.version ?? '' };
  const target: ResId = { ...gv, kind: ref.kind ?? '', name: ref.name ?? '', namespace: ref.namespace ?? '' };
  const exactNs = target.namespace !== '' || isClusterScoped(target, m.scope);
  const matched = m.resources().filter((r) =>
    [...r.prevIds(), r.curId()].some((id) => gvkEquals(id, target) && id.name === target.name && (!exactNs || resIdEquals(id, target, m.scope))));
  if (matched.length > 1) throw new KustomizeBuildError(`found ${matched.length} resId matches for var ${describeVar(v)} (unable to disambiguate)`);
  if (matched.length === 1) matched[0]!.refVarNames.push(v.name);
}

/** A var as kustomize prints it in errors. */
export function describeVar(v: Var): string {
  return `{${v.name} ${v.objref.kind ?? ''} ${v.objref.name ?? ''}}`;
}

function specKey(f: FieldSpec): string {
  return `${f.group ?? ''}\u0000${f.version ?? ''}\u0000${f.kind ?? ''}\u0000${f.path}`;
}

/** kustomize's FsSlice.MergeAll: appends specs not already present; a clash on `create` is an error. */
export function mergeFieldSpecs(base: readonly FieldSpec[], add: readonly FieldSpec[]): FieldSpec[] {
  if (add.length === 0 || add === base) return [...base];
  const out = [...base];
  const same = new Set(base);
  let index: Map<string, FieldSpec> | undefined;
  for (const fs of add) {
    if (same.has(fs)) continue;
    index ??= new Map(out.map((x) => [specKey(x), x]));
    const existing = index.get(specKey(fs));
    if (!existing) {
      out.push(fs);
      index.set(specKey(fs), fs);
    }
    else if ((existing.create ?? false) !== (fs.create ?? false)) {
      throw new KustomizeBuildError(`conflicting fieldspecs: ${fs.path} (${fs.kind ?? ''})`);
    }
  }
  return out;
}

function mergeNameRefs(base: readonly NameBackReference[], add: readonly NameBackReference[]): NameBackReference[] {
  const same = new Set(base);
  if (add.every((x) => same.has(x))) return [...base];
  const out = [...base];
  for (const nbr of add) {
    if (same.has(nbr)) continue;
    const i = out.findIndex((b) => b.kind === nbr.kind && (b.group ?? '') === (nbr.group ?? '') && (b.version ?? '') === (nbr.version ?? ''));
    if (i < 0) out.push({ ...nbr, fieldSpecs: [...nbr.fieldSpecs] });
    else if (out[i] !== nbr) out[i] = { ...out[i]!, fieldSpecs: mergeFieldSpecs(out[i]!.fieldSpecs, nbr.fieldSpecs) };
  }
  return out;
}
