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

/** A merged list, and the caller's original list as apimachinery leaves it behind (see {@link mergeListWithView}). */
export interface MergedList {
  readonly merged: JsonValue[];
  /**
   * The original list's first `original.length` slots after the merge wrote through Go's shared backing array:
   * `$patch: delete` shifts later elements down in place and the first appended elements land in the freed slots.
   * apimachinery orders a `$setElementOrder` list against this view, so its results depend on it.
   */
  readonly view: JsonValue[];
}

/**
 * Merges a list whose strategy is `merge` (or a `$deleteFromPrimitiveList` list): primitives as a set, maps by
 * merge key with `$patch: delete|replace` elements, then ordered as apimachinery's mergeSlice orders them.
 */
export function mergeList(field: string, original: JsonValue[], patch: JsonValue[], meta: ListMeta, isDeleteList: boolean): JsonValue[] {
  return mergeListWithView(field, original, patch, meta, isDeleteList).merged;
}

/** {@link mergeList}, also returning the aliased view of the original list that `$setElementOrder` orders against. */
export function mergeListWithView(field: string, original: JsonValue[], patch: JsonValue[], meta: ListMeta, isDeleteList: boolean): MergedList {
  if (original.length === 0 && patch.length === 0) return { merged: original, view: original };
  const kind = elementKind(field, original, patch)!;
  if (kind === 'scalar') {
    if (isDeleteList) return { merged: original.filter((item) => !patch.some((d) => jsonEqual(d, item))), view: original };
    const merged = dedupeScalars([...original, ...patch]);
    const { present, absent } = partitionByPresence(field, merged, patch, '', kind);
    return { merged: normalizeElementOrder(field, present, absent, patch, original, '', kind), view: original };
  }
  if (meta.mergeKey === '') throw new StrategicMergePatchError(field, 'cannot merge lists without merge key');
  const shared = new SharedList(original);
  const special = applySpecialElements(field, shared, patch, meta.mergeKey);
  const merged = special.replaced ? special.original : mergeByKey(field, shared, special.patch, meta);
  const { present, absent } = partitionByPresence(field, merged, special.patch, meta.mergeKey, kind);
  return { merged: normalizeElementOrder(field, present, absent, special.patch, special.original, meta.mergeKey, kind), view: shared.view() };
}

/**
 * Go's view of a slice being edited in place: deletions shift the tail down within the original capacity, and
 * appends fill the freed slots first. `items()` is the slice as the merge sees it, `view()` the caller's window.
 */
class SharedList {
  readonly #slots: JsonValue[];
  readonly #capacity: number;
  #length: number;

  constructor(original: readonly JsonValue[]) {
    this.#slots = [...original];
    this.#capacity = original.length;
    this.#length = original.length;
  }

  items(): JsonValue[] {
    return this.#slots.slice(0, this.#length);
  }

  findIndex(predicate: (item: JsonValue) => boolean): number {
    return this.items().findIndex(predicate);
  }

  at(index: number): JsonValue {
    return this.#slots[index]!;
  }

  removeAt(index: number): void {
    this.#slots.copyWithin(index, index + 1, this.#length);
    this.#length--;
  }

  set(index: number, value: JsonValue): void {
    this.#slots[index] = value;
  }

  append(value: JsonValue): void {
    if (this.#length < this.#capacity) this.#slots[this.#length] = value;
    else this.#slots.push(value);
    this.#length++;
  }

  view(): JsonValue[] {
    return this.#slots.slice(0, this.#capacity);
  }
}

function matchesKey(candidate: JsonValue, mergeKey: string, value: JsonValue | undefined): boolean {
  return isJsonObject(candidate) && Object.hasOwn(candidate, mergeKey) && jsonEqual(candidate[mergeKey], value);
}

/**
 * Handles elements carrying `$patch`: `delete` removes every original element with that merge key value,
 * `replace` makes the rest of the patch list the whole list; `merge` and anything else are errors.
 */
function applySpecialElements(field: string, shared: SharedList, patch: JsonValue[], mergeKey: string): { original: JsonValue[]; patch: JsonValue[]; replaced: boolean } {
  const plain: JsonValue[] = [];
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
      const matches = (o: JsonValue) => matchesKey(o, mergeKey, element[mergeKey]);
      for (let k = shared.findIndex(matches); k >= 0; k = shared.findIndex(matches)) shared.removeAt(k);
    } else if (directive === Directive.replace) {
      replace = true;
    } else if (directive === Directive.merge) {
      throw new StrategicMergePatchError(at, 'merging lists cannot yet be specified in the patch');
    } else {
      throw new StrategicMergePatchError(at, `unknown patch type: ${show(directive)} in map: ${show(element)}`);
    }
  });
  if (replace) return { original: plain.map(stripDirectiveKeys), patch: [], replaced: true };
  return { original: shared.items(), patch: plain, replaced: false };
}

/** Merges each patch element into the original element with the same merge key value, or appends it. */
function mergeByKey(field: string, shared: SharedList, patch: JsonValue[], meta: ListMeta): JsonValue[] {
  patch.forEach((item, i) => {
    const element = item as JsonObject;
    const at = childPath(field, i);
    if (!Object.hasOwn(element, meta.mergeKey)) throw noMergeKey(at, element, meta.mergeKey);
    const found = shared.findIndex((o) => matchesKey(o, meta.mergeKey, element[meta.mergeKey]));
    if (found >= 0) shared.set(found, mergeMap(at, shared.at(found) as JsonObject, element, meta.items));
    else shared.append(stripDirectiveKeys(element));
  });
  return shared.items();
}
