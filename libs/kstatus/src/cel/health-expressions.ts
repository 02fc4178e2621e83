// Flux's `healthCheckExprs` (RFC 0009, fluxcd/pkg runtime/cel): per group and kind, CEL expressions over the object
// decide its status in the order inProgress, failed, current; none true means InProgress.
import { ParseError } from '@marcbachmann/cel-js';
import type { ParseResult } from '@marcbachmann/cel-js';
import { errorMessage } from '@sluice/errors';
import { HealthExpressionError, HealthExpressionEvalError, InvalidObjectError } from '../errors.js';
import { describeType, strictIntField } from '../fields.js';
import { groupKindOf, groupOfApiVersion, isMapping, objectRef } from '../object-ref.js';
import { unknownResult } from '../results.js';
import { Status } from '../types.js';
import type { KubeObject, StatusResult } from '../types.js';
import { healthCelEnvironment } from './environment.js';
import { toCelMapping } from './values.js';

/** One `healthCheckExprs` entry as written in a Kustomization or HelmRelease spec. */
export interface HealthExpressionEntry {
  /** API version of the custom resource; only its group is matched, as in Flux. */
  readonly apiVersion: string;
  readonly kind: string;
  /** Required: true when the resource is ready. */
  readonly current: string;
  /** Optional: true while the resource is still being reconciled. */
  readonly inProgress?: string;
  /** Optional: true when the resource failed to reconcile. */
  readonly failed?: string;
}

/** A compiled entry, ready to judge objects of its group and kind. */
export interface HealthExpressionEvaluator {
  /** The entry's position in the list. */
  readonly index: number;
  readonly group: string;
  readonly kind: string;
  /** True when `object` has this entry's group and kind (any version). */
  matches(object: KubeObject): boolean;
  /**
   * The object's status by this entry: InProgress while the generation is unobserved, then the first of
   * inProgress, failed, current that is true, else InProgress. Unknown (with `error`) when an expression fails.
   */
  evaluate(object: KubeObject): StatusResult;
}

/** Options of {@link compileHealthExpressions}. */
export interface CompileHealthExpressionsOptions {
  /** Where the list lives, to start error messages with (`spec.healthCheckExprs` in a full object). */
  readonly path: string;
}

/** All entries compiled, or every problem found (each naming its entry and field). */
export type CompileHealthExpressionsResult =
  | { readonly ok: true; readonly evaluators: readonly HealthExpressionEvaluator[] }
  | { readonly ok: false; readonly errors: readonly HealthExpressionError[] };

const evaluationOrder = [
  ['inProgress', Status.InProgress],
  ['failed', Status.Failed],
  ['current', Status.Current],
] as const;

interface CompiledExpression {
  readonly path: string;
  readonly status: Status;
  readonly program: ParseResult;
}

/** Every {@link CompileHealthExpressionsOptions} with its default. */
export function defaultCompileHealthExpressionsOptions(): CompileHealthExpressionsOptions {
  return { path: 'healthCheckExprs' };
}

function celErrorSummary(err: unknown): string {
  return err instanceof Error && 'summary' in err && typeof err.summary === 'string' ? err.summary : errorMessage(err);
}

function describeCelValue(value: unknown): string {
  if (typeof value === 'bigint') return 'an int';
  if (typeof value === 'number') return 'a double';
  if (value instanceof Uint8Array) return 'bytes';
  return describeType(value);
}

function runExpression(expression: CompiledExpression, context: Record<string, unknown>, subject: string): boolean {
  let value: unknown;
  try {
    value = expression.program(context);
  } catch (err) {
    throw new HealthExpressionEvalError(subject, expression.path, celErrorSummary(err), { cause: err });
  }
  if (typeof value !== 'boolean') {
    const problem = `must evaluate to a boolean, got ${describeCelValue(value)}`;
    throw new HealthExpressionEvalError(subject, expression.path, problem);
  }
  return value;
}

// Flux looks at status.observedGeneration first and only then at metadata.generation.
function generationNotObserved(object: KubeObject, subject: string): StatusResult | undefined {
  const observed = strictIntField(object, 'status.observedGeneration', subject);
  if (observed === undefined) return undefined;
  const generation = strictIntField(object, 'metadata.generation', subject);
  if (generation === undefined || generation === observed) return undefined;
  const kind = typeof object['kind'] === 'string' ? object['kind'] : '';
  const message = `${kind} generation is ${generation}, but latest observed generation is ${observed}`;
  return { status: Status.InProgress, message, conditions: [] };
}

function evaluateEntry(
  object: KubeObject,
  entryPath: string,
  expressions: readonly CompiledExpression[],
): StatusResult {
  const subject = objectRef(object);
  try {
    const unobserved = generationNotObserved(object, subject);
    if (unobserved !== undefined) return unobserved;
    const context = toCelMapping(object);
    const decisive = expressions.find((expression) => runExpression(expression, context, subject));
    if (decisive !== undefined) {
      return { status: decisive.status, message: `${decisive.path} evaluated to true`, conditions: [] };
    }
    return { status: Status.InProgress, message: `no expression of ${entryPath} evaluated to true`, conditions: [] };
  } catch (err) {
    if (err instanceof HealthExpressionEvalError || err instanceof InvalidObjectError) return unknownResult(err);
    throw err;
  }
}

