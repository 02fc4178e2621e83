import type { FieldSchema } from '@sluice/k8s-schema';
import type { JsonValue } from '../json.js';
import { FieldSet, FieldSetBuilder } from './field-set.js';
import type { Managed } from './managed-fields.js';
import type { FieldPath } from './path.js';
import { staticShape } from './schema-view.js';

interface Changes {
  remove: FieldSet;
  add: FieldSet;
}

/**
 * structured-merge-diff's ReconcileFieldSetWithSchema, run on every manager before an apply or update: when the
 * schema changed since a set was written (a CRD update), a list or map that became atomic is owned as one field
 * (its children dropped), and one that became granular is owned field by field as the live object holds it.
 * Mutates `managed`; free-form (schema-less) objects are left alone, as upstream leaves deduced types.
 */
export function reconcileWithSchema(managed: Managed, live: JsonValue, schema: FieldSchema | undefined): void {
  if (!staticShape(schema)) return;
  let liveSet: FieldSet | undefined;
  const liveFields = () => (liveSet ??= FieldSet.of(live, schema));
  for (const [id, vs] of managed.fields) {
    const changes: Changes = { remove: FieldSet.empty(), add: FieldSet.empty() };
    visit(vs.set, schema, [], false, liveFields, changes);
    if (changes.remove.isEmpty() && changes.add.isEmpty()) continue;
    managed.fields.set(id, { ...vs, set: vs.set.recursiveDifference(changes.remove).union(changes.add) });
  }
}

function visit(set: FieldSet | undefined, node: FieldSchema | undefined, path: FieldPath, isLeaf: boolean, liveFields: () => FieldSet, changes: Changes): void {
  const shape = staticShape(node);
  if (!shape || shape.kind === 'scalar') return;
  const hasChildren = set !== undefined && !set.isEmpty();
  if (!isLeaf && shape.atomic && path.length > 0 && (shape.kind === 'list' || hasChildren)) {
    changes.remove = changes.remove.union(FieldSet.fromPaths([path]));
    changes.add = changes.add.union(FieldSet.fromPaths([path]));
    return;
  }
  if (isLeaf && !shape.atomic) changes.add = changes.add.union(granular(path, liveFields()));
  if (!set) return;
  for (const child of set.childElements()) {
    visit(child.set, childNode(node, shape.kind, child.pe), [...path, child.pe], false, liveFields, changes);
  }
  for (const pe of set.memberElements()) {
    if (!set.child(pe).isEmpty()) continue;
    visit(undefined, childNode(node, shape.kind, pe), [...path, pe], true, liveFields, changes);
  }
}

function childNode(node: FieldSchema | undefined, kind: 'list' | 'map', pe: FieldPath[number]): FieldSchema | undefined {
  if (kind === 'list') return node?.items;
  if (pe.kind !== 'field') return undefined;
  return node?.properties?.[pe.name] ?? node?.additionalProperties;
}

/** `path` plus every field the live object sets below it. */
function granular(path: FieldPath, liveFields: FieldSet): FieldSet {
  let below: FieldSet = liveFields;
  for (const pe of path) below = below.child(pe);
  const b = new FieldSetBuilder();
  b.insert(path);
  for (const p of below.paths()) b.insert([...path, ...p]);
  return b.build();
}
