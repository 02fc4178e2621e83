import type { FieldSchema } from '@sluice/k8s-schema';
import { StrategicMergePatchError } from '../errors.js';
import { isJsonObject, jsonEqual, jsonKind, type JsonObject, type JsonValue } from '../json.js';
import { Directive, childPath, noMergeKey, show, stripDirectiveKeys } from './directives.js';
import { mergeMap } from './merge-map.js';
import { dedupeScalars, normalizeElementOrder, partitionByPresence, type ElementKind } from './order.js';

/** What a list field's schema says about merging it. */
export interface ListMeta {
  /** Schema of the list's elements, undefined when unknown. */
  readonly items: FieldSchema | undefined;
  /** The element field identifying map elements (`name` for containers); `''` for primitives or unknown. */
  readonly mergeKey: string;
}

/**
 * The kind shared by every element of the lists (apimachinery's sliceElementType), or undefined when all are empty.
 * Lists of lists, null elements and mixed kinds are rejected as the API server rejects them.
 */
export function elementKind(field: string, ...lists: readonly JsonValue[][]): ElementKind | undefined {
  let kind: string | undefined;
  for (const list of lists) {
    for (const item of list) {
      const k = jsonKind(item);
      if (k === 'array') throw new StrategicMergePatchError(field, 'lists of lists are not supported');
      if (k === 'null') throw new StrategicMergePatchError(field, 'list elements must not be null');
      if (kind !== undefined && kind !== k) throw new StrategicMergePatchError(field, `list element types are not identical: ${show(lists)}`);
      kind = k;
    }
  }
  if (kind === undefined) return undefined;
  return kind === 'object' ? 'map' : 'scalar';
}

/**
 * Merges a list whose strategy is `merge` (or a `$deleteFromPrimitiveList` list): primitives as a set, maps by
 * merge key with `$patch: delete|replace` elements, then ordered as apimachinery's mergeSlice orders them.
 */
export function mergeList(field: string, original: JsonValue[], patch: JsonValue[], meta: ListMeta, isDeleteList: boolean): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(field, original, patch)!;
  if (kind === 'scalar') {
    if (isDeleteList) return original.filter((item) => !patch.some((d) => jsonEqual(d, item)));
    const merged = dedupeScalars([...original, ...patch]);
    const { present, absent } = partitionByPresence(field, merged, patch, '', kind);
    return normalizeElementOrder(field, present, absent, patch, original, '', kind);
  }
  if (meta.mergeKey === '') throw new StrategicMergePatchError(field, 'cannot merge lists without merge key');
  const special = applySpecialElements(field, original, patch, meta.mergeKey);
  const merged = mergeByKey(field, special.original, special.patch, meta);
  const { present, absent } = partitionByPresence(field, merged, special.patch, meta.mergeKey, kind);
  return normalizeElementOrder(field, present, absent, special.patch, special.original, meta.mergeKey, kind);
}

/**
 * Handles elements carrying `$patch`: `delete` removes every original element with that merge key value,
 * `replace` makes the rest of the patch list the whole list; `merge` and anything else are errors.
 */
function applySpecialElements(field: string, original: JsonValue[], patch: JsonValue[], mergeKey: string): { original: JsonValue[]; patch: JsonValue[] } {
  const plain: JsonValue[] = [];
  let kept = original;
  let replace = false;
  patch.forEach((item, i) => {
    const element = item as JsonObject;
    if (!Object.hasOwn(element, Directive.patch)) {
      plain.push(element);
      return;
    }
    const directive = element[Directive.patch];
    const at = childPath(field, i);
    if (directive === Directive.delete) {
      if (!Object.hasOwn(element, mergeKey)) throw noMergeKey(at, element, mergeKey);
      kept = kept.filter((o) => !(isJsonObject(o) && Object.hasOwn(o, mergeKey) && jsonEqual(o[mergeKey], element[mergeKey])));
    } else if (directive === Directive.replace) {
      replace = true;
    } else if (directive === Directive.merge) {
      throw new StrategicMergePatchError(at, 'merging lists cannot yet be specified in the patch');
    } else {
      throw new StrategicMergePatchError(at, `unknown patch type: ${show(directive)} in map: ${show(element)}`);
    }
  });
  if (replace) return { original: plain.map(stripDirectiveKeys), patch: [] };
  return { original: kept, patch: plain };
}

/** Merges each patch element into the original element with the same merge key value, or appends it. */
function mergeByKey(field: string, original: JsonValue[], patch: JsonValue[], meta: ListMeta): JsonValue[] {
  const merged = [...original];
  patch.forEach((item, i) => {
    const element = item as JsonObject;
    const at = childPath(field, i);
    if (!Object.hasOwn(element, meta.mergeKey)) throw noMergeKey(at, element, meta.mergeKey);
    const found = merged.findIndex((o) => isJsonObject(o) && Object.hasOwn(o, meta.mergeKey) && jsonEqual(o[meta.mergeKey], element[meta.mergeKey]));
    if (found >= 0) merged[found] = mergeMap(at, merged[found] as JsonObject, element, meta.items);
    else merged.push(stripDirectiveKeys(element));
  });
  return merged;
}
