export { InvalidBuildError, OWNER_NAMESPACE_LABEL, OWNER_NAME_LABEL, ownerLabels, parseBuild, withOwnerLabels } from './manifests.js';
export { FIELD_MANAGER, applyBuild, readKustomization, reportApplied, reportApplyFailure, wantsHealthCheck } from './reconcile.js';
export type { ApplyRun } from './reconcile.js';
export { startApplier } from './service.js';
export type { ApplierOptions } from './service.js';
