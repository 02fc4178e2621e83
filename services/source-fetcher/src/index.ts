export { GitOperationError, archiveTree, fetchRevision, removeCheckout, resolveRefTarget } from './git.js';
export type { GitAuth, GitCheckout, GitCheckoutRequest, GitRef } from './git.js';
export { artifactPath, createGitRepositoryReconciler } from './reconcile.js';
export type { GitRepositoryReconcilerOptions } from './reconcile.js';
export { startSourceFetcher } from './service.js';
export type { SourceFetcherOptions } from './service.js';
