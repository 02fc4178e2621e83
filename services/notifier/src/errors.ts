/** The notifier's errors: each says whether delivering again could help. */
import { SluiceError } from '@sluice/errors';

/** Codes of the notifier's errors (rows in docs/errors.md). */
export const NOTIFIER_ERROR_CODES = {
  config: 'SLUICE_NOTIFIER_CONFIG',
  notFound: 'SLUICE_NOTIFIER_NOT_FOUND',
  delivery: 'SLUICE_NOTIFIER_DELIVERY',
  regexp: 'SLUICE_NOTIFIER_REGEXP',
} as const;

/**
 * A Provider (or its Secret) that cannot be used as written: no address, an invalid URL, malformed `headers`, a type
 * Sluice does not implement. Retrying does not help until the object changes.
 */
export class NotificationConfigError extends SluiceError {
  readonly retryable = false;

  constructor(subject: string, problem: string) {
    super(NOTIFIER_ERROR_CODES.config, `${subject}: ${problem}`);
  }
}

/**
 * An object a delivery needs (the Provider, its Secret) is missing. Retried, since Alerts, Providers and Secrets
 * are often created together and reach the notifier in any order.
 */
export class NotificationObjectNotFoundError extends SluiceError {
  readonly retryable = true;

  constructor(subject: string, what: string) {
    super(NOTIFIER_ERROR_CODES.notFound, `${subject}: ${what} not found`);
  }
}

/** The receiver did not accept the notification; `retryable` as Flux's HTTP client decides (network, 429, 5xx). */
export class DeliveryError extends SluiceError {
  readonly retryable: boolean;
  /** HTTP status, when the receiver answered. */
  readonly status: number | undefined;

  constructor(subject: string, problem: string, opts: { retryable: boolean; status?: number; cause?: unknown }) {
    super(NOTIFIER_ERROR_CODES.delivery, `${subject}: ${problem}`, { cause: opts.cause });
    this.retryable = opts.retryable;
    this.status = opts.status;
  }
}

/** A Go regular expression (inclusionList, exclusionList) that Go rejects, or that Sluice cannot translate. */
export class InvalidRegexpError extends SluiceError {
  constructor(pattern: string, problem: string) {
    super(NOTIFIER_ERROR_CODES.regexp, `regular expression ${JSON.stringify(pattern)} is invalid: ${problem}`);
  }
}

/** True when delivering the same notification again may succeed. Unknown errors count as transient. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof NotificationConfigError) return false;
  if (err instanceof DeliveryError || err instanceof NotificationObjectNotFoundError) return err.retryable;
  return true;
}
