/**
 * Flux's revision and digest formats.
 *
 * A revision names what a source produced: `main@sha1:<40 hex>` (branch), `v1.0.0@sha1:<hex>` (tag),
 * `sha1:<hex>` (a bare commit), `latest@sha256:<64 hex>` (OCI tag and manifest digest), `sha256:<hex>`
 * (a digest alone), or a plain chart version (`6.5.4`). Before Flux 2.0 Git revisions read `main/<hex>`;
 * {@link normalizeRevision} rewrites those, and {@link revisionsEqual} compares through it as Flux does.
 */
import { createHash } from 'node:crypto';
import { InvalidRevisionError } from './errors.js';

/** Hex lengths of the digest algorithms Flux writes. */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha1: 40, sha256: 64, sha384: 96, sha512: 128 };

/** A parsed `<algorithm>:<hex>` digest. */
export interface Digest {
  readonly algorithm: string;
  readonly hex: string;
}

/** A parsed revision: an optional name (branch, tag, ref) and an optional digest; at least one is present. */
export interface Revision {
  readonly name?: string;
  readonly digest?: Digest;
}

/** Parses `sha256:<hex>` (or sha1, sha384, sha512), checking the hex length; undefined when it is not one. */
export function parseDigest(text: string): Digest | undefined {
  const colon = text.indexOf(':');
  if (colon === -1) return undefined;
  const algorithm = text.slice(0, colon);
  const hex = text.slice(colon + 1);
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined || hex.length !== length || !/^[0-9a-f]+$/.test(hex)) return undefined;
  return { algorithm, hex };
}

/** Renders a digest as `<algorithm>:<hex>`. */
export function formatDigest(digest: Digest): string {
  return `${digest.algorithm}:${digest.hex}`;
}

/** The `sha256:<hex>` digest of some bytes or text (UTF-8), as Flux writes artifact digests. */
export function sha256Digest(data: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** True when `digest` is a well-formed digest of `data` (any algorithm Node supports among sha1/256/384/512). */
export function digestMatches(digest: string, data: Uint8Array | string): boolean {
  const parsed = parseDigest(digest);
  if (parsed === undefined) return false;
  return createHash(parsed.algorithm).update(data).digest('hex') === parsed.hex;
}

/**
 * Parses a revision in Flux's current format. The name is everything before the last `@` that is followed by a
 * digest (`refs/heads/main@sha1:...` keeps `refs/heads/main`). A revision without a digest (a chart version)
 * is all name. Legacy `main/<hex>` forms are accepted and normalised first. Returns undefined for empty text.
 */
export function parseRevision(text: string): Revision | undefined {
  if (text === '') return undefined;
  const normalized = normalizeRevision(text);
  const at = normalized.lastIndexOf('@');
  if (at !== -1) {
    const digest = parseDigest(normalized.slice(at + 1));
    if (digest !== undefined) return at === 0 ? { digest } : { name: normalized.slice(0, at), digest };
  }
  const digest = parseDigest(normalized);
  return digest !== undefined ? { digest } : { name: normalized };
}

/** Like {@link parseRevision}, but throws {@link InvalidRevisionError} (`SLUICE_INVALID_REVISION`) for empty text. */
export function mustParseRevision(text: string): Revision {
  const revision = parseRevision(text);
  if (revision === undefined) throw new InvalidRevisionError(text, 'empty revision');
  return revision;
}

/** Renders a revision: `name@algo:hex`, `algo:hex` or `name`. */
export function formatRevision(revision: Revision): string {
  if (revision.digest === undefined) {
    if (revision.name === undefined) throw new InvalidRevisionError('', 'a revision needs a name or a digest');
    return revision.name;
  }
  const digest = formatDigest(revision.digest);
  return revision.name === undefined ? digest : `${revision.name}@${digest}`;
}

/** The revision of a Git commit on a named ref, as source-controller writes it: `main@sha1:<hex>`. */
export function gitRevision(refName: string | undefined, commit: string): string {
  const algorithm = commit.length === 64 ? 'sha256' : 'sha1';
  return refName === undefined || refName === '' ? `${algorithm}:${commit}` : `${refName}@${algorithm}:${commit}`;
}

/**
 * Rewrites a pre-Flux-2.0 revision to the current format, as Flux's `TransformLegacyRevision` does:
 * `main/<40 hex>` → `main@sha1:<hex>`, `HEAD/<40 hex>` → `sha1:<hex>`, `tag/<64 hex>` → `tag@sha256:<hex>`,
 * a bare 64-hex string → `sha256:<hex>`. Anything else is returned unchanged.
 */
export function normalizeRevision(revision: string): string {
  if (/^[0-9a-f]{64}$/.test(revision)) return `sha256:${revision}`;
  const slash = revision.lastIndexOf('/');
  if (slash === -1 || revision.includes('@') || revision.includes(':')) return revision;
  const name = revision.slice(0, slash);
  const hex = revision.slice(slash + 1);
  const algorithm = hex.length === 40 ? 'sha1' : hex.length === 64 ? 'sha256' : undefined;
  if (algorithm === undefined || !/^[0-9a-f]+$/.test(hex)) return revision;
  return name === 'HEAD' || name === '' ? `${algorithm}:${hex}` : `${name}@${algorithm}:${hex}`;
}

/**
 * True when two revisions name the same thing, comparing legacy and current forms alike
 * (`main/abc…` equals `main@sha1:abc…`), as Flux's artifact `HasRevision` does. Use it to decide whether
 * a source changed since the last applied revision.
 */
export function revisionsEqual(a: string, b: string): boolean {
  return normalizeRevision(a) === normalizeRevision(b);
}

/** The digest part of a revision (`sha1:...` of `main@sha1:...`), or undefined when it has none. */
export function revisionDigest(revision: string): string | undefined {
  const parsed = parseRevision(revision);
  return parsed?.digest === undefined ? undefined : formatDigest(parsed.digest);
}

/** A short form for messages: `main@sha1:1a2b3c4d` (digest cut to 8 hex digits), as `flux get` prints. */
export function shortRevision(revision: string): string {
  const parsed = parseRevision(revision);
  if (parsed?.digest === undefined) return revision;
  return formatRevision({ ...parsed, digest: { algorithm: parsed.digest.algorithm, hex: parsed.digest.hex.slice(0, 8) } });
}
