/**
 * A resource being built: its object plus the bookkeeping kustomize keeps in build annotations (previous names for
 * name references, generator behaviour, hash suffix requests, prefixes and suffixes applied).
 */
import { deepCopy, isMap, newMap } from '../yaml/value.js';
import type { YMap, YValue } from '../yaml/value.js';
import { effectiveNamespace, parseGroupVersion } from './resid.js';
import type { Gvk, ResId, ScopeOverrides } from './resid.js';
import type { Origin } from '../build/origin.js';

/** How a generated resource combines with one of the same id from a base. */
export const GenerationBehavior = { unspecified: 'unspecified', create: 'create', replace: 'replace', merge: 'merge' } as const;
export type GenerationBehavior = (typeof GenerationBehavior)[keyof typeof GenerationBehavior];

/** kustomize's build annotations, kept outside the object. */
export interface BuildMeta {
  prevIds: { kind: string; name: string; namespace: string }[];
  prefixes: string[];
  suffixes: string[];
  allowNameChange: boolean;
  allowKindChange: boolean;
  refBy: string[];
  behavior: GenerationBehavior | undefined;
  needsHash: boolean;
}

function emptyMeta(): BuildMeta {
  return { prevIds: [], prefixes: [], suffixes: [], allowNameChange: false, allowKindChange: false, refBy: [], behavior: undefined, needsHash: false };
}

function copyMeta(m: BuildMeta): BuildMeta {
  return { ...m, prevIds: m.prevIds.map((p) => ({ ...p })), prefixes: [...m.prefixes], suffixes: [...m.suffixes], refBy: [...m.refBy] };
}

/** One object of the build. */
export class Resource {
  obj: YMap;
  meta: BuildMeta;
  /** Names of vars whose values come from this resource. */
  refVarNames: string[] = [];
  /** Where it came from, for `buildMetadata: [originAnnotations]`. */
  origin: Origin | undefined;
  /** Transformers that ran over it, for `buildMetadata: [transformerAnnotations]`. */
  transformations: Origin[] = [];

  constructor(obj: YMap, meta: BuildMeta = emptyMeta()) {
    this.obj = obj;
    this.meta = meta;
  }

  /** A deep copy, bookkeeping included. */
  clone(): Resource {
    const r = new Resource(deepCopy(this.obj), copyMeta(this.meta));
    r.refVarNames = [...this.refVarNames];
    r.origin = this.origin;
    r.transformations = [...this.transformations];
    return r;
  }

  get apiVersion(): string {
    return str(this.obj.apiVersion);
  }

  get kind(): string {
    return str(this.obj.kind);
  }

  set kind(k: string) {
    this.obj.kind = k;
  }

  private gvkCache: { apiVersion: YValue | undefined; kind: YValue | undefined; gvk: Gvk } | undefined;

  /** The group/version/kind (cached until apiVersion or kind change). */
  gvk(): Gvk {
    const { apiVersion, kind } = this.obj;
    const c = this.gvkCache;
    if (c && c.apiVersion === apiVersion && c.kind === kind) return c.gvk;
    const gvk = { ...parseGroupVersion(str(apiVersion)), kind: str(kind) };
    this.gvkCache = { apiVersion, kind, gvk };
    return gvk;
  }

  get name(): string {
    return str(this.metadata()?.name);
  }

  set name(n: string) {
    this.ensureMetadata().name = n;
  }

  get namespace(): string {
    return str(this.metadata()?.namespace);
  }

  set namespace(ns: string) {
    const md = this.ensureMetadata();
    if (ns === '') {
      if ('namespace' in md) delete md.namespace;
      return;
    }
    md.namespace = ns;
  }

  metadata(): YMap | undefined {
    const md = this.obj.metadata;
    return isMap(md) ? md : undefined;
  }

  ensureMetadata(): YMap {
    let md = this.obj.metadata;
    if (!isMap(md)) {
      md = newMap();
      this.obj.metadata = md;
    }
    return md;
  }

  /** The current identity. */
  curId(): ResId {
    return { ...this.gvk(), name: this.name, namespace: this.namespace };
  }

  /** Every earlier identity, oldest first (group and version are the current ones, as in kustomize). */
  prevIds(): ResId[] {
    const g = this.gvk();
    return this.meta.prevIds.map((p) => ({ group: g.group, version: g.version, kind: p.kind, name: p.name, namespace: p.namespace }));
  }

  /** The original identity: the oldest previous one, or the current one. */
  orgId(): ResId {
    return this.prevIds()[0] ?? this.curId();
  }

  /** Records the current identity before a transformer changes name, namespace or kind. */
  storePreviousId(scope?: ScopeOverrides): void {
    const id = this.curId();
    this.meta.prevIds.push({ kind: id.kind, name: id.name, namespace: effectiveNamespace(id, scope) });
  }

  /** A map-valued metadata field (labels, annotations) as a string map; non-string values are stringified. */
  stringMap(field: 'labels' | 'annotations'): Record<string, string> {
    const out: Record<string, string> = {};
    const m = this.metadata()?.[field];
    if (isMap(m)) for (const k of Object.keys(m)) out[k] = str(m[k]);
    return out;
  }

  labels(): Record<string, string> {
    return this.stringMap('labels');
  }

  annotations(): Record<string, string> {
    return this.stringMap('annotations');
  }

  /** Replaces a metadata map field; an empty map removes the field, as kyaml's setters do. */
  setStringMap(field: 'labels' | 'annotations', m: Record<string, string>): void {
    const md = this.ensureMetadata();
    const keys = Object.keys(m);
    if (keys.length === 0) {
      delete md[field];
      return;
    }
    const out = newMap();
    for (const k of keys) out[k] = m[k]!;
    md[field] = out;
  }

  /** Whether the object is null or an empty map (a `$patch: delete` leaves one). */
  isEmpty(): boolean {
    return Object.keys(this.obj).length === 0;
  }
}

/** A scalar as a Go string field would hold it ('' when absent). */
export function str(v: YValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return '';
  return String(v);
}
