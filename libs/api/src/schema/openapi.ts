import type { JsonObject, JsonValue, SchemaNode } from './schema.js';

/**
 * Renders a schema tree as a structural OpenAPI v3 schema for a CRD version (`openAPIV3Schema`): every node typed,
 * defaults, enums, patterns, list types and CEL rules carried over, runtime-only refinements left out.
 */
export function toOpenApiSchema(node: SchemaNode): JsonObject {
  const out: JsonObject = {};
  if (node.description !== undefined) out['description'] = node.description;
  const defaultValue = node.default ?? node.crdOnlyDefault;
  if (defaultValue !== undefined) out['default'] = defaultValue;
  if (node.nullable === true) out['nullable'] = true;
  Object.assign(out, typeSpecific(node));
  return out;
}

function typeSpecific(node: SchemaNode): JsonObject {
  switch (node.type) {
    case 'string':
      return compact({
        type: 'string',
        enum: node.enum === undefined ? undefined : [...node.enum],
        pattern: node.pattern,
        minLength: node.minLength,
        maxLength: node.maxLength,
        format: node.format,
      });
    case 'integer':
      return compact({ type: 'integer', format: node.format, minimum: node.minimum, maximum: node.maximum });
    case 'boolean':
      return { type: 'boolean' };
    case 'object':
      return objectSchema(node.properties, node.required, node);
    case 'map':
      return { type: 'object', additionalProperties: toOpenApiSchema(node.values) };
    case 'array':
      return compact({
        type: 'array',
        items: toOpenApiSchema(node.items),
        minItems: node.minItems,
        maxItems: node.maxItems,
        'x-kubernetes-list-type': node.listType,
        'x-kubernetes-list-map-keys': node.listMapKeys,
      });
    case 'free-object':
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    case 'json':
      return { 'x-kubernetes-preserve-unknown-fields': true };
  }
}

function objectSchema(
  properties: Record<string, SchemaNode>,
  required: string[],
  node: { rules?: { rule: string; message: string }[]; preserveUnknown?: boolean },
): JsonObject {
  const props: JsonObject = {};
  for (const key of Object.keys(properties).sort()) props[key] = toOpenApiSchema(properties[key]!);
  return compact({
    type: 'object',
    properties: Object.keys(props).length > 0 ? props : undefined,
    required: required.length > 0 ? [...required].sort() : undefined,
    'x-kubernetes-preserve-unknown-fields': node.preserveUnknown === true ? true : undefined,
    'x-kubernetes-validations': node.rules?.map((r) => ({ rule: r.rule, message: r.message })),
  });
}

function compact(entries: Record<string, JsonValue | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) out[key] = value;
  return out;
}
