import { InvalidFluxObjectError } from './errors.js';
import type { HelmRelease } from './kinds/helm-release.js';
import { helmReleaseKind } from './kinds/helm-release.js';
import type { KindDefinition } from './kinds/kind.js';
import { kustomizationKind, type Kustomization } from './kinds/kustomization.js';
import { alertKind, providerKind, receiverKind, type Alert, type Provider, type Receiver } from './kinds/notification.js';
import { FLUX_GROUPS, FLUX_KINDS, findKind, servedVersions, splitApiVersion, type FluxObject } from './kinds/registry.js';
import {
  gitRepositoryKind,
  helmChartKind,
  helmRepositoryKind,
  ociRepositoryKind,
  type GitRepository,
  type HelmChart,
  type HelmRepository,
  type OCIRepository,
} from './kinds/source.js';
import { describeValue, type PathSegment } from './schema/path.js';
import { isPlainObject, validateAgainst, type SchemaIssue } from './schema/validate.js';
import { toValidationError, type ValidationError } from './validation-error.js';

/** Options for the parsers; every field has a default. */
export interface ParseOptions {
  /** Fields the schema does not list: `'error'` reports them (catches typos such as `intervall`), `'drop'` ignores them. */
  readonly unknownFields?: 'error' | 'drop';
  /** How to name the object in errors when it has no kind or name of its own (the YAML layer passes `document 3`). */
  readonly label?: string;
}

/** The result of parsing one object: the typed object (current API version, defaults applied) or every problem. */
export type ParseResult<T> =
  | {
      readonly ok: true;
      readonly value: T;
      /** Notes about conversions from an older API version (fields dropped or moved). */
      readonly warnings: readonly string[];
      /** The `apiVersion` the input had when it was older than the current one. */
      readonly convertedFrom?: string;
    }
  | { readonly ok: false; readonly errors: readonly ValidationError[] };

const DEFAULT_UNKNOWN_FIELDS = 'error';

/**
 * Parses one object of the given kind. Call it when the kind is known in advance (a controller reading its own
 * objects); use {@link parseFluxObject} for arbitrary input. Never throws.
 */
export function parseKind<T>(def: KindDefinition<T>, input: unknown, options: ParseOptions = {}): ParseResult<T> {
  try {
    return parseKindUnsafe(def, input, options);
  } catch (err) {
    const subject = options.label ?? def.kind;
    return failure(subject, [{ path: [], expected: 'an object the parser can read', found: `an input that made it fail (${String(err)})` }]);
  }
}

function parseKindUnsafe<T>(def: KindDefinition<T>, input: unknown, options: ParseOptions): ParseResult<T> {
  if (!isPlainObject(input)) return notAnObject(input, options);
  const subject = describeSubject(input, options.label);
  const version = checkIdentity(def, input);
  if (typeof version !== 'string') return failure(subject, version);
  const unknownFields = options.unknownFields ?? DEFAULT_UNKNOWN_FIELDS;
  const legacy = def.legacyVersions.find((l) => l.version === version);
  const schema = legacy?.schema ?? def.schema;
  const checked = validateAgainst(schema, input, { unknownFields });
  if (checked.issues.length > 0) return failure(subject, checked.issues);
  if (legacy === undefined) return { ok: true, value: checked.value as T, warnings: [] };
  const converted = legacy.convert(checked.value as Record<string, unknown>);
  const recheck = validateAgainst(def.schema, converted.value, { unknownFields: 'drop' });
  if (recheck.issues.length > 0) return failure(subject, recheck.issues);
  return { ok: true, value: recheck.value, warnings: converted.warnings, convertedFrom: input['apiVersion'] as string };
}

/** Checks apiVersion and kind against the definition; returns the version, or the issues. */
function checkIdentity(def: KindDefinition<unknown>, input: Record<string, unknown>): string | SchemaIssue[] {
  const { apiVersion, kind } = input;
  const issues: SchemaIssue[] = [];
  if (kind !== def.kind) issues.push(issue(['kind'], JSON.stringify(def.kind), kind));
  const versions = servedVersions(def);
  const expected = `one of ${versions.map((v) => JSON.stringify(`${def.group}/${v}`)).join(', ')}`;
  if (typeof apiVersion !== 'string') {
    issues.push(issue(['apiVersion'], expected, apiVersion));
    return issues;
  }
  const { group, version } = splitApiVersion(apiVersion);
  if (group !== def.group || !versions.includes(version)) issues.push(issue(['apiVersion'], expected, apiVersion));
  return issues.length > 0 ? issues : version;
}

/**
 * Parses any object of a supported Flux kind (GitRepository, HelmRepository, OCIRepository, HelmChart,
 * Kustomization, HelmRelease, Provider, Alert, Receiver), choosing the kind from `apiVersion` and `kind`.
 * Other kinds are errors here; `parseManifests` passes them through instead. Never throws.
 */
