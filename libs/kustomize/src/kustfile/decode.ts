/**
 * Strict decoding of kustomization files, as kustomize does it (YAML → JSON → Go struct with unknown fields
 * refused): a number where a string belongs, or a misspelt field, is an error naming the field.
 */
import { KustomizeBuildError } from '../errors.js';
import { isMap } from '../yaml/value.js';
import type { YValue } from '../yaml/value.js';

/** The shape of a field. */
export type Shape =
  | 'string'
  | 'bool'
  | 'int'
  | 'any'
  | { readonly list: Shape }
  | { readonly map: Shape }
  | { readonly struct: string; readonly fields: Readonly<Record<string, Shape>> };

const S = 'string' as const;
const B = 'bool' as const;
const I = 'int' as const;
const list = (s: Shape): Shape => ({ list: s });
const map = (s: Shape): Shape => ({ map: s });
const struct = (name: string, fields: Record<string, Shape>): Shape => ({ struct: name, fields });

const gvkFields = { group: S, version: S, kind: S };
const selector = struct('Selector', { ...gvkFields, name: S, namespace: S, labelSelector: S, annotationSelector: S });
const fieldSpec = struct('FieldSpec', { ...gvkFields, path: S, create: B });
const patch = struct('Patch', { path: S, patch: S, target: selector, options: map(B) });
const genOptions = struct('GeneratorOptions', { labels: map(S), annotations: map(S), disableNameSuffixHash: B, immutable: B });
const generator = struct('GeneratorArgs', {
  namespace: S, name: S, behavior: S, literals: list(S), files: list(S), envs: list(S), env: S, options: genOptions, type: S,
});
const fieldOptions = struct('FieldOptions', { delimiter: S, index: I, encoding: S, create: B });
const replacementSource = struct('SourceSelector', { ...gvkFields, name: S, namespace: S, fieldPath: S, options: fieldOptions });
const replacementTarget = struct('TargetSelector', { select: selector, reject: list(selector), fieldPaths: list(S), options: fieldOptions });

/** The Kustomization (and Component) type. */
export const KUSTOMIZATION_SHAPE = struct('Kustomization', {
  apiVersion: S,
  kind: S,
  metadata: struct('ObjectMeta', { name: S, namespace: S, labels: map(S), annotations: map(S) }),
  openapi: map(S),
  namePrefix: S,
  nameSuffix: S,
  namespace: S,
  commonLabels: map(S),
  labels: list(struct('Label', { pairs: map(S), includeSelectors: B, includeTemplates: B, includeVolumeClaimTemplates: B, fields: list(fieldSpec) })),
  commonAnnotations: map(S),
  patchesStrategicMerge: list(S),
  patchesJson6902: list(patch),
  patches: list(patch),
  images: list(struct('Image', { name: S, newName: S, newTag: S, tagSuffix: S, digest: S })),
  imageTags: list(struct('Image', { name: S, newName: S, newTag: S, tagSuffix: S, digest: S })),
  replacements: list(struct('ReplacementField', { path: S, source: replacementSource, targets: list(replacementTarget) })),
  replicas: list(struct('Replica', { name: S, count: I })),
  vars: list(struct('Var', {
    name: S,
    objref: struct('Target', { ...gvkFields, apiVersion: S, name: S, namespace: S }),
    fieldref: struct('FieldSelector', { fieldpath: S }),
  })),
  sortOptions: struct('SortOptions', { order: S, legacySortOptions: struct('LegacySortOptions', { orderFirst: list(S), orderLast: list(S) }) }),
  resources: list(S),
  components: list(S),
  crds: list(S),
  bases: list(S),
  configMapGenerator: list(generator),
  secretGenerator: list(generator),
  helmGlobals: 'any',
  helmCharts: list('any'),
  helmChartInflationGenerator: list('any'),
  generatorOptions: genOptions,
  configurations: list(S),
  generators: list(S),
  transformers: list(S),
  validators: list(S),
  buildMetadata: list(S),
});

/** Replacement files (`replacements: [{path: ...}]`) hold a list of these, or one. */
export const REPLACEMENT_SHAPE = struct('Replacement', { source: replacementSource, targets: list(replacementTarget), sourceValue: S });

/** Decodes `v` against `shape`, failing like Go's strict JSON decoder (errors name the struct and field path). */
export function decodeStrict(v: YValue, shape: Shape, path: readonly string[] = [], owner = ''): unknown {
  const where = `${owner}.${path.join('.')}`;
  if (v === null) return undefined;
  if (shape === 'any') return v;
  if (shape === 'string' || shape === 'bool' || shape === 'int') return decodeScalar(v, shape, where);
  if ('list' in shape) {
    if (!Array.isArray(v)) throw typeError(v, `[]${goType(shape.list)}`, where);
    return v.map((x) => decodeStrict(x, shape.list, path, owner));
  }
  if (!isMap(v)) throw typeError(v, 'map' in shape ? `map[string]${goType(shape.map)}` : `${shape.struct}`, where);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    if ('map' in shape) {
      const d = decodeStrict(v[k]!, shape.map, path, owner);
      out[k] = d === undefined ? '' : d;
      continue;
    }
    // Go's JSON decoder matches field names case-insensitively when there is no exact match.
    const name = k in shape.fields ? k : Object.keys(shape.fields).find((f) => f.toLowerCase() === k.toLowerCase());
    if (name === undefined) throw new KustomizeBuildError(`json: unknown field "${k}"`);
    const d = decodeStrict(v[k]!, shape.fields[name]!, [...path, name], shape.struct);
    if (d !== undefined) out[name] = d;
  }
  return out;
}

function decodeScalar(v: YValue, shape: 'string' | 'bool' | 'int', where: string): unknown {
  if (shape === 'string' && typeof v === 'string') return v;
  if (shape === 'bool' && typeof v === 'boolean') return v;
  if (shape === 'int' && typeof v === 'number' && Number.isInteger(v)) return v;
  throw typeError(v, shape, where);
}

function typeError(v: YValue, goTypeName: string, where: string): KustomizeBuildError {
  return new KustomizeBuildError(`json: cannot unmarshal ${jsonKind(v)} into Go struct field ${where} of type ${goTypeName}`);
}

function jsonKind(v: YValue): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

function goType(s: Shape): string {
  if (typeof s === 'string') return s === 'any' ? 'interface {}' : s;
  if ('list' in s) return `[]${goType(s.list)}`;
  if ('map' in s) return `map[string]${goType(s.map)}`;
  return s.struct;
}
