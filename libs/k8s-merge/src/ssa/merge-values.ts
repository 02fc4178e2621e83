import type { FieldSchema } from '@sluice/k8s-schema';
import { cloneJson, isJsonObject, setOwn, type JsonObject, type JsonValue } from '../json.js';
import { indexList, mapChild, mismatched, shapeOf, type Shape } from './schema-view.js';

/**
 * Merges an applied configuration into the live object as structured-merge-diff's TypedValue.Merge does: the
 * configuration wins on every leaf it sets (scalars, atomic lists and maps), granular maps merge key by key, and
 * keyed lists merge element by element, ordered as the API server orders them. Never mutates its inputs.
 */
export function mergeValues(live: JsonValue | undefined, config: JsonValue | undefined, schema: FieldSchema | undefined): JsonValue | undefined {
  if (config === undefined) return live === undefined ? undefined : cloneJson(live);
  if (live === undefined) return cloneJson(config);
  const shape = shapeOf(schema, live);
  const configShape = shapeOf(schema, config);
  if (shape.kind !== configShape.kind || mismatched(shape, live) || mismatched(shape, config)) return cloneJson(config);
  if (shape.kind === 'scalar' || shape.atomic || (isEmpty(live) && isEmpty(config))) return cloneJson(config);
  if (shape.kind === 'map') return mergeMaps(shape, live, config);
  return mergeLists(shape, live, config) ?? cloneJson(config);
}

function isEmpty(v: JsonValue): boolean {
  if (v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isJsonObject(v) && Object.keys(v).length === 0;
}

function mergeMaps(shape: Shape & { kind: 'map' }, live: JsonValue, config: JsonValue): JsonValue {
  const l: JsonObject = isJsonObject(live) ? live : {};
  const r: JsonObject = isJsonObject(config) ? config : {};
  const out: JsonObject = {};
  for (const key of new Set([...Object.keys(l), ...Object.keys(r)])) {
    const node = mapChild(shape, key)?.node;
    const merged = mergeValues(Object.hasOwn(l, key) ? l[key] : undefined, Object.hasOwn(r, key) ? r[key] : undefined, node);
    if (merged !== undefined) setOwn(out, key, merged);
  }
  return out;
}

/**
 * structured-merge-diff's list merge order: walk the live list and the applied list together; elements present in
 * both follow the applied order, live-only elements keep their place relative to them, applied-only elements come
 * where the applied list puts them. Returns undefined when either list cannot be keyed (then the config wins whole).
 */
function mergeLists(shape: Shape & { kind: 'list' }, live: JsonValue, config: JsonValue): JsonValue[] | undefined {
  const lhs = indexList(shape, Array.isArray(live) ? live : []);
  const rhs = indexList(shape, Array.isArray(config) ? config : []);
  if (lhs.errors.length > 0 || rhs.errors.length > 0) return undefined;
  const lhsByKey = new Map(lhs.items.map((i) => [i.key, i.value]));
  const rhsByKey = new Map(rhs.items.map((i) => [i.key, i.value]));
  const order = mergedOrder(lhs.items.map((i) => i.key), rhs.items.map((i) => i.key), lhsByKey, rhsByKey);
  return order.map((key) => mergeValues(lhsByKey.get(key), rhsByKey.get(key), shape.items)!);
}

/** The keys of the merged list in structured-merge-diff's order (see {@link mergeLists}). */
function mergedOrder(lhs: readonly string[], rhs: readonly string[], inLhs: ReadonlyMap<string, unknown>, inRhs: ReadonlyMap<string, unknown>): string[] {
  const shared = rhs.filter((key) => inLhs.has(key));
  let nextShared = shared.shift();
  const out: string[] = [];
  const emitted = new Set<string>();
  const emit = (key: string) => {
    emitted.add(key);
    out.push(key);
  };
  let li = 0;
  let ri = 0;
  while (li < lhs.length || ri < rhs.length) {
    if (li < lhs.length && ri < rhs.length) {
      if (lhs[li] === rhs[ri]) {
        emit(lhs[li]!);
        li++;
        ri++;
        nextShared = shared.shift();
        continue;
      }
      if (inRhs.has(lhs[li]!) && nextShared !== undefined && nextShared !== lhs[li]) {
        li++;
        continue;
      }
    }
    if (li < lhs.length && (!inRhs.has(lhs[li]!) || emitted.has(lhs[li]!))) {
      if (!emitted.has(lhs[li]!)) emit(lhs[li]!);
      li++;
      continue;
    }
    if (ri < rhs.length) {
      emit(rhs[ri]!);
      if (nextShared === rhs[ri]) nextShared = shared.shift();
      ri++;
    }
  }
  return out;
}
