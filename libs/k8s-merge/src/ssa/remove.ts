import type { FieldSchema } from '@sluice/k8s-schema';
import { isJsonObject, setOwn, type JsonObject, type JsonValue } from '../json.js';
import type { FieldSet } from './field-set.js';
import { fieldElement } from './path.js';
import { indexList, mapChild, mismatched, shapeOf, type Shape } from './schema-view.js';

/**
 * Removes the fields of `set` from `value` (structured-merge-diff's RemoveItems): a listed field or list element
 * goes whole, containers with listed descendants are walked, and a walked container left empty becomes null, which
 * the final clean-up drops as the API server's decoding does.
 */
export function removeFields(value: JsonValue, set: FieldSet, schema: FieldSchema | undefined): JsonValue {
  if (set.isEmpty()) return value;
  const shape = shapeOf(schema, value);
  if (shape.kind === 'scalar' || mismatched(shape, value)) return value;
  if (shape.kind === 'list') return removeFromList(shape, value, set);
  return removeFromMap(shape, value, set);
}

function removeFromList(shape: Shape & { kind: 'list' }, value: JsonValue, set: FieldSet): JsonValue {
  if (!Array.isArray(value) || value.length === 0 || shape.atomic) return null;
  const { items, errors } = indexList(shape, value);
  if (errors.length > 0) return value;
  const out: JsonValue[] = [];
  for (const item of items) {
    if (set.hasMember(item.pe)) continue;
    const below = set.child(item.pe);
    out.push(below.isEmpty() ? item.value : removeFields(item.value, below, shape.items));
  }
  return out.length > 0 ? out : null;
}

function removeFromMap(shape: Shape & { kind: 'map' }, value: JsonValue, set: FieldSet): JsonValue {
  if (!isJsonObject(value) || Object.keys(value).length === 0 || shape.atomic) return null;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    const pe = fieldElement(key);
    if (set.hasMember(pe)) continue;
    const below = set.child(pe);
    setOwn(out, key, below.isEmpty() ? child : removeFields(child, below, mapChild(shape, key)?.node));
  }
  return Object.keys(out).length > 0 ? out : null;
}
