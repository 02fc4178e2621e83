import { formatPath, type PathSegment } from './schema/path.js';
import type { SchemaIssue } from './schema/validate.js';

/** Where a manifest came from, when it was parsed from YAML text. */
export interface SourceLocation {
  /** The file name given to `parseManifests` (as the caller named it, usually relative to the repository root). */
  readonly file?: string;
  /** 1-based line of the field (or of the closest enclosing field present in the text). */
  readonly line?: number;
  /** 1-based column of that field. */
  readonly column?: number;
}

/**
 * One problem with one object, precise enough to fix it without reading code:
 * `Kustomization/flux-system/apps: spec.sourceRef.kind: expected one of "OCIRepository", "GitRepository",
 * "Bucket", "ExternalArtifact", found "HelmRepository" (clusters/prod/apps.yaml:12:11)`.
 */
export interface ValidationError extends SourceLocation {
  /** The object: `Kind/namespace/name`, `Kind/name` without namespace, or `document 2` when it has no identity. */
  readonly object: string;
  /** JSON path of the field (`spec.dependsOn[0].name`); empty for the object as a whole. */
  readonly path: string;
  /** The same path as segments, for programs. */
  readonly segments: readonly PathSegment[];
  /** What was expected there. */
  readonly expected: string;
  /** What was found there (`nothing` for a missing field). */
  readonly found: string;
  /** The whole sentence, as shown to people. */
  readonly message: string;
}

/** Builds a {@link ValidationError} for `object` from a schema issue, with an optional source location. */
export function toValidationError(object: string, issue: SchemaIssue, location: SourceLocation = {}): ValidationError {
  const path = formatPath(issue.path);
  const where = formatLocation(location);
  const field = path === '' ? '' : `${path}: `;
  return {
    object,
    path,
    segments: issue.path,
    expected: issue.expected,
    found: issue.found,
    message: `${object}: ${field}expected ${issue.expected}, found ${issue.found}${where === '' ? '' : ` (${where})`}`,
    ...location,
  };
}

/** Adds a source location to an error built without one (the YAML layer knows lines, the validator does not). */
export function withLocation(error: ValidationError, location: SourceLocation): ValidationError {
  return toValidationError(error.object, { path: error.segments, expected: error.expected, found: error.found }, location);
}

function formatLocation(location: SourceLocation): string {
  if (location.file === undefined && location.line === undefined) return '';
  const file = location.file ?? '<input>';
  if (location.line === undefined) return file;
  return location.column === undefined ? `${file}:${location.line}` : `${file}:${location.line}:${location.column}`;
}
