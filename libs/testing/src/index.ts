export { REFERENCE_PACKAGE, ReferenceToolsError, ensureReferenceTools, referenceToolsDir } from './reference-tools.js';
export type { ReferenceTools } from './reference-tools.js';
