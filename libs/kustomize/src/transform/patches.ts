/**
 * The patch transformers: `patches` (strategic merge or JSON 6902, inline or from a file, with or without a target
 * selector), the legacy `patchesStrategicMerge` and `patchesJson6902`.
 */
import type { FieldSchema } from '@sluice/k8s-schema';
import { KustomizeBuildError, wrapError } from '../errors.js';
import type { Loader } from '../kustfile/loader.js';
import type { Patch, Selector } from '../kustfile/types.js';
import { applyJsonPatch, decodeJsonPatch } from '../merge/jsonpatch.js';
import type { JsonPatchOp } from '../merge/jsonpatch.js';
import { strategicMerge } from '../merge/merge2.js';
import { resourcesFromText } from '../resource/factory.js';
import { resIdString } from '../resource/resid.js';
import type { Gvk } from '../resource/resid.js';
import type { ResMap } from '../resource/resmap.js';
import type { Resource } from '../resource/resource.js';
import { selectResources } from '../resource/select.js';
import { parseYamlDocument } from '../yaml/parse.js';
import { isMap, newMap } from '../yaml/value.js';

/** Finds the merge schema of a type (built-in or declared with `crds`/`openapi`). */
export type SchemaResolver = (gvk: Gvk) => FieldSchema | undefined;

/** Parsing limits for patch text. */
export interface PatchContext {
  readonly schema: SchemaResolver;
  readonly maxDepth: number;
  readonly maxNodes: number;
}

/** A patch loaded and classified. */
type LoadedPatch =
  | { kind: 'smp'; patches: Resource[]; target: Selector | undefined; source: string }
  | { kind: 'json'; ops: JsonPatchOp[]; target: Selector | undefined; source: string };

/** Loads one entry of `patches`. */
export async function loadPatch(ldr: Loader, p: Patch, ctx: PatchContext): Promise<LoadedPatch> {
  const inline = (p.patch ?? '').trim();
  if (inline === '' && !p.path) throw new KustomizeBuildError('must specify one of patch and path');
  if (inline !== '' && p.path) throw new KustomizeBuildError("patch and path can't be set at the same time");
  const text = p.path ? await ldr.loadText(p.path) : inline;
  const source = p.path ? `[path: "${p.path}"]` : `[patch: ${JSON.stringify(inline)}]`;
  const sm = tryParse(() => resourcesFromText(text, { dialect: 'v3', file: source, ...ctx }));
  // A document that parsed into resources cannot also be a list of operations; skip the second parse then.
  const json: { ok: true; value: JsonPatchOp[] } | { ok: false } = sm.ok && sm.value.length > 0 ? { ok: false } : tryParse(() => jsonOpsFromText(text, ctx));
  if (sm.ok && json.ok) throw new KustomizeBuildError(`illegally qualifies as both an SM and JSON patch: ${source}`);
  if (!sm.ok && !json.ok) throw new KustomizeBuildError(`unable to parse SM or JSON patch from ${source}`);
  if (sm.ok) {
    for (const r of sm.value) {
      r.meta.allowNameChange = p.options?.allowNameChange === true;
      r.meta.allowKindChange = p.options?.allowKindChange === true;
    }
    return { kind: 'smp', patches: sm.value, target: p.target, source };
  }
  return { kind: 'json', ops: (json as { ok: true; value: JsonPatchOp[] }).value, target: p.target, source };
}

function tryParse<T>(f: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: f() };
  } catch {
    return { ok: false };
  }
}

/** JSON 6902 operations from YAML or JSON text (YAML is read with sigs.k8s.io/yaml's YAML 1.1 rules). */
export function jsonOpsFromText(text: string, limits: { maxDepth: number; maxNodes: number }): JsonPatchOp[] {
  if (text.trim() === '') throw new KustomizeBuildError('empty json patch operations');
  const v = parseYamlDocument(text, { dialect: text.trimStart().startsWith('[') ? 'v3' : 'v2', file: 'patch', ...limits });
  return decodeJsonPatch(v);
}