function sourcePosition(source: string, offset: number): string {
  const before = source.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

function parseProblem(err: unknown, source: string): string {
  const range = err instanceof ParseError ? err.range : undefined;
  const where = range === undefined ? '' : ` (${sourcePosition(source, range.start)})`;
  return `failed to parse: ${celErrorSummary(err)}${where}`;
}

/** Collects the problems of one entry, each prefixed with the entry's path. */
class EntryProblems {
  readonly errors: HealthExpressionError[] = [];
  readonly entryPath: string;
  readonly index: number;

  constructor(entryPath: string, index: number) {
    this.entryPath = entryPath;
    this.index = index;
  }

  add(field: string, problem: string, cause?: unknown): void {
    const path = field === '' ? this.entryPath : `${this.entryPath}.${field}`;
    const options = cause === undefined ? undefined : { cause };
    this.errors.push(new HealthExpressionError(path, this.index, field, problem, options));
  }
}

// Empty strings count as unset, as in Flux, where the fields are plain Go strings.
function entryString(
  entry: Readonly<Record<string, unknown>>,
  field: string,
  required: boolean,
  problems: EntryProblems,
): string | undefined {
  const value = entry[field];
  if (value === undefined || value === null || value === '') {
    if (required) problems.add(field, 'required');
    return undefined;
  }
  if (typeof value === 'string') return value;
  problems.add(field, `must be a string, got ${describeType(value)}`);
  return undefined;
}

function compileExpressions(
  entry: Readonly<Record<string, unknown>>,
  problems: EntryProblems,
): CompiledExpression[] {
  const compiled: CompiledExpression[] = [];
  for (const [field, status] of evaluationOrder) {
    const source = entryString(entry, field, field === 'current', problems);
    if (source === undefined) continue;
    try {
      compiled.push({ path: `${problems.entryPath}.${field}`, status, program: healthCelEnvironment().parse(source) });
    } catch (err) {
      problems.add(field, parseProblem(err, source), err);
    }
  }
  return compiled;
}

function readGroupKind(
  entry: Readonly<Record<string, unknown>>,
  problems: EntryProblems,
): { group: string; kind: string } | undefined {
  const apiVersion = entryString(entry, 'apiVersion', true, problems);
  const kind = entryString(entry, 'kind', true, problems);
  if (apiVersion === undefined || kind === undefined) return undefined;
  const group = groupOfApiVersion(apiVersion);
  if (group !== undefined) return { group, kind };
  problems.add('apiVersion', `unexpected GroupVersion string ${JSON.stringify(apiVersion)}`);
  return undefined;
}

function compileEntry(raw: unknown, problems: EntryProblems): HealthExpressionEvaluator | undefined {
  if (!isMapping(raw)) {
    problems.add('', `must be a mapping, got ${describeType(raw)}`);
    return undefined;
  }
  const groupKind = readGroupKind(raw, problems);
  const expressions = compileExpressions(raw, problems);
  if (groupKind === undefined || problems.errors.length > 0) return undefined;
  const { group, kind } = groupKind;
  return {
    index: problems.index,
    group,
    kind,
    matches: (object) => {
      const candidate = groupKindOf(object);
      return candidate.group === group && candidate.kind === kind;
    },
    evaluate: (object) => evaluateEntry(object, problems.entryPath, expressions),
  };
}

/**
 * Compiles Flux `healthCheckExprs` entries (`{ apiVersion, kind, current, inProgress?, failed? }`) once, when the
 * Kustomization or HelmRelease spec is read; pass the evaluators to {@link computeStatus} as `expressions`.
 * Returns every problem at once, each naming its entry and field (`healthCheckExprs[1].current: failed to parse:
 * ...`), so a spec with a bad expression can be stalled with one complete message.
 */
export function compileHealthExpressions(
  entries: unknown,
  options: Partial<CompileHealthExpressionsOptions> = {},
): CompileHealthExpressionsResult {
  const { path } = { ...defaultCompileHealthExpressionsOptions(), ...options };
  if (entries === undefined || entries === null) return { ok: true, evaluators: [] };
  if (!Array.isArray(entries)) {
    const problem = `must be a list, got ${describeType(entries)}`;
    return { ok: false, errors: [new HealthExpressionError(path, -1, '', problem)] };
  }
  const evaluators: HealthExpressionEvaluator[] = [];
  const errors: HealthExpressionError[] = [];
  entries.forEach((raw: unknown, index) => {
    const problems = new EntryProblems(`${path}[${index}]`, index);
    const evaluator = compileEntry(raw, problems);
    if (evaluator !== undefined) evaluators.push(evaluator);
    errors.push(...problems.errors);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, evaluators };
}
