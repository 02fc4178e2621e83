import { SluiceError } from '@sluice/errors';
import type { ChangeSet } from './changeset.js';

/** Codes of {@link ApplyError}; listed in docs/errors.md. */
export const ApplyErrorCode = {
  /** The server rejected the dry-run apply (invalid object, unknown kind, admission). */
  DryRunFailed: 'SLUICE_SSA_DRY_RUN_FAILED',
  /** The server rejected the apply itself. */
  ApplyFailed: 'SLUICE_SSA_APPLY_FAILED',
  /** A namespaced object has no namespace. */
  NamespaceMissing: 'SLUICE_SSA_NAMESPACE_MISSING',
  /** Objects did not become ready (CRDs established, ...) within the timeout. */
  WaitTimeout: 'SLUICE_SSA_WAIT_TIMEOUT',
  /** Deleting (pruning) objects failed. */
  DeleteFailed: 'SLUICE_SSA_DELETE_FAILED',
} as const;
export type ApplyErrorCode = (typeof ApplyErrorCode)[keyof typeof ApplyErrorCode];

/**
 * Applying or deleting part of a set failed. The message starts with the object (`Deployment/apps/podinfo dry-run
 * failed: ...`); `changeSet` holds what was done before the failure, so callers can report partial progress.
 */
export class ApplyError extends SluiceError {
  readonly changeSet: ChangeSet;

  constructor(code: ApplyErrorCode, message: string, changeSet: ChangeSet, cause?: unknown) {
    super(code, message, { cause });
    this.changeSet = changeSet;
  }
}
