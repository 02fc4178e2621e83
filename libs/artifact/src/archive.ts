/**
 * Artifacts as Sluice stores them: a gzip-compressed tar of a source tree, byte-for-byte deterministic for the same
 * tree (sorted entries, zeroed times and owners), identified by `sha256:<hex>` of the compressed bytes.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ArtifactError, ArtifactErrorCode } from './errors.js';
import { readTar, writeTar, type TarEntry } from './tar.js';

/** Limits for reading an archive; defaults follow Flux's (100 MiB uncompressed). */
export interface UnpackLimits {
  /** Largest compressed archive accepted, in bytes. */
  readonly maxArchiveBytes: number;
  /** Largest total of uncompressed file contents, in bytes. */
  readonly maxTotalBytes: number;
  /** Most entries (files, directories, links). */
  readonly maxEntries: number;
  /** Longest entry path, in characters. */
  readonly maxPathLength: number;
}

/** Flux's source-controller caps extracted artifacts at 100 MiB; the other limits keep hostile archives cheap. */
export function defaultUnpackLimits(): UnpackLimits {
  return { maxArchiveBytes: 100 << 20, maxTotalBytes: 100 << 20, maxEntries: 100_000, maxPathLength: 4096 };
}

/** A packed artifact: the compressed bytes and their digest. */
export interface PackedArtifact {
  readonly data: Uint8Array;
  /** `sha256:<hex>` of `data`. */
  readonly digest: string;
}

/** `sha256:<hex>` of some bytes; the digest format of Flux artifacts. */
export function sha256Digest(data: Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function byPath(a: TarEntry, b: TarEntry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Packs entries (any order; sorted here) into a deterministic tar.gz. Paths are checked as on unpack. */
export function packEntries(entries: readonly TarEntry[], subject = 'artifact'): PackedArtifact {
  for (const e of entries) checkEntry(e, subject, defaultUnpackLimits());
  const tar = writeTar([...entries].sort(byPath));
  // Node's gzip header carries no mtime or name, so equal input gives equal bytes.
  const data = gzipSync(tar);
  return { data, digest: sha256Digest(data) };
}

/** Splits a relative archive path into segments, refusing absolute paths, `..`, and empty names. */
export function safeSegments(path: string, subject: string): string[] {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\') || path.includes('\0')) {
    throw new ArtifactError(ArtifactErrorCode.Unsafe, subject, `entry "${path}" is not a relative path`);
  }
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0) throw new ArtifactError(ArtifactErrorCode.Unsafe, subject, `entry "${path}" has an empty name`);
  if (segments.includes('..')) throw new ArtifactError(ArtifactErrorCode.Unsafe, subject, `entry "${path}" escapes the root with ".."`);
  return segments;
}

/** A symlink is kept only when its target, resolved from the link's folder, stays inside the root. */
function checkSymlink(path: string, target: string, subject: string): void {
  if (target === '' || target.startsWith('/') || target.includes('\0')) {
    throw new ArtifactError(ArtifactErrorCode.Unsafe, subject, `symlink "${path}" points outside the root ("${target}")`);
  }
  const depth = path.split('/').filter((s) => s !== '' && s !== '.').length - 1;
  let level = depth;
  for (const seg of target.split('/')) {
    if (seg === '..') level -= 1;
    else if (seg !== '' && seg !== '.') level += 1;
    if (level < 0) throw new ArtifactError(ArtifactErrorCode.Unsafe, subject, `symlink "${path}" points outside the root ("${target}")`);
  }
}

function checkEntry(e: TarEntry, subject: string, limits: UnpackLimits): TarEntry {
  if (e.path.length > limits.maxPathLength) {
    throw new ArtifactError(ArtifactErrorCode.TooLarge, subject, `entry path longer than ${limits.maxPathLength} characters`);
  }
  const path = safeSegments(e.path, subject).join('/');
  if (e.type === 'symlink') checkSymlink(path, e.target, subject);
  return { ...e, path };
}

/**
 * Decompresses and parses an artifact, checking every entry: relative paths only, no `..`, symlinks that stay inside
 * the root, sizes within `limits`. Pure; use {@link unpackToDirectory} to write the result.
 */
export function readArchive(data: Uint8Array, subject: string, limits: UnpackLimits = defaultUnpackLimits()): TarEntry[] {
  if (data.length > limits.maxArchiveBytes) {
    throw new ArtifactError(ArtifactErrorCode.TooLarge, subject, `archive larger than ${limits.maxArchiveBytes} bytes`);
  }
  let tar: Uint8Array;
  try {
    tar = gunzipSync(data, { maxOutputLength: limits.maxTotalBytes + limits.maxEntries * 1024 + 1024 });
  } catch (err) {
    const tooBig = err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw tooBig
      ? new ArtifactError(ArtifactErrorCode.TooLarge, subject, `more than ${limits.maxTotalBytes} bytes uncompressed`, err)
      : new ArtifactError(ArtifactErrorCode.Malformed, subject, 'not a gzip-compressed archive', err);
  }
  return readTar(tar, subject, limits).map((e) => checkEntry(e, subject, limits));
}

/** Throws {@link ArtifactError} `SLUICE_ARTIFACT_DIGEST_MISMATCH` unless `data` has the `expected` digest. */
export function verifyDigest(data: Uint8Array, expected: string, subject: string): void {
  const actual = sha256Digest(data);
  if (actual !== expected) {
    throw new ArtifactError(ArtifactErrorCode.DigestMismatch, subject, `digest mismatch: expected ${expected}, got ${actual}`);
  }
}
