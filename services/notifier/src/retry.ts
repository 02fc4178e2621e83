/**
 * When a failed delivery is tried again: transient failures (network, timeout, 429, 5xx, a Provider or Secret not
 * there yet) up to `maxAttempts` deliveries, with exponential backoff from the delivery count; configuration errors
 * never. Flux's client makes the same number of attempts (1 + 4 retries, 2 s to 30 s apart).
 */
import { backoffDelay } from '@sluice/bus';
import { isRetryable } from './errors.js';

/** How a failed delivery is retried. */
export interface RetryPolicy {
  /** Deliveries of one notification before it is given up (the first included). */
  readonly maxAttempts: number;
  /** Delay before the second attempt; doubles per attempt. */
  readonly initialDelayMs: number;
  /** Cap of that delay. */
  readonly maxDelayMs: number;
}

/** Flux's numbers: 5 attempts, 2 s doubling up to 30 s. */
export function defaultRetryPolicy(): RetryPolicy {
  return { maxAttempts: 5, initialDelayMs: 2_000, maxDelayMs: 30_000 };
}

/** The delay before the next attempt after `err` on delivery number `deliveryCount`, or undefined to give up. */
export function retryDelay(err: unknown, deliveryCount: number, policy: RetryPolicy): number | undefined {
  if (!isRetryable(err) || deliveryCount >= policy.maxAttempts) return undefined;
  return backoffDelay(deliveryCount, policy.initialDelayMs, policy.maxDelayMs);
}
