/**
 * Options of a build, with explicit defaults.
 */
import { LoadRestrictor } from '../kustfile/loader.js';

/** How resources are ordered in the output. */
export const Reorder = {
  /** kustomize's fixed kind order (Namespace first, webhooks last); the default of `kustomize build`. */
  legacy: 'legacy',
  /** Keep the order in which resources were accumulated. */
  none: 'none',
} as const;
export type Reorder = (typeof Reorder)[keyof typeof Reorder];

/** Input limits; a build exceeding one fails with SLUICE_KUSTOMIZE_LIMIT instead of exhausting the process. */
export interface BuildLimits {
  /** Largest single file read, in bytes. */
  readonly maxFileBytes: number;
  /** Total bytes read by one build. */
  readonly maxTotalBytes: number;
  /** Total YAML documents (resources) loaded by one build. */
  readonly maxDocuments: number;
  /** Deepest nesting of kustomizations (bases, components). */
  readonly maxKustomizationDepth: number;
  /** Deepest nesting of maps and lists inside one YAML document. */
  readonly maxYamlDepth: number;
  /** Most values one YAML document may expand to (aliases included). */
  readonly maxYamlNodes: number;
}

/** Options of {@link build}. */
export interface BuildOptions {
  /** Which files a kustomization may read: kustomize's default `rootOnly`, or Flux's `none`. */
  readonly loadRestrictor: LoadRestrictor;
  /** Output order when the kustomization has no `sortOptions`: `legacy` (kustomize's default) or `none`. */
  readonly reorder: Reorder;
  /** Flux's rule: a directory without a kustomization file gets one listing its YAML files. */
  readonly generateKustomization: boolean;
  /** Add `app.kubernetes.io/managed-by: kustomize-v5.7.1` to every resource, as `--enable-managedby-label` does. */
  readonly addManagedByLabel: boolean;
  /** The value of that label; kustomize puts its own version there. */
  readonly managedByLabelValue: string;
  readonly limits: BuildLimits;
}

/** The defaults: kustomize's CLI behaviour with limits generous enough for real repositories. */
export function defaultBuildOptions(): BuildOptions {
  return {
    loadRestrictor: LoadRestrictor.rootOnly,
    reorder: Reorder.legacy,
    generateKustomization: false,
    addManagedByLabel: false,
    managedByLabelValue: 'kustomize-v5.7.1',
    limits: defaultBuildLimits(),
  };
}

/** Default limits: 16 MiB per file, 256 MiB per build, 100,000 documents, 50 nested kustomizations. */
export function defaultBuildLimits(): BuildLimits {
  return {
    maxFileBytes: 16 * 1024 * 1024,
    maxTotalBytes: 256 * 1024 * 1024,
    maxDocuments: 100_000,
    maxKustomizationDepth: 50,
    maxYamlDepth: 200,
    maxYamlNodes: 2_000_000,
  };
}