/** Applies a loaded `patches` entry. */
export function applyPatch(m: ResMap, lp: LoadedPatch, ctx: PatchContext): void {
  if (lp.kind === 'json') {
    if (!lp.target) throw new KustomizeBuildError(`must specify a target for JSON patch ${lp.source}`);
    for (const r of selectResources(m, lp.target)) {
      r.storePreviousId(m.scope);
      applyJson(r, lp.ops);
    }
    return;
  }
  if (!lp.target) {
    for (const patch of lp.patches) applySmToUnique(m, patch, ctx);
    return;
  }
  const selected = new Set(selectResources(m, lp.target));
  for (const patch of lp.patches) {
    for (const r of m.resources().filter((x) => selected.has(x))) {
      const copy = patch.clone();
      copy.obj.apiVersion = r.apiVersion;
      applySmPatch(r, copy, ctx);
      if (r.isEmpty()) m.remove(r);
    }
  }
}

/** The strategic merge patch of a patch resource onto the single resource its id names. */
export function applySmToUnique(m: ResMap, patch: Resource, ctx: PatchContext): void {
  const id = patch.orgId();
  const matches = m.byAnyId(id);
  if (matches.length !== 1) {
    const why = matches.length > 1 ? `multiple matches for Id ${resIdString(id)}` : `no matches for Id ${resIdString(id)}`;
    throw new KustomizeBuildError(`${why}; failed to find unique target for patch ${resIdString(id)}`);
  }
  const target = matches[0]!;
  applySmPatch(target, patch, ctx);
  if (target.isEmpty()) m.remove(target);
}

/** kustomize's Resource.ApplySmPatch: merge, then restore kind and name (unless allowed to change) and namespace. */
export function applySmPatch(target: Resource, patch: Resource, ctx: PatchContext): void {
  const { name, namespace, kind } = target;
  if (patch.meta.allowNameChange || patch.meta.allowKindChange) target.storePreviousId();
  const merged = strategicMerge(target.obj, patch.obj, ctx.schema(target.gvk()));
  if (merged === undefined || Object.keys(merged).length === 0) {
    target.obj = newMap();
    return;
  }
  target.obj = merged;
  if (!patch.meta.allowKindChange) target.kind = kind;
  if (!patch.meta.allowNameChange) target.name = name;
  target.namespace = namespace;
}

function applyJson(r: Resource, ops: readonly JsonPatchOp[]): void {
  const out = applyJsonPatch(r.obj, ops);
  if (!isMap(out)) throw new KustomizeBuildError(`json patch on ${resIdString(r.curId())} did not produce an object`);
  r.obj = out;
}

/** Loads `patchesStrategicMerge` entries: each is inline YAML or a file path; empty files are skipped. */
export async function loadPatchesStrategicMerge(ldr: Loader, entries: readonly string[], ctx: PatchContext): Promise<Resource[]> {
  const out: Resource[] = [];
  for (const [i, entry] of entries.entries()) {
    const inline = tryParse(() => resourcesFromText(entry, { dialect: 'v3', file: `patchesStrategicMerge[${i}]`, ...ctx }));
    if (inline.ok && inline.value.length > 0) {
      out.push(...inline.value);
      continue;
    }
    try {
      out.push(...resourcesFromText(await ldr.loadText(entry), { dialect: 'v3', file: entry, ...ctx }));
    } catch (err) {
      throw wrapError(err, `patchesStrategicMerge[${i}] ${entry}`);
    }
  }
  if (out.length === 0) throw new KustomizeBuildError(`patch appears to be empty; files=[${entries.join(' ')}]`);
  return out;
}

/** Loads a legacy `patchesJson6902` entry's operations. */
export async function loadJson6902(ldr: Loader, p: Patch, ctx: PatchContext): Promise<JsonPatchOp[]> {
  if (!p.target) throw new KustomizeBuildError('must specify a target for patch');
  const text = p.path ? await ldr.loadText(p.path) : (p.patch ?? '');
  if (text.trim() === '') throw new KustomizeBuildError('empty file path and empty jsonOp');
  return jsonOpsFromText(text, ctx);
}

/** Applies legacy JSON 6902 operations to every resource the target selects. */
export function applyJson6902(m: ResMap, target: Selector, ops: readonly JsonPatchOp[]): void {
  for (const r of selectResources(m, target)) applyJson(r, ops);
}
