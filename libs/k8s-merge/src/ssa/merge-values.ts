import type { FieldSchema } from '@sluice/k8s-schema';
import { cloneJson, isJsonObject, setOwn, type JsonObject, type JsonValue } from '../json.js';
import { firstOfEachKey, indexList, mapChild, mismatched, shapeOf, type Shape } from './schema-view.js';

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
 * where the applied list puts them. A key the live list repeats is taken once from the configuration where both
 * have it, and kept repeated otherwise. Returns undefined when either list cannot be keyed (the config wins whole).
 */
function mergeLists(shape: Shape & { kind: 'list' }, live: JsonValue, config: JsonValue): JsonValue[] | undefined {
  const lhs = indexList(shape, Array.isArray(live) ? live : []);
  const rhs = indexList(shape, Array.isArray(config) ? config : []);
  if (lhs.errors.length > 0 || rhs.errors.length > 0) return undefined;
  const rhsItems = firstOfEachKey(rhs.items);
  // The live value of a key, or undefined when the live list repeats it (then only the configuration counts).
  const lhsUnique = new Map<string, JsonValue | undefined>();
  for (const item of lhs.items) lhsUnique.set(item.key, lhsUnique.has(item.key) ? undefined : item.value);
  const rhsByKey = new Map(rhsItems.map((i) => [i.key, i.value]));
  const steps = mergeSteps(lhs.items.map((i) => i.key), rhsItems.map((i) => i.key), lhsUnique, rhsByKey);
  return steps.map((step) =>
    'lhs' in step ? cloneJson(lhs.items[step.lhs]!.value) : mergeValues(lhsUnique.get(step.rhs), rhsByKey.get(step.rhs), shape.items)!,
  );
}

/** One element of the merged list: a live-only element (by position) or a configured key. */
type MergeStep = { readonly lhs: number } | { readonly rhs: string };

/** The merged list's elements in structured-merge-diff's order (see {@link mergeLists}). */
function mergeSteps(lhs: readonly string[], rhs: readonly string[], inLhs: ReadonlyMap<string, unknown>, inRhs: ReadonlyMap<string, unknown>): MergeStep[] {
  const shared = rhs.filter((key) => inLhs.has(key));
  let nextShared = shared.shift();
  const steps: MergeStep[] = [];
  const merged = new Set<string>();
  const takeRhs = (key: string) => {
    merged.add(key);
    steps.push({ rhs: key });
  };
  let li = 0;
  let ri = 0;
  while (li < lhs.length || ri < rhs.length) {
    if (li < lhs.length && ri < rhs.length) {
      if (lhs[li] === rhs[ri]) {
        takeRhs(rhs[ri]!);
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
    if (li < lhs.length && (!inRhs.has(lhs[li]!) || merged.has(lhs[li]!))) {
      if (!inRhs.has(lhs[li]!)) steps.push({ lhs: li });
      li++;
      continue;
    }
    if (ri < rhs.length) {
      takeRhs(rhs[ri]!);
      if (nextShared === rhs[ri]) nextShared = shared.shift();
      ri++;
    }
  }
  return steps;
}
