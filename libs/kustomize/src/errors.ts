/**
 * The errors a kustomize build raises. Every message starts with its subject, usually the kustomization file and
 * field (`apps/kustomization.yaml: patches[1]: ...`), and keeps kustomize's own wording after it where tools or people
 * grep for it (`accumulating resources`, `may not add resource with an already registered id`).
 */
import { SluiceError } from '@sluice/errors';

/** The stable codes of this package; listed in docs/errors.md. */
export const KustomizeErrorCode = {
  /** The kustomization or a resource it builds is invalid (bad field, conflict, missing target, ...). */
  build: 'SLUICE_KUSTOMIZE_BUILD',
  /** A file is not valid YAML (kustomize's MalformedYAMLError). */
  malformedYaml: 'SLUICE_KUSTOMIZE_MALFORMED_YAML',
  /** A file or directory is missing, or lies outside what the load restrictor allows. */
  load: 'SLUICE_KUSTOMIZE_LOAD',
  /** An input limit (file size, total bytes, documents, nesting) was exceeded. */
  limit: 'SLUICE_KUSTOMIZE_LIMIT',
  /** The kustomization asks for something this engine refuses to do: plugins, exec functions, Helm, remote bases. */
  unsupported: 'SLUICE_KUSTOMIZE_UNSUPPORTED',
} as const;
export type KustomizeErrorCode = (typeof KustomizeErrorCode)[keyof typeof KustomizeErrorCode];

/** Base class of every kustomize build error; branch on `code`. */
export class KustomizeError extends SluiceError {
  /** A copy of this error whose message is prefixed with `prefix: ` (the error class and code are kept). */
  withPrefix(prefix: string): KustomizeError {
    const err = new KustomizeError(this.code, `${prefix}: ${this.message}`, { cause: this.cause });
    Object.setPrototypeOf(err, Object.getPrototypeOf(this) as object);
    err.name = this.name;
    return err;
  }
}

/** A build failure caused by the kustomization's content. */
export class KustomizeBuildError extends KustomizeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(KustomizeErrorCode.build, message, options);
  }
}

/** kustomize's MalformedYAMLError: a file that does not parse. */
export class MalformedYamlError extends KustomizeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(KustomizeErrorCode.malformedYaml, message, options);
  }
}

/** A path that is missing or forbidden by the load restrictor. */
export class KustomizeLoadError extends KustomizeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(KustomizeErrorCode.load, message, options);
  }
}

/** An input limit was exceeded. */
export class KustomizeLimitError extends KustomizeError {
  constructor(message: string) {
    super(KustomizeErrorCode.limit, message);
  }
}

/** A feature this engine deliberately does not run (plugins, exec, Helm, remote bases while disabled). */
export class KustomizeUnsupportedError extends KustomizeError {
  constructor(message: string) {
    super(KustomizeErrorCode.unsupported, message);
  }
}

/** Prefixes any error: KustomizeErrors keep their class and code, anything else becomes a build error. */
export function wrapError(err: unknown, prefix: string): KustomizeError {
  if (err instanceof KustomizeError) return err.withPrefix(prefix);
  const message = err instanceof Error ? err.message : String(err);
  return new KustomizeBuildError(`${prefix}: ${message}`, { cause: err });
}
