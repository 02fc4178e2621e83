/**
 * Building a Kustomization's manifests from an unpacked artifact, as kustomize-controller does: kustomize with
 * load restrictions off, Flux's generated kustomization when `spec.path` has none, and the Kustomization's own
 * `targetNamespace`, `namePrefix`/`nameSuffix`, `patches`, `images`, `components` and `commonMetadata` layered on
 * top through an in-memory overlay (the artifact on disk is never modified).
 */
import { posix } from 'node:path';
import { sha256Digest, type KustomizationSpec } from '@sluice/api';
import { SluiceError } from '@sluice/errors';
import { KustomizeError, LoadRestrictor, Reorder, build, type KustomizeFileSystem } from '@sluice/kustomize';

/** Where the overlay lives inside the artifact's file system; a name no repository uses. */
const OVERLAY_DIR = '/.sluice-kustomization-overlay';

/** `spec.path` does not exist in the artifact. Flux reports it as ArtifactFailed and never prunes. */
export class PathNotFoundError extends SluiceError {
  constructor(path: string) {
    super('SLUICE_PATH_NOT_FOUND', `kustomization path not found: '${path}' does not exist in the artifact`);
  }
}

/** The result of a build. */
export interface BuiltManifests {
  /** Multi-document YAML, exactly as kustomize prints it. */
  readonly yaml: string;
  readonly objectCount: number;
  /** `sha256:<hex>` of `yaml`. */
  readonly digest: string;
}

/** The spec fields that change what kustomize builds. */
export type BuildSpec = Pick<KustomizationSpec, 'path' | 'targetNamespace' | 'namePrefix' | 'nameSuffix' | 'patches' | 'images' | 'components' | 'commonMetadata'>;

/** `./apps/prod/` → `apps/prod`; `./` or empty → `` (the root). */
export function cleanSpecPath(path: string | undefined): string {
  return posix.normalize(`/${path ?? ''}`).replace(/^\/+|\/+$/g, '');
}

/** The overlay kustomization for the spec's own fields, or undefined when the spec has none. */
export function overlayKustomization(spec: BuildSpec): Record<string, unknown> | undefined {
  const base = cleanSpecPath(spec.path);
  const fromOverlay = (p: string): string => posix.join('..', base, p);
  const k: Record<string, unknown> = {};
  if (spec.targetNamespace) k.namespace = spec.targetNamespace;
  if (spec.namePrefix) k.namePrefix = spec.namePrefix;
  if (spec.nameSuffix) k.nameSuffix = spec.nameSuffix;
  if (spec.patches?.length) k.patches = spec.patches;
  if (spec.images?.length) k.images = spec.images;
  if (spec.components?.length) k.components = spec.components.map((c) => fromOverlay(c));
  if (spec.commonMetadata?.labels && Object.keys(spec.commonMetadata.labels).length > 0) {
    k.labels = [{ pairs: spec.commonMetadata.labels, includeSelectors: false }];
  }
  if (spec.commonMetadata?.annotations && Object.keys(spec.commonMetadata.annotations).length > 0) k.commonAnnotations = spec.commonMetadata.annotations;
  if (Object.keys(k).length === 0) return undefined;
  return { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [base === '' ? '..' : fromOverlay('')], ...k };
}

/** `base` with one extra directory holding a kustomization.yaml. */
function withOverlay(base: KustomizeFileSystem, kustomization: Record<string, unknown>): KustomizeFileSystem {
  const file = `${OVERLAY_DIR}/kustomization.yaml`;
  const content = new TextEncoder().encode(JSON.stringify(kustomization));
  return {
    readFile: (p) => (p === file ? Promise.resolve(content) : base.readFile(p)),
    stat: (p) => (p === file ? Promise.resolve('file') : p === OVERLAY_DIR ? Promise.resolve('directory') : base.stat(p)),
    readDir: async (p) => (p === OVERLAY_DIR ? ['kustomization.yaml'] : p === '/' ? [...(await base.readDir(p)), OVERLAY_DIR.slice(1)].sort() : base.readDir(p)),
    realPath: (p) => (p === OVERLAY_DIR || p === file ? Promise.resolve(p) : base.realPath(p)),
  };
}

/**
 * Builds `spec.path` of an artifact's file system; throws PathNotFoundError, or kustomize's error prefixed with the
 * path it built (kustomize names files relative to that folder).
 */
export async function buildManifests(artifact: KustomizeFileSystem, spec: BuildSpec): Promise<BuiltManifests> {
  const path = cleanSpecPath(spec.path);
  if ((await artifact.stat(`/${path}`)) !== 'directory') throw new PathNotFoundError(spec.path ?? './');
  const overlay = overlayKustomization(spec);
  const fs = overlay ? withOverlay(artifact, overlay) : artifact;
  const result = await build(fs, overlay ? OVERLAY_DIR : `/${path}`, {
    loadRestrictor: LoadRestrictor.none,
    reorder: Reorder.legacy,
    generateKustomization: true,
  }).catch((err: unknown) => {
    throw err instanceof KustomizeError ? err.withPrefix(`kustomize build failed for path './${path}'`) : err;
  });
  return { yaml: result.yaml, objectCount: result.resources.length, digest: sha256Digest(result.yaml) };
}
