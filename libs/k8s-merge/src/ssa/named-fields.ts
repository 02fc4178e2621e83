import type { FieldSchema } from '@sluice/k8s-schema';
import { FieldSetBuilder, type FieldSet } from './field-set.js';
import { staticShape } from './schema-view.js';

/**
 * structured-merge-diff's EnsureNamedFieldsAreMembers: every struct field (a property the schema declares) that
 * has owned descendants becomes a member too, so pruning removes the struct itself rather than leaving it empty.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, schema: FieldSchema | undefined): FieldSet {
  const b = new FieldSetBuilder();
  fill(b, set, schema);
  return b.build();
}

function fill(b: FieldSetBuilder, set: FieldSet, node: FieldSchema | undefined): void {
  const shape = staticShape(node);
  for (const pe of set.memberElements()) b.addMember(pe);
  for (const child of set.childElements()) {
    let childNode: FieldSchema | undefined;
    if (shape?.kind === 'map' && child.pe.kind === 'field') {
      const declared = node?.properties && Object.hasOwn(node.properties, child.pe.name) ? node.properties[child.pe.name] : undefined;
      if (declared) b.addMember(child.pe);
      childNode = declared ?? node?.additionalProperties;
    } else if (shape?.kind === 'list') {
      childNode = shape.items;
    }
    fill(b.descend(child.pe), child.set, childNode);
  }
}
