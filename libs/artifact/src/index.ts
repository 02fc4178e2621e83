export { defaultUnpackLimits, packEntries, readArchive, safeSegments, sha256Digest, verifyDigest } from './archive.js';
export type { PackedArtifact, UnpackLimits } from './archive.js';
export { ArtifactError, ArtifactErrorCode } from './errors.js';
export { packDirectory, unpackToDirectory } from './fs.js';
export type { PackOptions } from './fs.js';
export { readTar, writeTar } from './tar.js';
export type { ReadLimits, TarEntry } from './tar.js';
