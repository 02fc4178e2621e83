import { SluiceError } from '@sluice/errors';

/** Codes of {@link ArtifactError}; each is listed in docs/errors.md. */
export const ArtifactErrorCode = {
  /** The archive is not a gzip-compressed tar, or a header is corrupt. */
  Malformed: 'SLUICE_ARTIFACT_MALFORMED',
  /** An entry's path or link would land outside the extraction root. */
  Unsafe: 'SLUICE_ARTIFACT_UNSAFE_PATH',
  /** The archive exceeds a size, entry-count or path-length limit. */
  TooLarge: 'SLUICE_ARTIFACT_TOO_LARGE',
  /** The archive's sha256 digest is not the one expected. */
  DigestMismatch: 'SLUICE_ARTIFACT_DIGEST_MISMATCH',
} as const;
export type ArtifactErrorCode = (typeof ArtifactErrorCode)[keyof typeof ArtifactErrorCode];

/** A packing or unpacking failure; `subject` names the archive (e.g. `GitRepository/flux-system/podinfo artifact`). */
export class ArtifactError extends SluiceError {
  constructor(code: ArtifactErrorCode, subject: string, detail: string, cause?: unknown) {
    super(code, `${subject}: ${detail}`, { cause });
  }
}
