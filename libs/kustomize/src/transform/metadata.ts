/**
 * The transformers that stamp metadata: namespace, name prefix and suffix, labels and annotations.
 */
import { KustomizeBuildError } from '../errors.js';
import type { FieldSpec } from '../kustfile/types.js';
import { gvkSelected, isClusterScoped, resIdString } from '../resource/resid.js';
import type { ResMap } from '../resource/resmap.js';
import type { Resource } from '../resource/resource.js';
import { isMap } from '../yaml/value.js';
import type { YMap } from '../yaml/value.js';
import { walkFieldSpec } from './fieldspec.js';

/** Sets `namespace` on every namespaced resource and on the fields the specs list. */
export function transformNamespace(m: ResMap, namespace: string, specs: readonly FieldSpec[]): void {
  if (namespace === '') return;
  const setter = (holder: YMap, key: string): void => {
    const v = holder[key];
    if (v !== undefined && v !== null && typeof v === 'object') throw new KustomizeBuildError('namespace field specs must target scalar nodes');
    holder[key] = namespace;
  };
  const others = specs.filter((s) => s.path !== 'metadata/namespace' && !((s.kind === 'RoleBinding' || s.kind === 'ClusterRoleBinding') && s.path === 'subjects'));
  for (const r of m.resources()) {
    if (r.isEmpty()) continue;
    r.storePreviousId(m.scope);
    if (!isClusterScoped(r.gvk(), m.scope)) {
      walkFieldSpec(r, { path: 'metadata/namespace', create: true }, 'scalar', setter);
    }
    if (r.kind === 'RoleBinding' || r.kind === 'ClusterRoleBinding') setDefaultSubjectsNamespace(r, namespace);
    for (const s of others) {
      // A Namespace object takes the namespace as its name, but only the core v1 kind.
      if (s.path === 'metadata/name' && s.kind === 'Namespace' && r.apiVersion !== 'v1') continue;
      walkFieldSpec(r, s, 'scalar', setter);
    }
  }
  const seen = new Set<string>();
  for (const r of m.resources()) {
    const key = m.idKey(r.curId());
    if (seen.has(key)) throw new KustomizeBuildError(`namespace transformation produces ID conflict: ${resIdString(r.curId())}`);
    seen.add(key);
  }
}

function setDefaultSubjectsNamespace(r: Resource, namespace: string): void {
  const subjects = r.obj.subjects;
  if (!Array.isArray(subjects)) return;
  for (const s of subjects) {
    if (isMap(s) && s.name === 'default') s.namespace = namespace;
  }
}

const PREFIX_SKIP = [{ kind: 'CustomResourceDefinition' }, { group: 'apiregistration.k8s.io', kind: 'APIService' }, { kind: 'Namespace' }];

/** Adds a name prefix and suffix on the name fields (CRDs, APIServices and Namespaces keep their names). */
export function transformPrefixSuffix(m: ResMap, affix: { prefix: string; suffix: string }, specs: { prefix: readonly FieldSpec[]; suffix: readonly FieldSpec[] }): void {
  applyAffix(m, affix.prefix, specs.prefix, 'prefix');
  applyAffix(m, affix.suffix, specs.suffix, 'suffix');
}

function applyAffix(m: ResMap, affix: string, specs: readonly FieldSpec[], which: 'prefix' | 'suffix'): void {
  for (const r of m.resources()) {
    const org = r.orgId();
    if (PREFIX_SKIP.some((s) => gvkSelected(org, s))) continue;
    for (const fs of specs) {
      if (!gvkSelected(org, fs)) continue;
      if (fs.path === 'metadata/name' && affix !== '') {
        (which === 'prefix' ? r.meta.prefixes : r.meta.suffixes).push(affix);
        r.storePreviousId(m.scope);
      }
      walkFieldSpec(r, fs, 'scalar', (holder, key) => {
        const v = holder[key];
        if (v !== null && typeof v === 'object') throw new KustomizeBuildError(`${which} field specs must target scalar nodes`);
        const text = v === undefined || v === null ? '' : String(v);
        holder[key] = which === 'prefix' ? affix + text : text + affix;
      });
    }
  }
}

/** Sets each key/value on the map fields the specs designate (labels, selectors, annotations). */
export function transformMapEntries(m: ResMap, entries: Readonly<Record<string, string>>, specs: readonly FieldSpec[]): void {
  const keys = Object.keys(entries).sort();
  if (keys.length === 0) return;
  for (const r of m.resources()) {
    for (const k of keys) {
      for (const fs of specs) {
        walkFieldSpec(r, fs, 'map', (holder, key) => {
          const target = holder[key];
          if (!isMap(target)) {
            if (target === null || target === undefined) return;
            throw new KustomizeBuildError(`wrong node kind: expected MappingNode but got ${Array.isArray(target) ? 'SequenceNode' : 'ScalarNode'}: node contents:\n${String(target)}`);
          }
          target[k] = entries[k]!;
        });
      }
    }
  }
}
