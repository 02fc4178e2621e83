import { SluiceError } from '@sluice/errors';

/** Stable codes of the errors this package raises (documented in `docs/errors.md`). */
export const KstatusErrorCode = {
  /** A field kstatus reads has the wrong type or an unexpected value. */
  InvalidObject: 'SLUICE_KSTATUS_INVALID_OBJECT',
  /** A `healthCheckExprs` entry is malformed or one of its CEL expressions does not parse. */
  InvalidHealthExpression: 'SLUICE_HEALTH_EXPR_INVALID',
  /** A CEL health expression failed while evaluating an object, or did not return a boolean. */
  HealthExpressionEvaluation: 'SLUICE_HEALTH_EXPR_EVAL',
} as const;

/**
 * An object cannot be judged because a field that kstatus reads is malformed, e.g. `status.conditions` is not a
 * list or `metadata.generation` is not an integer. {@link computeStatus} returns it as the `error` of an Unknown
 * result rather than throwing.
 */
export class InvalidObjectError extends SluiceError {
  /** The object, as `Kind/namespace/name`. */
  readonly subject: string;
  /** Dotted path of the offending field, e.g. `status.conditions[1].type`. */
  readonly field: string;

  constructor(subject: string, field: string, problem: string, options?: { cause?: unknown }) {
    super(KstatusErrorCode.InvalidObject, `${subject}: ${field}: ${problem}`, options);
    this.subject = subject;
    this.field = field;
  }
}

/**
 * A `healthCheckExprs` entry cannot be compiled. The message starts with the entry and field, e.g.
 * `healthCheckExprs[1].current: failed to parse: Unexpected token: EOF (at offset 4)`.
 */
export class HealthExpressionError extends SluiceError {
  /** Position of the entry in the list. */
  readonly index: number;
  /** The entry's field at fault (`apiVersion`, `kind`, `current`, `inProgress`, `failed`), or `''` for the entry. */
  readonly field: string;

  constructor(path: string, index: number, field: string, problem: string, options?: { cause?: unknown }) {
    super(KstatusErrorCode.InvalidHealthExpression, `${path}: ${problem}`, options);
    this.index = index;
    this.field = field;
  }
}

/**
 * A compiled health expression failed on a particular object (a missing field, a type mismatch, a non-boolean
 * result). The object's status is Unknown, as Flux's status reader reports it, until the object or expression
 * changes.
 */
export class HealthExpressionEvalError extends SluiceError {
  constructor(subject: string, path: string, problem: string, options?: { cause?: unknown }) {
    super(KstatusErrorCode.HealthExpressionEvaluation, `${subject}: ${path}: ${problem}`, options);
  }
}
