import { SluiceError } from '@sluice/errors';

/** The API server's answer to a failed request, as a Kubernetes `Status`. */
export interface StatusDetails {
  readonly code: number;
  /** `NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, `Forbidden`, `Gone`, ... (empty when the body was not a Status). */
  readonly reason: string;
  readonly message: string;
  readonly details?: unknown;
}

/**
 * A request the Kubernetes API server refused or could not answer. The message starts with the subject
 * (`Deployment/apps/podinfo apply failed: ...`); `status` keeps the server's Status for branching on `reason`.
 */
export class KubeApiError extends SluiceError {
  readonly status: StatusDetails;

  constructor(subject: string, status: StatusDetails, cause?: unknown) {
    super('SLUICE_KUBE_API', `${subject}: ${status.message || `HTTP ${status.code}`}`, { cause });
    this.status = status;
  }

  /** True for 404 NotFound. */
  get notFound(): boolean {
    return this.status.code === 404;
  }

  /** True for 409 Conflict (resourceVersion precondition or apply conflict) and AlreadyExists. */
  get conflict(): boolean {
    return this.status.code === 409;
  }
}

/** True when `err` is a {@link KubeApiError} with HTTP status `code`. */
export function isKubeStatus(err: unknown, code: number): err is KubeApiError {
  return err instanceof KubeApiError && err.status.code === code;
}

/** The API server could not be reached at all (connection refused, TLS failure, timeout). */
export class KubeUnreachableError extends SluiceError {
  constructor(subject: string, cause: unknown) {
    super('SLUICE_KUBE_UNREACHABLE', `${subject}: API server unreachable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}
