import { SluiceError } from '@sluice/errors';

/** Raised when the harness cannot start, restart or reach a test server (NATS, git daemon, git HTTP). */
export class HarnessError extends SluiceError {
  constructor(subject: string, message: string, cause?: unknown) {
    super('SLUICE_TEST_HARNESS', `${subject}: ${message}`, { cause });
  }
}
