/**
 * Strategic merge as kustomize does it: a port of the behaviour of kyaml's `merge2` walker, not of apimachinery's
 * strategic merge patch. Where they differ (see the package README): list elements come out in the patch's order
 * followed by the remaining original elements, lists without a schema merge key are replaced even when their
 * elements have `name` fields, a null in the original survives unless the patch touches it, and
 * `$setElementOrder`/`$retainKeys` directives are not interpreted (they stay in the output, as with kustomize).
 */
import { fieldSchema } from '@sluice/k8s-schema';
import type { FieldSchema } from '@sluice/k8s-schema';
import { KustomizeBuildError } from '../errors.js';
import { emitDocument } from '../yaml/emit.js';
import { isMap, newMap } from '../yaml/value.js';
import type { YMap, YValue } from '../yaml/value.js';

/** A value that kustomize keeps as an explicit null (a null in the original the patch does not mention). */
const KEEP_NULL = Symbol('keep-null');
type Walked = YValue | undefined | typeof KEEP_NULL;

/**
 * Merges `patch` into `target` (neither is modified) and returns the result, or undefined when the patch deletes
 * the whole object (`$patch: delete` at its top).
 */
export function strategicMerge(target: YMap, patch: YMap, schema: FieldSchema | undefined): YMap | undefined {
  const out = walk(target, patch, schema);
  if (out === undefined || out === KEEP_NULL || out === null) return undefined;
  return out as YMap;
}

type Kind = 'map' | 'seq' | 'scalar';

function kindOf(v: YValue | undefined): Kind | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return 'seq';
  if (isMap(v)) return 'map';
  return 'scalar';
}

const KIND_NAMES: Record<Kind, string> = { map: 'MappingNode', seq: 'SequenceNode', scalar: 'ScalarNode' };

function walk(dest: YValue | undefined, src: YValue | undefined, schema: FieldSchema | undefined): Walked {
  const kind = kindOf(dest) ?? kindOf(src);
  for (const v of [dest, src]) {
    const k = kindOf(v);
    if (k !== undefined && kind !== undefined && k !== kind) {
      throw new KustomizeBuildError(`wrong node kind: expected ${KIND_NAMES[kind]} but got ${KIND_NAMES[k]}: node contents:\n${contents(v!)}`);
    }
  }
  if (kind === 'seq') return walkSeq(dest as YValue[] | null | undefined, src, schema);
  if (kind === 'scalar') return src !== undefined ? src : dest;
  return walkMap(dest as YMap | null | undefined, src as YMap | null | undefined, schema);
}

function contents(v: YValue): string {
  if (typeof v !== 'object' || v === null) return String(v);
  return emitDocument(v).trimEnd();
}

/** Splits a `$patch` directive off a map. */
function directive(src: YMap): { ps: string | undefined; origin: YMap } {
  if (!('$patch' in src)) return { ps: undefined, origin: src };
  const origin = newMap();
  for (const k of Object.keys(src)) if (k !== '$patch') origin[k] = src[k]!;
  const v = src.$patch;
  return { ps: typeof v === 'string' ? v : undefined, origin };
}

function walkMap(dest: YMap | null | undefined, src: YMap | null | undefined, schema: FieldSchema | undefined): Walked {
  if (src === null) return undefined;
  if (src === undefined && dest === null) return KEEP_NULL;
  const { ps, origin } = src === undefined ? { ps: undefined, origin: undefined } : directive(src);
  if (ps === 'delete') return undefined;
  const base = ps === 'replace' || dest === undefined || dest === null ? origin : dest;
  if (base === undefined) return undefined;
  const out = newMap();
  const names = new Set([...Object.keys(base), ...(origin ? Object.keys(origin) : [])]);
  for (const k of names) {
    const v = walk(base[k], origin?.[k], fieldSchema(schema, k));
    if (v === KEEP_NULL) out[k] = null;
    else if (v !== undefined && v !== null) out[k] = v;
  }
  return out;
}

/** The list's merge keys per the schema, or undefined when the list is replaced as a whole. */
function mergeKeys(schema: FieldSchema | undefined): string[] | undefined {
  const ps = schema?.patchStrategy;
  if (ps === undefined || !ps.includes('merge')) return undefined;
  if (schema?.listMapKeys && schema.listMapKeys.length > 0) return [...schema.listMapKeys];
  return schema?.patchMergeKey ? [schema.patchMergeKey] : [];
}

function walkSeq(dest: YValue[] | null | undefined, src: YValue | undefined, schema: FieldSchema | undefined): Walked {
  const keys = mergeKeys(schema);
  if (keys === undefined) return src !== undefined ? src : dest;
  if (src === null) return dest === undefined || dest === null ? undefined : undefined;
  let origin = src as YValue[] | undefined;
  let replace = false;
  if (origin) {
    const kept = origin.filter((el) => !(isMap(el) && el.$patch === 'replace'));
    replace = kept.length !== origin.length;
    origin = kept;
  }
  const base = replace || dest === undefined || dest === null ? origin : dest;
  if (base === undefined) return dest;
  const other = origin ?? [];
  const order: string[] = [];
  const seen = new Set<string>();
  for (const list of [other, base]) {
    for (const el of list) {
      const id = elementId(el, keys);
      if (!seen.has(id)) {
        seen.add(id);
        order.push(id);
      }
    }
  }
  const out: YValue[] = [];
  for (const id of order) {
    const v = walk(findElement(base, id, keys), findElement(other, id, keys), schema?.items);
    if (v === KEEP_NULL) out.push(null);
    else if (v !== undefined && v !== null) out.push(v);
  }
  return out;
}

function elementId(el: YValue, keys: readonly string[]): string {
  if (keys.length === 0 || !isMap(el)) return JSON.stringify(scalarText(el));
  return JSON.stringify(keys.map((k) => scalarText(el[k])));
}

function scalarText(v: YValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return '';
  return String(v);
}

function findElement(list: readonly YValue[], id: string, keys: readonly string[]): YValue | undefined {
  return list.find((el) => elementId(el, keys) === id);
}
