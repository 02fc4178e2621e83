/**
 * Target selection for patches and replacements: GVK, name and namespace as anchored regular expressions, plus
 * Kubernetes label and annotation selectors, matched against original and current ids as kustomize does.
 */
import { KustomizeBuildError } from '../errors.js';
import type { Selector } from '../kustfile/types.js';
import { effectiveNamespace } from './resid.js';
import type { ResMap } from './resmap.js';
import type { Resource } from './resource.js';

function anchored(pattern: string | undefined, field: string): RegExp | undefined {
  if (pattern === undefined || pattern === '') return undefined;
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch (err) {
    throw new KustomizeBuildError(`invalid ${field} regular expression ${JSON.stringify(pattern)}`, { cause: err });
  }
}

/** A compiled selector. */
export interface CompiledSelector {
  matches(r: Resource, m: ResMap): boolean;
}

/** Compiles a selector; invalid regular expressions and label selectors fail here. */
export function compileSelector(s: Selector): CompiledSelector {
  const group = anchored(s.group, 'group');
  const version = anchored(s.version, 'version');
  const kind = anchored(s.kind, 'kind');
  const name = anchored(s.name, 'name');
  const namespace = anchored(s.namespace, 'namespace');
  const labels = s.labelSelector ? parseLabelSelector(s.labelSelector) : undefined;
  const annotations = s.annotationSelector ? parseLabelSelector(s.annotationSelector) : undefined;
  return {
    matches(r, m) {
      const cur = r.curId();
      const org = r.orgId();
      if (namespace && !namespace.test(effectiveNamespace(org, m.scope)) && !namespace.test(effectiveNamespace(cur, m.scope))) return false;
      if (name && !name.test(org.name) && !name.test(cur.name)) return false;
      const g = r.gvk();
      if (group && !group.test(g.group)) return false;
      if (version && !version.test(g.version)) return false;
      if (kind && !kind.test(g.kind)) return false;
      if (labels && !labels(r.labels())) return false;
      if (annotations && !annotations(r.annotations())) return false;
      return true;
    },
  };
}

/** The resources a selector picks, in order. */
export function selectResources(m: ResMap, s: Selector): Resource[] {
  const c = compileSelector(s);
  return m.resources().filter((r) => c.matches(r, m));
}

type Requirement = (labels: Readonly<Record<string, string>>) => boolean;

/** Parses a Kubernetes label selector (`a=b,c!=d,e in (f,g),!h,i`). */
export function parseLabelSelector(text: string): Requirement {
  const reqs: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    const p = part.trim();
    if (p === '') continue;
    reqs.push(parseRequirement(p, text));
  }
  return (labels) => reqs.every((r) => r(labels));
}

function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function parseRequirement(p: string, all: string): Requirement {
  let m = /^!\s*([^\s=!(),]+)$/.exec(p);
  if (m) {
    const k = m[1]!;
    return (l) => !(k in l);
  }
  m = /^([^\s=!(),]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(p);
  if (m) {
    const k = m[1]!;
    const values = new Set(m[3]!.split(',').map((v) => v.trim()));
    return m[2] === 'in' ? (l) => k in l && values.has(l[k]!) : (l) => !(k in l) || !values.has(l[k]!);
  }
  m = /^([^\s=!(),]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/.exec(p);
  if (m) {
    const k = m[1]!;
    const v = m[3]!;
    return m[2] === '!=' ? (l) => l[k] !== v : (l) => l[k] === v;
  }
  m = /^([^\s=!(),]+)$/.exec(p);
  if (m) {
    const k = m[1]!;
    return (l) => k in l;
  }
  throw new KustomizeBuildError(`unable to parse requirement: invalid label selector ${JSON.stringify(all)}`);
}
