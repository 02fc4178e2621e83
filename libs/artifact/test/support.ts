import { isSluiceError } from '@sluice/errors';

export {
  ArtifactErrorCode, packDirectory, packEntries, readArchive, sha256Digest, unpackToDirectory, verifyDigest, writeTar,
} from '@sluice/artifact';

/** True when `err` is an ArtifactError with `code`. */
export function isArtifactCode(err: unknown, code: string): boolean {
  return isSluiceError(err, code);
}
