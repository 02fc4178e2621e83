/**
 * Kubernetes `Status` failures, worded as k8s.io/apimachinery/pkg/api/errors words them, so that kubectl and
 * client libraries print and classify them exactly as with a real API server.
 */
import { SluiceError } from '@sluice/errors';
import type { JsonObject, JsonValue } from '../json.js';

/** `field.ErrorType` of apimachinery: the cause reason and the words printed in the message. */
export const FieldErrorType = {
  NotFound: { reason: 'FieldValueNotFound', words: 'Not found' },
  Required: { reason: 'FieldValueRequired', words: 'Required value' },
  Duplicate: { reason: 'FieldValueDuplicate', words: 'Duplicate value' },
  Invalid: { reason: 'FieldValueInvalid', words: 'Invalid value' },
  NotSupported: { reason: 'FieldValueNotSupported', words: 'Unsupported value' },
  Forbidden: { reason: 'FieldValueForbidden', words: 'Forbidden' },
  TooLong: { reason: 'FieldValueTooLong', words: 'Too long' },
  TooMany: { reason: 'FieldValueTooMany', words: 'Too many' },
  TypeInvalid: { reason: 'FieldValueTypeInvalid', words: 'Invalid value' },
} as const;
export type FieldErrorType = (typeof FieldErrorType)[keyof typeof FieldErrorType];

/** Marks a field error whose bad value is not printed. */
export const OMIT_VALUE: unique symbol = Symbol('omit');

/** One validation failure of one field, as `field.Error`. */
export interface FieldError {
  readonly type: FieldErrorType;
  /** Dotted path, e.g. `spec.template.spec.containers[0].image`. */
  readonly field: string;
  readonly badValue: JsonValue | undefined | typeof OMIT_VALUE;
  readonly detail: string;
}

/** Builds a field error; `badValue` is printed the way Go's `%q` / `%v` / `%#v` would print it. */
export function fieldError(type: FieldErrorType, field: string, badValue: JsonValue | undefined | typeof OMIT_VALUE, detail = ''): FieldError {
  return { type, field, badValue, detail };
}

/** A Go-ish rendering of a bad value: strings quoted, numbers and booleans bare, the rest as JSON. */
export function formatBadValue(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return 'null';
  // A value pre-rendered in Go syntax (see objects/validate/go-format.ts) prints as is.
  if (typeof v === 'string' && v.startsWith('\u0000')) return v.slice(1);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** The text after the field path: `Invalid value: "x": detail`. */
export function fieldErrorBody(e: FieldError): string {
  let s: string = e.type.words;
  const bare = e.type === FieldErrorType.Required || e.type === FieldErrorType.Forbidden || e.type === FieldErrorType.TooLong;
  if (!bare && e.badValue !== OMIT_VALUE) s += `: ${formatBadValue(e.badValue)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** `field: body`, as `field.Error.Error()`. */
export function fieldErrorString(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** Group and resource (plural), for NotFound, AlreadyExists, Conflict and Forbidden. */
export interface GroupResource { readonly group: string; readonly resource: string }
/** Group and kind, for Invalid. */
export interface GroupKind { readonly group: string; readonly kind: string }

/** `deployments.apps` or `configmaps`. */
export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

/** `Deployment.apps` or `ConfigMap`. */
export function qualifiedKind(gk: GroupKind): string {
  return gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
}

/** A `metav1.Status` body. */
export interface StatusBody extends JsonObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: JsonObject;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  code: number;
}

/**
 * A failed API request: carries the Kubernetes `Status` the server answers with. Thrown by every verb; the HTTP
 * layer writes `status` with `status.code` as the HTTP status.
 */
export class KubeApiError extends SluiceError {
  readonly status: StatusBody;

  constructor(status: StatusBody) {
    super('SLUICE_KUBE_API_STATUS', status.message);
    this.status = status;
  }

  /** The HTTP status code. */
  get httpCode(): number {
    return this.status.code;
  }

  /** The `reason` of the Status (`NotFound`, `Conflict`, ...). */
  get reason(): string {
    return this.status.reason;
  }
}

/** True when `err` is a {@link KubeApiError}, optionally with the given reason. */
export function isKubeApiError(err: unknown, reason?: string): err is KubeApiError {
  return err instanceof KubeApiError && (reason === undefined || err.reason === reason);
}

function status(code: number, reason: string, message: string, details?: JsonObject): KubeApiError {
  const body: StatusBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) body.details = details;
  return new KubeApiError(body);
}

function resourceDetails(gr: GroupResource, name: string | undefined): JsonObject {
  const d: JsonObject = {};
  if (name) d.name = name;
  if (gr.group) d.group = gr.group;
  d.kind = gr.resource;
  return d;
}

/** 404 `deployments.apps "x" not found`. */
export function notFound(gr: GroupResource, name: string): KubeApiError {
  return status(404, 'NotFound', `${qualifiedResource(gr)} ${JSON.stringify(name)} not found`, resourceDetails(gr, name));
}

/** 404 for a path nothing is served at. */
export function pathNotFound(): KubeApiError {
  return status(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 409 `deployments.apps "x" already exists`. */
export function alreadyExists(gr: GroupResource, name: string): KubeApiError {
  return status(409, 'AlreadyExists', `${qualifiedResource(gr)} ${JSON.stringify(name)} already exists`, resourceDetails(gr, name));
}

/** The message of an update whose resourceVersion precondition failed. */
export const OPTIMISTIC_LOCK_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

/** 409 `Operation cannot be fulfilled on deployments.apps "x": <why>`. */
export function conflict(gr: GroupResource, name: string, why: string): KubeApiError {
  return status(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(gr)} ${JSON.stringify(name)}: ${why}`, resourceDetails(gr, name));
}

