import { isJsonObject, jsonEqual, type JsonValue } from '../json.js';
import { badArgType, noMergeKey } from './directives.js';

/** Whether list elements are maps (merged by key) or primitives (merged as a set). */
export type ElementKind = 'map' | 'scalar';

/** The value an element is identified by: its merge key's value for maps, itself for primitives. */
function identity(item: JsonValue, mergeKey: string, kind: ElementKind): JsonValue | undefined {
  if (kind !== 'map') return item;
  return isJsonObject(item) ? item[mergeKey] : undefined;
}

function sameIdentity(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return jsonEqual(a, b);
}

/** Position of `item` in `list` by identity, or -1. */
export function indexByIdentity(list: readonly JsonValue[], item: JsonValue, mergeKey: string, kind: ElementKind): number {
  const id = identity(item, mergeKey, kind);
  return list.findIndex((candidate) => sameIdentity(identity(candidate, mergeKey, kind), id));
}

/** Checks that every element of the lists is a map carrying the merge key (apimachinery's validateMergeKeyInLists). */
export function requireMergeKeys(field: string, mergeKey: string, ...lists: readonly JsonValue[][]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isJsonObject(item)) throw badArgType(field, 'map', item);
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(field, item, mergeKey);
    }
  }
}

/** Stable sort of `items` by their position in `order`; items `order` does not name keep their relative place. */
function sortByOrder(field: string, items: JsonValue[], order: readonly JsonValue[], mergeKey: string, kind: ElementKind): JsonValue[] {
  if (kind === 'map') requireMergeKeys(field, mergeKey, items, [...order]);
  const position = (item: JsonValue) => indexByIdentity(order, item, mergeKey, kind);
  return [...items].sort((a, b) => {
    const pa = position(a);
    const pb = position(b);
    return pa >= 0 && pb >= 0 ? pa - pb : 0;
  });
}

/**
 * Interleaves server-only items into the patch items (apimachinery's mergeSortedSlice): a server-only item goes
 * before a patch item only when both appear in `serverOrder` and it comes first there.
 */
function interleave(serverOnly: JsonValue[], patchItems: JsonValue[], serverOrder: readonly JsonValue[], mergeKey: string, kind: ElementKind): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patchItems.length) {
    if (i >= serverOnly.length) out.push(patchItems[j++]!);
    else if (j >= patchItems.length) out.push(serverOnly[i++]!);
    else {
      const li = indexByIdentity(serverOrder, serverOnly[i]!, mergeKey, kind);
      const ri = indexByIdentity(serverOrder, patchItems[j]!, mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(serverOnly[i++]!);
      else out.push(patchItems[j++]!);
    }
  }
  return out;
}

/**
 * Orders a merged list as apimachinery does: patch items in `patchOrder`, server-only items in `serverOrder`, the
 * two interleaved by their positions in `serverOrder` (precedence: $setElementOrder, then patch, then live order).
 */
export function normalizeElementOrder(
  field: string,
  patchItems: JsonValue[],
  serverOnly: JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  const sortedPatch = sortByOrder(field, patchItems, patchOrder, mergeKey, kind);
  const sortedServer = sortByOrder(field, serverOnly, serverOrder, mergeKey, kind);
  return interleave(sortedServer, sortedPatch, serverOrder, mergeKey, kind);
}

/** Splits `merged` into the items `partitionBy` names (by identity) and the others, keeping order. */
export function partitionByPresence(
  field: string,
  merged: readonly JsonValue[],
  partitionBy: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): { present: JsonValue[]; absent: JsonValue[] } {
  const present: JsonValue[] = [];
  const absent: JsonValue[] = [];
  for (const item of merged) {
    if (kind === 'map') requireMergeKeys(field, mergeKey, [item]);
    (indexByIdentity(partitionBy, item, mergeKey, kind) >= 0 ? present : absent).push(item);
  }
  return { present, absent };
}

/**
 * apimachinery's deduplicateScalars, order quirks included: a duplicate is overwritten by the current last element
 * and the list shrinks, so `[a, b, c, b, d]` becomes `[a, b, c, d]` but `[a, b, a, c]` becomes `[a, b, c]`.
 */
export function dedupeScalars(input: readonly JsonValue[]): JsonValue[] {
  const s = [...input];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (jsonEqual(s[i], s[j])) {
        s[j] = s[length]!;
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}
