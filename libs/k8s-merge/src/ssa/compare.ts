import type { FieldSchema } from '@sluice/k8s-schema';
import { isJsonObject, jsonEqual, type JsonObject, type JsonValue } from '../json.js';
import { FieldSetBuilder, type FieldSet } from './field-set.js';
import { fieldElement, type FieldPath } from './path.js';
import { DEDUCED_MAP, firstOfEachKey, indexList, mapChild, mismatched, shapeOf, staticShape, type Shape } from './schema-view.js';

/** What changed between two versions of an object, as field sets (structured-merge-diff's Comparison). */
export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

interface Sinks {
  readonly added: FieldSetBuilder;
  readonly modified: FieldSetBuilder;
  readonly removed: FieldSetBuilder;
}

/**
 * Compares `before` with `after` field by field under the schema's list and map semantics: leaves (scalars, atomic
 * lists and maps, empty containers) are added, modified or removed; granular maps and list elements that appear or
 * disappear are added or removed themselves too.
 */
export function compareObjects(before: JsonValue | undefined, after: JsonValue | undefined, schema: FieldSchema | undefined): Comparison {
  const sinks: Sinks = { added: new FieldSetBuilder(), modified: new FieldSetBuilder(), removed: new FieldSetBuilder() };
  if (before !== undefined || after !== undefined) compareAt(sinks, before, after, schema, []);
  return { added: sinks.added.build(), modified: sinks.modified.build(), removed: sinks.removed.build() };
}

/** Excludes `fields` and everything below them from a comparison (the reset fields of an endpoint). */
export function excludeFields(c: Comparison, fields: FieldSet): Comparison {
  return { added: c.added.recursiveDifference(fields), modified: c.modified.recursiveDifference(fields), removed: c.removed.recursiveDifference(fields) };
}

function leaf(sinks: Sinks, l: JsonValue | undefined, r: JsonValue | undefined, path: FieldPath): void {
  if (l === undefined) sinks.added.insert(path);
  else if (r === undefined) sinks.removed.insert(path);
  else if (!jsonEqual(l, r)) sinks.modified.insert(path);
}

function isEmptyContainer(v: JsonValue | undefined): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  return isJsonObject(v) && Object.keys(v).length === 0;
}

/**
 * The shapes a field is compared under, as structured-merge-diff deduces them: the schema's shape for typed fields;
 * for free-form fields each side's own shape (null fits any, read as a map first), and both in turn when the sides
 * disagree, so a field turning from a map into a list is modified and loses its entries.
 */
function comparedShapes(node: FieldSchema | undefined, l: JsonValue | undefined, r: JsonValue | undefined): Shape[] {
  const typed = staticShape(node);
  if (typed) return [typed];
  const own = (v: JsonValue) => (v === null ? DEDUCED_MAP : shapeOf(undefined, v));
  if (l === undefined) return [own(r!)];
  if (r === undefined) return [own(l)];
  if (l === null && r === null) return [DEDUCED_MAP];
  const sl = own(l);
  const sr = own(r);
  return sl.kind === sr.kind && l !== null && r !== null ? [sr] : [sl, sr];
}

function compareAt(sinks: Sinks, l: JsonValue | undefined, r: JsonValue | undefined, node: FieldSchema | undefined, path: FieldPath): void {
  let leafOnly = false;
  for (const shape of comparedShapes(node, l, r)) leafOnly = compareAs(sinks, shape, l, r, path);
  if (leafOnly) return;
  if (l === undefined) sinks.added.insert(path);
  else if (r === undefined) sinks.removed.insert(path);
}

/** Compares under one shape; values that do not fit it count as absent. Returns true when the field was a leaf. */
function compareAs(sinks: Sinks, shape: Shape, l: JsonValue | undefined, r: JsonValue | undefined, path: FieldPath): boolean {
  const fits = (v: JsonValue | undefined) => (v === undefined || mismatched(shape, v) ? null : v);
  if (shape.kind === 'scalar' || shape.atomic || (isEmptyContainer(fits(l)) && isEmptyContainer(fits(r)))) {
    leaf(sinks, l, r, path);
    return true;
  }
  const ok = shape.kind === 'list' ? compareLists(sinks, shape, fits(l), fits(r), path) : compareMaps(sinks, shape, fits(l), fits(r), path);
  if (!ok) leaf(sinks, l, r, path);
  return !ok;
}

function compareMaps(sinks: Sinks, shape: Shape & { kind: 'map' }, l: JsonValue | undefined, r: JsonValue | undefined, path: FieldPath): boolean {
  const lm: JsonObject = isJsonObject(l) ? l : {};
  const rm: JsonObject = isJsonObject(r) ? r : {};
  for (const key of new Set([...Object.keys(lm), ...Object.keys(rm)])) {
    const child = mapChild(shape, key);
    const lv = Object.hasOwn(lm, key) ? lm[key] : undefined;
    const rv = Object.hasOwn(rm, key) ? rm[key] : undefined;
    compareAt(sinks, lv, rv, child?.node, [...path, fieldElement(key)]);
  }
  return true;
}

/** Compares list elements by key; false when either side cannot be keyed (then the list is one leaf). */
function compareLists(sinks: Sinks, shape: Shape & { kind: 'list' }, l: JsonValue | undefined, r: JsonValue | undefined, path: FieldPath): boolean {
  const left = indexList(shape, Array.isArray(l) ? l : []);
  const right = indexList(shape, Array.isArray(r) ? r : []);
  if (left.errors.length > 0 || right.errors.length > 0) return false;
  const leftItems = firstOfEachKey(left.items);
  const rightItems = firstOfEachKey(right.items);
  const rightByKey = new Map(rightItems.map((i) => [i.key, i]));
  const leftKeys = new Set(leftItems.map((i) => i.key));
  for (const item of leftItems) compareAt(sinks, item.value, rightByKey.get(item.key)?.value, shape.items, [...path, item.pe]);
  for (const item of rightItems) if (!leftKeys.has(item.key)) compareAt(sinks, undefined, item.value, shape.items, [...path, item.pe]);
  return true;
}
