import { SluiceError } from '@sluice/errors';

/** Raised when a local server (nats-server, git daemon, git HTTP) or Git fixture cannot be started, restarted or reached. */
export class DevStackError extends SluiceError {
  constructor(subject: string, message: string, cause?: unknown) {
    super('SLUICE_DEVSTACK', `${subject}: ${message}`, { cause });
  }
}
