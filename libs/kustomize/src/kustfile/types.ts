/**
 * The kustomization file (`kustomize.config.k8s.io/v1beta1` Kustomization and `v1alpha1` Component) as typed data.
 */

/** A group/version/kind selector; empty fields match anything. */
export interface GvkSelector {
  group?: string;
  version?: string;
  kind?: string;
}

/** A field of some kinds, for the transformers' configuration (`path: spec/selector`, `create: true`). */
export interface FieldSpec extends GvkSelector {
  path: string;
  create?: boolean;
}

/** Which resources a patch, replacement or selector applies to. Names and GVK fields are regular expressions. */
export interface Selector extends GvkSelector {
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface Patch {
  path?: string;
  patch?: string;
  target?: Selector;
  options?: { allowNameChange?: boolean; allowKindChange?: boolean };
}

export interface Image {
  name?: string;
  newName?: string;
  newTag?: string;
  tagSuffix?: string;
  digest?: string;
}

export interface Replica {
  name?: string;
  count?: number;
}

export interface Label {
  pairs?: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
  /** Newer than kustomize 5.7.1 (which rejects it): also label StatefulSet volumeClaimTemplates. */
  includeVolumeClaimTemplates?: boolean;
  fields?: FieldSpec[];
}

export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

export interface GeneratorArgs {
  namespace?: string;
  name?: string;
  behavior?: string;
  literals?: string[];
  files?: string[];
  envs?: string[];
  env?: string;
  options?: GeneratorOptions;
  type?: string;
}

export interface Var {
  name: string;
  objref: { kind?: string; group?: string; version?: string; apiVersion?: string; name?: string; namespace?: string };
  fieldref?: { fieldpath?: string };
}

export interface ReplacementSource {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  fieldPath?: string;
  options?: FieldOptions;
}

export interface FieldOptions {
  delimiter?: string;
  index?: number;
  encoding?: string;
  create?: boolean;
}

export interface ReplacementTarget {
  select?: Selector;
  reject?: Selector[];
  fieldPaths?: string[];
  options?: FieldOptions;
}

export interface Replacement {
  source?: ReplacementSource;
  targets?: ReplacementTarget[];
  sourceValue?: string;
}

export interface ReplacementField {
  path?: string;
  source?: ReplacementSource;
  targets?: ReplacementTarget[];
}

export interface SortOptions {
  order?: string;
  legacySortOptions?: { orderFirst?: string[]; orderLast?: string[] };
}

/** A kustomization file after kustomize's `FixKustomization` (bases folded into resources, ...). */
export interface Kustomization {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string };
  openapi?: Record<string, string>;
  namePrefix?: string;
  nameSuffix?: string;
  namespace?: string;
  commonLabels?: Record<string, string>;
  labels?: Label[];
  commonAnnotations?: Record<string, string>;
  patchesStrategicMerge?: string[];
  patchesJson6902?: Patch[];
  patches?: Patch[];
  images?: Image[];
  replacements?: ReplacementField[];
  replicas?: Replica[];
  vars?: Var[];
  sortOptions?: SortOptions;
  resources?: string[];
  components?: string[];
  crds?: string[];
  configMapGenerator?: GeneratorArgs[];
  secretGenerator?: GeneratorArgs[];
  generatorOptions?: GeneratorOptions;
  configurations?: string[];
  generators?: string[];
  transformers?: string[];
  validators?: string[];
  buildMetadata?: string[];
  helmCharts?: unknown[];
  helmGlobals?: unknown;
  helmChartInflationGenerator?: unknown[];
}
