import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import { FLUX_GROUPS, FLUX_KINDS, findKind, isSupportedKind, splitApiVersion, type FluxObject } from './kinds/registry.js';
import { parseFluxObject, describeSubject, type ParseOptions } from './parse.js';
import type { PathSegment } from './schema/path.js';
import { isPlainObject } from './schema/validate.js';
import { toValidationError, withLocation, type SourceLocation, type ValidationError } from './validation-error.js';

/** Options for {@link parseManifests}; every field has a default. */
export interface ParseManifestsOptions extends Pick<ParseOptions, 'unknownFields'> {
  /** The file name errors and entries carry (as the caller wants it shown, e.g. relative to the repository root). */
  readonly file?: string;
}

/** Where one document of a multi-document YAML text starts. */
export interface DocumentLocation extends SourceLocation {
  /** 0-based index of the document in the text. */
  readonly index: number;
}

/** A document holding an object of a supported Flux kind, parsed to its current API version. */
export interface FluxManifest {
  readonly supported: true;
  readonly object: FluxObject;
  /** The object exactly as written (what an applier should send to the cluster). */
  readonly raw: Record<string, unknown>;
  readonly location: DocumentLocation;
  readonly warnings: readonly string[];
  readonly convertedFrom?: string;
}

/** A document holding any other Kubernetes object, passed through untouched. */
export interface OtherManifest {
  readonly supported: false;
  readonly object: Record<string, unknown>;
  readonly location: DocumentLocation;
}

/** One document of a manifest text: a parsed Flux object or a passed-through other object (`supported` tells). */
export type Manifest = FluxManifest | OtherManifest;

/** Every valid document in order, and every problem (YAML syntax, non-objects, invalid Flux objects) with its line. */
export interface ParsedManifests {
  readonly manifests: readonly Manifest[];
  readonly errors: readonly ValidationError[];
}

/**
 * Reads a multi-document YAML text (a file from a repository, or `kustomize build` output). Objects of supported
 * Flux kinds are validated and parsed; other objects are passed through as plain objects; empty documents are
 * skipped. Never throws: every problem comes back in `errors` with the file and line.
 */
export function parseManifests(text: string, options: ParseManifestsOptions = {}): ParsedManifests {
  const lineCounter = new LineCounter();
  let documents: Document.Parsed[];
  try {
    documents = parseAllDocuments(text, { lineCounter, prettyErrors: false }) as Document.Parsed[];
  } catch (err) {
    return { manifests: [], errors: [yamlError('document 1', String(err), positionOf(undefined, options.file))] };
  }
  if (!Array.isArray(documents)) documents = [];
  const manifests: Manifest[] = [];
  const errors: ValidationError[] = [];
  documents.forEach((doc, index) => {
    const outcome = readDocument(doc, index, lineCounter, options);
    if (outcome.manifest !== undefined) manifests.push(outcome.manifest);
    errors.push(...outcome.errors);
  });
  return { manifests, errors };
}

function readDocument(
  doc: Document.Parsed,
  index: number,
  lines: LineCounter,
  options: ParseManifestsOptions,
): { manifest?: Manifest; errors: ValidationError[] } {
  const label = `document ${index + 1}`;
  const start = lines.linePos((doc.contents as YamlNode | null)?.range?.[0] ?? doc.range[0]);
  const location: DocumentLocation = { index, line: start.line, column: start.col, ...(options.file === undefined ? {} : { file: options.file }) };
  if (doc.errors.length > 0) {
    return { errors: doc.errors.map((e) => yamlError(label, e.message, positionOf(e.linePos?.[0] ?? lines.linePos(e.pos[0]), options.file))) };
  }
  if (doc.contents === null) return { errors: [] };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { errors: [yamlError(label, String(err), location)] };
  }
  if (value === null || value === undefined) return { errors: [] };
  const positions = fieldPositions(doc.contents, lines);
  const locate = (e: ValidationError) => withLocation(e, lookup(positions, e.segments, options.file) ?? location);
  if (!isPlainObject(value)) {
    const error = toValidationError(label, { path: [], expected: 'a Kubernetes object (a mapping with apiVersion, kind and metadata)', found: 'a non-mapping document' });
    return { errors: [locate(error)] };
  }
  if (!isFluxCandidate(value)) return { manifest: { supported: false, object: value, location }, errors: [] };
  const result = parseFluxObject(value, { label, ...(options.unknownFields === undefined ? {} : { unknownFields: options.unknownFields }) });
  if (!result.ok) return { errors: result.errors.map(locate) };
  const manifest: FluxManifest = {
    supported: true,
    object: result.value,
    raw: value,
    location,
    warnings: result.warnings,
    ...(result.convertedFrom === undefined ? {} : { convertedFrom: result.convertedFrom }),
  };
  return { manifest, errors: [] };
}

/**
 * Objects of a Flux kind Sluice models are parsed (even with an unknown version, to report it); others, including
 * Flux kinds Sluice does not model (Bucket, ImagePolicy, ...), pass through.
 */
function isFluxCandidate(value: Record<string, unknown>): boolean {
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return false;
  const { group } = splitApiVersion(apiVersion);
  if (isSupportedKind(apiVersion, kind) || findKind(group, kind) !== undefined) return true;
  // A modelled kind under the wrong Flux group (`source.toolkit.fluxcd.io/v1 Kustomization`) is a mistake to report.
  return FLUX_GROUPS.includes(group) && FLUX_KINDS.some((k) => k.kind === kind);
}

function yamlError(object: string, message: string, location: SourceLocation): ValidationError {
  const firstLine = message.split('\n')[0] ?? message;
  return toValidationError(object, { path: [], expected: 'valid YAML', found: `a syntax error: ${firstLine}` }, location);
}

function positionOf(pos: { line: number; col: number } | undefined, file: string | undefined): SourceLocation {
  return { ...(file === undefined ? {} : { file }), ...(pos === undefined ? {} : { line: pos.line, column: pos.col }) };
}

/** Maps every field and list item of a YAML document to the line and column where it starts. */
function fieldPositions(root: unknown, lines: LineCounter): Map<string, { line: number; col: number }> {
  const positions = new Map<string, { line: number; col: number }>();
  const visit = (node: unknown, path: PathSegment[], depth: number): void => {
    if (depth > 64) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        const keyNode = pair.key as YamlNode;
        if (keyNode.range !== undefined && keyNode.range !== null) positions.set(JSON.stringify([...path, key]), lines.linePos(keyNode.range[0]));
        visit(pair.value, [...path, key], depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const range = (item as YamlNode | null)?.range;
        if (range !== undefined && range !== null) positions.set(JSON.stringify([...path, i]), lines.linePos(range[0]));
        visit(item, [...path, i], depth + 1);
      });
    }
  };
  visit(root, [], 0);
  return positions;
}

/** The position of the deepest field along `segments` that the text has (a missing field points at its parent). */
function lookup(
  positions: Map<string, { line: number; col: number }>,
  segments: readonly PathSegment[],
  file: string | undefined,
): SourceLocation | undefined {
  for (let n = segments.length; n > 0; n--) {
    const pos = positions.get(JSON.stringify(segments.slice(0, n)));
    if (pos !== undefined) return positionOf(pos, file);
  }
  return undefined;
}

/** The subject errors use for a manifest, exported for callers that report on passed-through objects too. */
export function manifestSubject(manifest: Manifest): string {
  return describeSubject(manifest.object, `document ${manifest.location.index + 1}`);
}
