import { fieldSchema, type FieldSchema } from '@sluice/k8s-schema';
import { StrategicMergePatchError } from '../errors.js';
import { isJsonObject, jsonEqual, ownValue, setOwn, type JsonObject, type JsonValue } from '../json.js';
import {
  Directive,
  badArgType,
  childPath,
  directiveTarget,
  discardNulls,
  parsePatchStrategy,
  removeDirectives,
  show,
  stripDirectiveKeys,
} from './directives.js';
import { elementKind, mergeList, mergeListWithView, type ListMeta, type MergedList } from './merge-list.js';
import { normalizeElementOrder, partitionByPresence } from './order.js';

/** Patch metadata of field `key` of a map: its schema, strategy and (for lists) merge key. */
function fieldMeta(schema: FieldSchema | undefined, key: string, field: string): { node: FieldSchema | undefined; strategy: string; list: ListMeta } {
  const node = fieldSchema(schema, key);
  const { strategy } = parsePatchStrategy(node?.patchStrategy, field);
  return { node, strategy, list: { items: node?.items, mergeKey: node?.patchMergeKey ?? '' } };
}

/**
 * apimachinery's mergeMap: merges `patch` into `original` (both owned by the caller and mutated), honouring
 * `$patch`, `$retainKeys`, `$setElementOrder/...` and `$deleteFromPrimitiveList/...`, and returns the result.
 */
export function mergeMap(field: string, original: JsonObject, patch: JsonObject, schema: FieldSchema | undefined): JsonObject {
  if (Object.hasOwn(patch, Directive.patch)) return mapDirective(field, patch);
  applyRetainKeys(field, original, patch);
  applySetElementOrder(field, original, patch, schema);
  for (const [rawKey, patchValue] of Object.entries(patch)) {
    const isDeleteList = rawKey.startsWith(Directive.deleteFromPrimitiveListPrefix);
    const key = isDeleteList ? directiveTarget(rawKey, Directive.deleteFromPrimitiveListPrefix, childPath(field, rawKey)) : rawKey;
    mergeField(childPath(field, key), original, key, patchValue, schema, isDeleteList);
  }
  return original;
}

function mergeField(field: string, original: JsonObject, key: string, patchValue: JsonValue, schema: FieldSchema | undefined, isDeleteList: boolean): void {
  if (patchValue === null) {
    delete original[key];
    return;
  }
  const current = ownValue(original, key);
  const sameShape = current !== undefined && (Array.isArray(current) ? Array.isArray(patchValue) : isJsonObject(current) && isJsonObject(patchValue));
  if (!sameShape) {
    if (!isDeleteList) takePatchValue(original, key, discardNulls(patchValue));
    return;
  }
  const meta = fieldMeta(schema, key, field);
  if (isJsonObject(current)) {
    const patchMap = patchValue as JsonObject;
    setOwn(original, key, meta.strategy === Directive.replace ? stripDirectiveKeys(patchMap) : mergeMap(field, current, patchMap, meta.node));
    return;
  }
  const list = current as JsonValue[];
  const patchList = patchValue as JsonValue[];
  if (meta.strategy === Directive.merge || isDeleteList) setOwn(original, key, mergeList(field, list, patchList, meta.list, isDeleteList));
  else setOwn(original, key, stripDirectiveKeys(patchList));
}

/** Where the original has nothing comparable, the patch value is taken, minus its directives (removeDirectives). */
function takePatchValue(original: JsonObject, key: string, value: JsonValue): void {
  const kept = removeDirectives(value);
  if (kept === undefined) delete original[key];
  else setOwn(original, key, kept);
}

/** `$patch` on a map: `replace` makes the patch the value, `delete` empties it; anything else is an error. */
function mapDirective(field: string, patch: JsonObject): JsonObject {
  const directive = patch[Directive.patch];
  if (directive === Directive.replace) {
    const rest = { ...patch };
    delete rest[Directive.patch];
    return stripDirectiveKeys(rest) as JsonObject;
  }
  if (directive === Directive.delete) return {};
  throw new StrategicMergePatchError(field, `unknown patch type: ${show(directive)} in map: ${show(patch)}`);
}

/**
 * `$retainKeys`: every non-null patch key must be listed, and original keys not listed are cleared. The directive
 * is consumed from `patch`.
 */
