/**
 * `replacements`: copy a field of one resource into fields of others, selected by id (any of its current or
 * previous ids), labels and annotations, with optional delimiter/index splicing and field creation.
 */
import { KustomizeBuildError, wrapError } from '../errors.js';
import { REPLACEMENT_SHAPE, decodeStrict } from '../kustfile/decode.js';
import type { Loader } from '../kustfile/loader.js';
import type { FieldOptions, Replacement, ReplacementField, Selector } from '../kustfile/types.js';
import { effectiveNamespace, gvkSelected, parseGroupVersion } from '../resource/resid.js';
import type { ResId } from '../resource/resid.js';
import type { ResMap } from '../resource/resmap.js';
import type { Resource } from '../resource/resource.js';
import { parseLabelSelector } from '../resource/select.js';
import { resolvePlain } from '../yaml/resolve.js';
import { parseYamlDocument } from '../yaml/parse.js';
import { deepCopy } from '../yaml/value.js';
import type { YValue } from '../yaml/value.js';
import { matchFieldPath, readRef, splitFieldPath, writeRef } from './fieldpath.js';

/** Loads `replacements` entries: inline ones, and files holding one replacement or a list of them. */
export async function loadReplacements(ldr: Loader, fields: readonly ReplacementField[], limits: { maxDepth: number; maxNodes: number }): Promise<Replacement[]> {
  const out: Replacement[] = [];
  for (const [i, f] of fields.entries()) {
    if (f.path) {
      if (f.source || f.targets) throw new KustomizeBuildError(`replacements[${i}]: cannot specify both path and inline replacement`);
      const doc = parseYamlDocument(await ldr.loadText(f.path), { dialect: 'v3', file: f.path, ...limits });
      const list = Array.isArray(doc) ? doc : [doc];
      for (const d of list) out.push(decodeStrict(d, REPLACEMENT_SHAPE) as Replacement);
    } else {
      out.push({ ...(f.source ? { source: f.source } : {}), ...(f.targets ? { targets: f.targets } : {}) });
    }
  }
  return out;
}

function ids(r: Resource): ResId[] {
  return [r.curId(), ...r.prevIds()];
}

interface IdSelector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

function selectedBy(id: ResId, s: IdSelector, m: ResMap): boolean {
  if (s.name && s.name !== id.name) return false;
  if (s.namespace && effectiveNamespace({ ...id, namespace: s.namespace }, m.scope) !== effectiveNamespace(id, m.scope)) return false;
  return gvkSelected(id, s);
}

/** Newer kustomize reads target selectors as anchored regular expressions; an exact match always counts. */
function patternMatches(pattern: string | undefined, value: string): boolean {
  if (!pattern || pattern === value) return true;
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}

function targetSelectedBy(id: ResId, s: IdSelector, m: ResMap): boolean {
  if (!patternMatches(s.name, id.name)) return false;
  if (s.namespace && !patternMatches(s.namespace, id.namespace) && effectiveNamespace({ ...id, namespace: s.namespace }, m.scope) !== effectiveNamespace(id, m.scope)) return false;
  return patternMatches(s.group, id.group) && patternMatches(s.version, id.version) && patternMatches(s.kind, id.kind);
}

function normalize(s: Selector | IdSelector | undefined): IdSelector {
  if (!s) return {};
  const out: IdSelector = { ...s };
  if ('apiVersion' in s && typeof (s as { apiVersion?: unknown }).apiVersion === 'string') Object.assign(out, parseGroupVersion((s as { apiVersion: string }).apiVersion));
  return out;
}

/** Applies replacements in order. */
export function applyReplacements(m: ResMap, replacements: readonly Replacement[]): void {
  for (const [i, r] of replacements.entries()) {
    try {
      applyOne(m, r);
    } catch (err) {
      throw wrapError(err, `replacements[${i}]`);
    }
  }
}

function applyOne(m: ResMap, r: Replacement): void {
  if (!r.source || !r.targets) throw new KustomizeBuildError('replacements must specify a source and at least one target');
  const value = sourceValue(m, r);
  for (const t of r.targets) {
    if (!t.select) throw new KustomizeBuildError('target must specify resources to select');
    const select = normalize(t.select);
    const paths = t.fieldPaths?.length ? t.fieldPaths : ['metadata.name'];
    const labels = t.select.labelSelector ? parseLabelSelector(t.select.labelSelector) : undefined;
    const annotations = t.select.annotationSelector ? parseLabelSelector(t.select.annotationSelector) : undefined;
    for (const res of m.resources()) {
      if (labels && !labels(res.labels())) continue;
      if (annotations && !annotations(res.annotations())) continue;
      const rid = ids(res);
      if (rid.some((id) => (t.reject ?? []).some((rej) => hasIdFields(rej) && targetSelectedBy(id, normalize(rej), m)))) continue;
      if (rid.some((id) => targetSelectedBy(id, select, m))) copyToTarget(res, value, paths, t.options);
    }
  }
}

