import { cloneJson, type JsonObject } from '../json.js';
import { FieldSet } from './field-set.js';
import { fieldElement } from './path.js';

/** Which endpoint a write goes to, for the fields the API server resets (its strategies' GetResetFields). */
export interface WriteScope {
  /** `status` for the status subresource; undefined for the main resource. */
  readonly subresource?: string | undefined;
  /** Whether the resource has a status subresource. Default true; pass false for CRDs without one, whose `status` is an ordinary field. */
  readonly statusSubresource?: boolean | undefined;
}

function mainResetsStatus(scope: WriteScope): boolean {
  return scope.subresource === undefined && scope.statusSubresource !== false;
}

/**
 * Returns `next` with the part the endpoint may not change put back from `previous`, as the API server's
 * strategies do before persisting: a write to the main resource keeps the previous `status` (none on create), a
 * write to the `status` subresource keeps everything but `status`. Other subresources reset nothing. Call it on
 * the object of an update or patch before {@link trackUpdate}; {@link serverSideApply} applies it itself.
 */
export function resetFields(previous: JsonObject | undefined, next: JsonObject, scope: WriteScope = {}): JsonObject {
  if (mainResetsStatus(scope)) {
    const out = { ...next };
    if (previous && Object.hasOwn(previous, 'status')) out.status = cloneJson(previous.status!);
    else delete out.status;
    return out;
  }
  if (scope.subresource === 'status' && previous) {
    const out = cloneJson(previous);
    if (Object.hasOwn(next, 'status')) out.status = next.status!;
    else delete out.status;
    return out;
  }
  return next;
}

/** The top-level fields ownership tracking ignores for this endpoint (what {@link resetFields} puts back). */
export function ignoredFields(scope: WriteScope, ...objects: (JsonObject | undefined)[]): FieldSet {
  if (mainResetsStatus(scope)) return FieldSet.fromPaths([[fieldElement('status')]]);
  if (scope.subresource !== 'status') return FieldSet.empty();
  const keys = new Set(objects.flatMap((o) => (o ? Object.keys(o) : [])));
  keys.delete('status');
  return FieldSet.fromPaths([...keys].map((k) => [fieldElement(k)]));
}