function applyRetainKeys(field: string, original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, Directive.retainKeys)) return;
  const retain = patch[Directive.retainKeys];
  delete patch[Directive.retainKeys];
  const at = childPath(field, Directive.retainKeys);
  if (!Array.isArray(retain)) throw new StrategicMergePatchError(at, `invalid patch format of retainKeys: expected a list, got ${show(retain)}`);
  const listed = (k: string) => retain.some((r) => r === k);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(Directive.deleteFromPrimitiveListPrefix) || k.startsWith(Directive.setElementOrderPrefix)) continue;
    if (!listed(k)) throw new StrategicMergePatchError(at, `invalid patch format of retainKeys: ${JSON.stringify(k)} is in the patch but not in the list`);
  }
  for (const k of Object.keys(original)) if (!listed(k)) delete original[k];
}

/**
 * `$setElementOrder/<list>`: merges the list (if the patch has it) and orders the result by the directive, then
 * removes both the directive and the list from `patch` so the main loop skips them.
 */
function applySetElementOrder(field: string, original: JsonObject, patch: JsonObject, schema: FieldSchema | undefined): void {
  for (const directiveKey of Object.keys(patch)) {
    if (!directiveKey.startsWith(Directive.setElementOrderPrefix)) continue;
    const order = patch[directiveKey]!;
    delete patch[directiveKey];
    const at = childPath(field, directiveKey);
    if (!Array.isArray(order)) throw badArgType(at, 'slice', order);
    const key = directiveTarget(directiveKey, Directive.setElementOrderPrefix, at);
    const listField = childPath(field, key);
    const current = listValue(listField, ownValue(original, key));
    const patchList = listValue(listField, ownValue(patch, key));
    const meta = fieldMeta(schema, key, listField);
    validateAgainstOrder(at, patchList ?? [], order, meta.list.mergeKey);
    const outcome = mergeForOrder(listField, current, patchList, meta);
    if (outcome === undefined) continue;
    delete patch[key];
    const kind = elementKind(listField, outcome.view, patchList ?? []);
    if (kind === undefined) {
      setOwn(original, key, outcome.merged);
      continue;
    }
    const mergeKey = meta.list.mergeKey;
    const { present, absent } = partitionByPresence(listField, outcome.merged, order, mergeKey, kind);
    setOwn(original, key, normalizeElementOrder(listField, present, absent, order, outcome.view, mergeKey, kind));
  }
}

function listValue(field: string, value: JsonValue | undefined): JsonValue[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw badArgType(field, 'slice', value);
  return value;
}

/** The list a `$setElementOrder` directive orders, and the original's view to order server-only items against. */
function mergeForOrder(field: string, current: JsonValue[] | undefined, patchList: JsonValue[] | undefined, meta: ReturnType<typeof fieldMeta>): MergedList | undefined {
  if (current !== undefined && patchList === undefined) return { merged: current, view: current };
  if (current === undefined && patchList !== undefined) return { merged: removeDirectives(patchList) as JsonValue[], view: [] };
  if (current !== undefined && patchList !== undefined) {
    if (meta.strategy === Directive.merge) return mergeListWithView(field, current, patchList, meta.list, false);
    return { merged: stripDirectiveKeys(patchList) as JsonValue[], view: current };
  }
  return undefined;
}

/**
 * apimachinery's validatePatchWithSetOrderList: the patch list's elements (deletions and directive elements aside)
 * must appear in the `$setElementOrder` list, in the same relative order.
 */
function validateAgainstOrder(field: string, patchList: readonly JsonValue[], order: readonly JsonValue[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey === '' ? patchList : patchList.filter((item) => {
    if (!isJsonObject(item)) throw badArgType(field, 'map', item);
    return item[Directive.patch] !== Directive.delete;
  });
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p]!;
    if (isJsonObject(item) && Object.hasOwn(item, Directive.patch)) {
      p++;
      continue;
    }
    if (sameElement(field, item, order[o]!, mergeKey)) p++;
    o++;
  }
  if (p < items.length) throw new StrategicMergePatchError(field, `the order in patch list ${show(patchList)} doesn't match $setElementOrder list ${show(order)}`);
}

function sameElement(field: string, a: JsonValue, b: JsonValue, mergeKey: string): boolean {
  if (mergeKey === '') return jsonEqual(a, b);
  for (const side of [a, b]) {
    if (!isJsonObject(side)) throw badArgType(field, 'map', side);
    if (!Object.hasOwn(side, mergeKey)) throw new StrategicMergePatchError(field, `map: ${show(side)} does not contain declared merge key: ${mergeKey}`);
  }
  return jsonEqual((a as JsonObject)[mergeKey], (b as JsonObject)[mergeKey]);
}
