import { SluiceError } from '@sluice/errors';

/** Stable codes of {@link BusError}; listed in docs/errors.md. */
export const BUS_ERROR_CODES = {
  /** A subject, subject token or prefix is malformed. */
  subject: 'SLUICE_BUS_SUBJECT',
  /** An envelope (or its payload) given to publish does not match the topic's contract. */
  envelope: 'SLUICE_BUS_ENVELOPE',
  /** Existing streams, consumers or buckets conflict with the topology, or a consumer name is unknown. */
  topology: 'SLUICE_BUS_TOPOLOGY',
  /** JetStream did not store a published message (no stream, timeout, disconnected). */
  publish: 'SLUICE_BUS_PUBLISH',
  /** A lease could not be read or written for a reason other than being held by someone else. */
  lease: 'SLUICE_BUS_LEASE',
} as const;
export type BusErrorCode = (typeof BUS_ERROR_CODES)[keyof typeof BUS_ERROR_CODES];

/** Every error the bus raises; branch on `code`. */
export class BusError extends SluiceError {
  constructor(code: BusErrorCode, subject: string, message: string, cause?: unknown) {
    super(code, `${subject}: ${message}`, { cause });
  }
}
