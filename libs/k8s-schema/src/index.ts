export { formatApiVersion, isPrereleaseVersion, parseApiVersion } from './api-version.js';
export { builtinResourceTypes, findBuiltinResource } from './resources.js';
export { FREE_FORM, builtinDefinition, builtinSchema, crdObjectSchema, fieldSchema, schemaFromOpenApiV3 } from './schema.js';
export { openApiV2Document } from './spec.js';
export type { RawSchema, SwaggerDocument } from './spec.js';
export type { FieldSchema, GroupVersionKind, ResourceType, SubresourceType } from './types.js';