/** 409 for a server-side apply that conflicts with other managers; `message` comes from the merge engine. */
export function applyConflict(message: string, conflicts: readonly { manager: string; field: string; apiVersion?: string }[]): KubeApiError {
  const causes = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${JSON.stringify(c.manager)}${c.apiVersion ? ` using ${c.apiVersion}` : ''}`,
    field: c.field,
  }));
  return status(409, 'Conflict', message, { causes });
}

/** 422 `Deployment.apps "x" is invalid: <errors>`; one cause per field error. */
export function invalid(gk: GroupKind, name: string, errors: readonly FieldError[]): KubeApiError {
  const messages = [...new Set(errors.map(fieldErrorString))];
  const base = `${qualifiedKind(gk)} ${JSON.stringify(name)} is invalid`;
  const message = messages.length === 0 ? base : messages.length === 1 ? `${base}: ${messages[0]}` : `${base}: [${messages.join(', ')}]`;
  const details: JsonObject = { name, ...(gk.group ? { group: gk.group } : {}), kind: gk.kind };
  details.causes = errors.map((e) => ({ reason: e.type.reason, message: fieldErrorBody(e), field: e.field }));
  return status(422, 'Invalid', message, details);
}

/** 403 `deployments.apps "x" is forbidden: <why>` (no name: `deployments.apps is forbidden: ...`). */
export function forbidden(gr: GroupResource, name: string, why: string, causes?: JsonValue[]): KubeApiError {
  const subject = name ? `${qualifiedResource(gr)} ${JSON.stringify(name)}` : qualifiedResource(gr);
  const details = resourceDetails(gr, name);
  if (causes) details.causes = causes;
  return status(403, 'Forbidden', `${subject} is forbidden: ${why}`, details);
}

/** 403 for a non-resource path: `forbidden: User "x" cannot get path "/foo"`. */
export function forbiddenPath(why: string): KubeApiError {
  return status(403, 'Forbidden', `forbidden: ${why}`, {});
}

/** 400 with a free-form message. */
export function badRequest(message: string): KubeApiError {
  return status(400, 'BadRequest', message);
}

/** 401 for a missing or unknown bearer token. */
export function unauthorized(): KubeApiError {
  return status(401, 'Unauthorized', 'Unauthorized');
}

/** 405 for a verb the resource does not serve. */
export function methodNotAllowed(): KubeApiError {
  return status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
}

/** 410 `too old resource version: 5 (120)` and other expired versions or continue tokens. */
export function expired(message: string): KubeApiError {
  return status(410, 'Expired', message);
}

/** 415 for a body or patch type the resource does not accept. */
export function unsupportedMediaType(accepted: readonly string[]): KubeApiError {
  return status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
}

/** 406 for an Accept header naming nothing the server can produce. */
export function notAcceptable(message = 'only the following media types are accepted: application/json, application/yaml'): KubeApiError {
  return status(406, 'NotAcceptable', message);
}

/** 413 for a body over the server's limit. */
export function tooLarge(limit: number): KubeApiError {
  return status(413, 'RequestEntityTooLarge', `limit is ${limit}`);
}

/** 500, reserved for bugs: the fuzz suite fails when any request ends here. */
export function internalError(message: string): KubeApiError {
  return status(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}

/** 504 for a list or watch at a resourceVersion the server has not reached. */
export function tooLargeResourceVersion(requested: number, current: number): KubeApiError {
  return status(504, 'Timeout', `Too large resource version: ${requested}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    retryAfterSeconds: 1,
  });
}

/** 200 `Success` Status, answered by deletes of kinds that do not return the deleted object. */
export function successStatus(details: JsonObject): JsonObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}

/**
 * 422 with the generic wording and no details: how the real server answers a JSON patch it cannot apply (its
 * handler drops the patch library's reason, and so does this one).
 */
export function rejected(): KubeApiError {
  return status(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}
