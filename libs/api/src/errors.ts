import { SluiceError } from '@sluice/errors';
import type { ValidationError } from './validation-error.js';

/** Text that is not Go duration syntax (or milliseconds that cannot be formatted). */
export class InvalidDurationError extends SluiceError {
  constructor(text: string, reason: string) {
    super('SLUICE_INVALID_DURATION', `duration ${JSON.stringify(text)} is invalid: ${reason}`);
  }
}

/** A revision or digest string that is not in one of Flux's formats. */
export class InvalidRevisionError extends SluiceError {
  constructor(text: string, reason: string) {
    super('SLUICE_INVALID_REVISION', `revision ${JSON.stringify(text)} is invalid: ${reason}`);
  }
}

/** An inventory entry id that is not `<namespace>_<name>_<group>_<kind>`. */
export class InvalidInventoryIdError extends SluiceError {
  constructor(id: string, reason: string) {
    super('SLUICE_INVALID_INVENTORY_ID', `inventory id ${JSON.stringify(id)} is invalid: ${reason}`);
  }
}

/** An object key that is not `Kind/namespace/name` (or `Kind/name` for cluster-scoped objects). */
export class InvalidObjectKeyError extends SluiceError {
  constructor(key: string, reason: string) {
    super('SLUICE_INVALID_OBJECT_KEY', `object key ${JSON.stringify(key)} is invalid: ${reason}`);
  }
}

/**
 * A Flux object that failed validation, for callers that prefer throwing to the `{ ok: false }` result
 * (see `parseOrThrow`). `errors` holds every problem; the message lists them one per line.
 */
export class InvalidFluxObjectError extends SluiceError {
  readonly errors: readonly ValidationError[];

  constructor(subject: string, errors: readonly ValidationError[]) {
    const lines = errors.map((e) => `  ${e.message}`).join('\n');
    super('SLUICE_INVALID_FLUX_OBJECT', `${subject} is invalid (${errors.length} problem${errors.length === 1 ? '' : 's'}):\n${lines}`);
    this.errors = errors;
  }
}
