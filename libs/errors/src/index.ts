/**
 * The one error base class every Sluice package extends.
 *
 * Subclasses pick a stable `code` (listed in `docs/errors.md` with what to do about it), a message that starts with
 * the subject (`Kustomization/flux-system/apps build failed: ...`), and keep the underlying error as `cause`.
 */
export class SluiceError extends Error {
  /** Stable, documented identifier (`SLUICE_...`); callers branch on this, never on the message. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

/** True when `err` is a {@link SluiceError}, optionally with the given code. */
export function isSluiceError(err: unknown, code?: string): err is SluiceError {
  return err instanceof SluiceError && (code === undefined || err.code === code);
}

/** The message of anything thrown, for logs and status conditions; never throws itself. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}
