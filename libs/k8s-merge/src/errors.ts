import { SluiceError } from '@sluice/errors';

/** Stable codes of the errors this package raises (documented in `docs/errors.md`). */
export const MergeErrorCode = {
  /** A JSON patch (RFC 6902) is malformed, or one of its operations cannot be applied. */
  JsonPatch: 'SLUICE_JSON_PATCH',
  /** A strategic merge patch is malformed: a directive of the wrong type, a list element without its merge key. */
  StrategicMerge: 'SLUICE_STRATEGIC_MERGE',
  /** A server-side apply configuration does not fit the schema (undeclared field, duplicate or missing list key). */
  ServerSideApply: 'SLUICE_SERVER_SIDE_APPLY',
  /** `metadata.managedFields` or a fieldsV1 value cannot be decoded. */
  ManagedFields: 'SLUICE_MANAGED_FIELDS',
} as const;

/**
 * A JSON patch cannot be applied. `index` is the operation's position (-1 when the patch itself is not a list);
 * `testFailed` is true when a `test` operation found a different value, so callers can answer 422 rather than 400.
 */
export class JsonPatchError extends SluiceError {
  /** Position of the failing operation in the patch, or -1 when the patch is not a list of operations. */
  readonly index: number;
  /** The JSON pointer the failing operation names (`path`, or `from` when that is at fault); `''` if none. */
  readonly path: string;
  /** True when a `test` operation did not match; false for malformed operations and missing paths. */
  readonly testFailed: boolean;

  constructor(index: number, path: string, problem: string, testFailed = false) {
    const subject = index < 0 ? 'JSON patch' : `JSON patch operation ${index}`;
    super(MergeErrorCode.JsonPatch, `${subject}${path === '' ? '' : ` (path ${JSON.stringify(path)})`}: ${problem}`);
    this.index = index;
    this.path = path;
    this.testFailed = testFailed;
  }
}

/** A strategic merge patch is malformed. `field` is the dotted path of the offending field, e.g. `spec.containers[1]`. */
export class StrategicMergePatchError extends SluiceError {
  /** Dotted path of the field at fault; `''` for the top level. */
  readonly field: string;

  constructor(field: string, problem: string) {
    super(MergeErrorCode.StrategicMerge, `strategic merge patch${field === '' ? '' : ` at ${field}`}: ${problem}`);
    this.field = field;
  }
}

/**
 * A server-side apply configuration does not fit the object's schema. `serverMessage` is the API server's own
 * wording (`failed to create typed patch object (ns/name; apps/v1, Kind=Deployment): .spec.x: field not declared in
 * schema`), for a 400 response.
 */
export class ServerSideApplyError extends SluiceError {
  /** The message exactly as the API server words it. */
  readonly serverMessage: string;

  constructor(subject: string, serverMessage: string) {
    super(MergeErrorCode.ServerSideApply, `${subject} server-side apply rejected: ${serverMessage}`);
    this.serverMessage = serverMessage;
  }
}

/** `metadata.managedFields` (or a fieldsV1 value) cannot be decoded; the message names the entry and key. */
export class ManagedFieldsError extends SluiceError {
  constructor(problem: string, subject?: string) {
    super(MergeErrorCode.ManagedFields, `${subject === undefined ? '' : `${subject}: `}invalid managedFields: ${problem}`);
  }
}