function hasIdFields(s: Selector): boolean {
  return Boolean(s.group || s.version || s.kind || s.name || s.namespace);
}

function sourceValue(m: ResMap, r: Replacement): YValue {
  const src = r.source!;
  const sel = normalize(src);
  const matches = m.resources().filter((res) => ids(res).some((id) => selectedBy(id, sel, m)));
  const desc = `${src.kind ?? ''}.${src.version ?? ''}.${src.group ?? ''}/${src.name ?? ''}.${src.namespace ?? ''}`;
  if (matches.length > 1) throw new KustomizeBuildError(`multiple matches for selector ${desc}`);
  if (matches.length === 0) throw new KustomizeBuildError(`nothing selected by ${desc}`);
  const fieldPath = src.fieldPath || 'metadata.name';
  const refs = matchFieldPath(matches[0]!.obj, splitFieldPath(fieldPath));
  const v = refs.length > 0 ? readRef(refs[0]!) : undefined;
  if (v === undefined || v === null || v === '' || (typeof v === 'object' && Object.keys(v).length === 0)) {
    throw new KustomizeBuildError(`fieldPath \`${fieldPath}\` is missing for replacement source ${desc}`);
  }
  return refine(src.options, v);
}

function refine(options: FieldOptions | undefined, v: YValue): YValue {
  if (!options?.delimiter) return v;
  if (typeof v === 'object' && v !== null) throw new KustomizeBuildError('delimiter option can only be used with scalar nodes');
  const parts = String(v).split(options.delimiter);
  const i = options.index ?? 0;
  if (i >= parts.length || i < 0) throw new KustomizeBuildError(`options.index ${i} is out of bounds for value ${String(v)}`);
  return parts[i]!;
}

function copyToTarget(res: Resource, value: YValue, paths: readonly string[], options: FieldOptions | undefined): void {
  for (const fp of paths) {
    const create = options?.create === true;
    const refs = matchFieldPath(res.obj, splitFieldPath(fp), create ? () => (typeof value === 'object' && value !== null ? deepCopy(value) : '') : undefined);
    if (refs.length === 0) {
      throw new KustomizeBuildError(create ? `unable to find or create field "${fp}" in replacement target` : `unable to find field "${fp}" in replacement target`);
    }
    for (const ref of refs) setField(ref, value, options);
  }
}

function setField(ref: Parameters<typeof readRef>[0], value: YValue, options: FieldOptions | undefined): void {
  const current = readRef(ref);
  let v = value;
  if (options?.delimiter) {
    if (typeof current === 'object' && current !== null) throw new KustomizeBuildError('delimiter option can only be used with scalar nodes');
    const parts = current === null ? [''] : String(current).split(options.delimiter);
    const text = typeof value === 'object' && value !== null ? '' : String(value ?? '');
    const i = options.index ?? 0;
    if (i < 0) parts.unshift(text);
    else if (i >= parts.length) parts.push(text);
    else parts[i] = text;
    v = parts.join(options.delimiter);
  }
  if (current !== null && typeof current !== 'object' && (typeof v !== 'object' || v === null)) {
    writeRef(ref, retype(current, v));
    return;
  }
  writeRef(ref, typeof v === 'object' && v !== null ? deepCopy(v) : v);
}

/** A scalar target keeps its type and takes the source's text (kustomize copies only the node's value). */
function retype(current: Exclude<YValue, object | null>, v: YValue): YValue {
  const text = v === null ? 'null' : String(v);
  if (typeof current === 'string') return text;
  const r = resolvePlain(text, 'v3');
  if (typeof current === 'number' || typeof current === 'bigint') {
    if (r.tag === 'int' || r.tag === 'float') return r.value;
    throw new KustomizeBuildError(`cannot decode !!${r.tag} \`${text}\` as a !!${Number.isInteger(current) ? 'int' : 'float'}`);
  }
  if (r.tag === 'bool') return r.value;
  throw new KustomizeBuildError(`cannot decode !!${r.tag} \`${text}\` as a !!bool`);
}
