/**
 * Drift detection as Flux does it: an object has drifted when the server-side dry-run of the desired state differs
 * from the live object in labels, annotations, or anything outside `metadata` and `status`.
 */
import { isDeepStrictEqual } from 'node:util';

type Json = Record<string, unknown>;

function meta(o: Json): Json {
  return (o.metadata as Json | undefined) ?? {};
}

function withoutMetadataAndStatus(o: Json): Json {
  const { metadata: _m, status: _s, ...rest } = o;
  return rest;
}

/** Empty maps and missing maps are the same thing to the API server. */
function mapOrEmpty(v: unknown): unknown {
  return v === undefined || v === null ? {} : v;
}

/**
 * True when applying `dryRun` (the server's answer to a dry-run apply) would change `live`. A dry run without a
 * resourceVersion means the object does not exist yet.
 */
export function hasDrifted(live: Json | undefined, dryRun: Json): boolean {
  if (!live || !meta(dryRun).resourceVersion) return true;
  if (!isDeepStrictEqual(mapOrEmpty(meta(dryRun).labels), mapOrEmpty(meta(live).labels))) return true;
  if (!isDeepStrictEqual(mapOrEmpty(meta(dryRun).annotations), mapOrEmpty(meta(live).annotations))) return true;
  return !isDeepStrictEqual(withoutMetadataAndStatus(dryRun), withoutMetadataAndStatus(live));
}
