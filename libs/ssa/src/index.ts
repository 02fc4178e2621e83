export { Action, countActions, formatChangeSet, hasChanges } from './changeset.js';
export type { ChangeSet, ChangeSetEntry } from './changeset.js';
export { hasDrifted } from './drift.js';
export { ApplyError, ApplyErrorCode } from './errors.js';
export { FORCE_ANNOTATION, PRUNE_ANNOTATION, ResourceManager, SSA_ANNOTATION } from './manager.js';
export type { ApplyOptions, DeleteAllOptions, ResourceManagerOptions } from './manager.js';
export { applyStages, compareObjects, isClassDefinition, isClusterDefinition, sortForApply } from './order.js';
export type { Sortable } from './order.js';
export { mapLimit } from './pool.js';