export function parseFluxObject(input: unknown, options: ParseOptions = {}): ParseResult<FluxObject> {
  if (!isPlainObject(input)) return notAnObject(input, options);
  const subject = describeSubject(input, options.label);
  const { apiVersion, kind } = input;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    const issues: SchemaIssue[] = [];
    if (typeof apiVersion !== 'string') issues.push(issue(['apiVersion'], 'a string such as "kustomize.toolkit.fluxcd.io/v1"', apiVersion));
    if (typeof kind !== 'string') issues.push(issue(['kind'], 'a string such as "Kustomization"', kind));
    return failure(subject, issues);
  }
  const { group } = splitApiVersion(apiVersion);
  const def = findKind(group, kind);
  if (def !== undefined) return parseKind(def, input, options);
  const known = FLUX_KINDS.filter((k) => !FLUX_GROUPS.includes(group) || k.group === group);
  return failure(subject, [issue(['kind'], `a supported Flux kind (${known.map((k) => k.kind).join(', ')}) in ${group === '' ? 'a Flux API group' : group}`, kind)]);
}

/** Throws {@link InvalidFluxObjectError} for a failed result, returns the value otherwise; for trusted input. */
export function parseOrThrow<T>(result: ParseResult<T>): T {
  if (result.ok) return result.value;
  throw new InvalidFluxObjectError(result.errors[0]?.object ?? 'object', result.errors);
}

/** How errors name an object: `Kind/namespace/name`, `Kind/name` without a namespace, else the label or the kind. */
export function describeSubject(input: unknown, label?: string): string {
  if (!isPlainObject(input)) return label ?? 'object';
  const kind = typeof input['kind'] === 'string' && input['kind'] !== '' ? input['kind'] : undefined;
  const metadata = isPlainObject(input['metadata']) ? input['metadata'] : {};
  const name = typeof metadata['name'] === 'string' && metadata['name'] !== '' ? metadata['name'] : undefined;
  const namespace = typeof metadata['namespace'] === 'string' && metadata['namespace'] !== '' ? metadata['namespace'] : undefined;
  if (kind === undefined || name === undefined) {
    const base = label ?? kind ?? 'object';
    return kind !== undefined && label !== undefined ? `${kind} (${label})` : base;
  }
  return namespace === undefined ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
}

function notAnObject<T>(input: unknown, options: ParseOptions): ParseResult<T> {
  return failure(options.label ?? 'object', [issue([], 'a Kubernetes object (a mapping with apiVersion, kind and metadata)', input)]);
}

function issue(path: PathSegment[], expected: string, found: unknown): SchemaIssue {
  return { path, expected, found: describeValue(found) };
}

function failure<T>(subject: string, issues: readonly SchemaIssue[]): ParseResult<T> {
  return { ok: false, errors: issues.map((i) => toValidationError(subject, i)) };
}

/** Parses a GitRepository (source.toolkit.fluxcd.io/v1, v1beta2 or v1beta1). Never throws. */
export function parseGitRepository(input: unknown, options?: ParseOptions): ParseResult<GitRepository> {
  return parseKind(gitRepositoryKind, input, options);
}

/** Parses a HelmRepository (source.toolkit.fluxcd.io/v1, v1beta2 or v1beta1). Never throws. */
export function parseHelmRepository(input: unknown, options?: ParseOptions): ParseResult<HelmRepository> {
  return parseKind(helmRepositoryKind, input, options);
}

/** Parses an OCIRepository (source.toolkit.fluxcd.io/v1 or v1beta2). Never throws. */
export function parseOCIRepository(input: unknown, options?: ParseOptions): ParseResult<OCIRepository> {
  return parseKind(ociRepositoryKind, input, options);
}

/** Parses a HelmChart (source.toolkit.fluxcd.io/v1, v1beta2 or v1beta1). Never throws. */
export function parseHelmChart(input: unknown, options?: ParseOptions): ParseResult<HelmChart> {
  return parseKind(helmChartKind, input, options);
}

/** Parses a Kustomization (kustomize.toolkit.fluxcd.io/v1 or v1beta2). Never throws. */
export function parseKustomization(input: unknown, options?: ParseOptions): ParseResult<Kustomization> {
  return parseKind(kustomizationKind, input, options);
}

/** Parses a HelmRelease (helm.toolkit.fluxcd.io/v2, v2beta2 or v2beta1). Never throws. */
export function parseHelmRelease(input: unknown, options?: ParseOptions): ParseResult<HelmRelease> {
  return parseKind(helmReleaseKind, input, options);
}

/** Parses a Provider (notification.toolkit.fluxcd.io/v1beta3 or v1beta2). Never throws. */
export function parseProvider(input: unknown, options?: ParseOptions): ParseResult<Provider> {
  return parseKind(providerKind, input, options);
}

/** Parses an Alert (notification.toolkit.fluxcd.io/v1beta3 or v1beta2). Never throws. */
export function parseAlert(input: unknown, options?: ParseOptions): ParseResult<Alert> {
  return parseKind(alertKind, input, options);
}

/** Parses a Receiver (notification.toolkit.fluxcd.io/v1 or v1beta2). Never throws. */
export function parseReceiver(input: unknown, options?: ParseOptions): ParseResult<Receiver> {
  return parseKind(receiverKind, input, options);
}
