/**
 * Checks a request object's type and decodes it against the schema, answering as the real server does: 400 for
 * the wrong API version or kind, for JSON type errors in built-ins and (with `fieldValidation=Strict`) for unknown
 * fields; Warning texts for unknown fields with `Warn`; 422 for type errors in custom resources.
 */
import { FieldValidation, type WriteOptions } from '../api/context.js';
import { badRequest, invalid } from '../api/status.js';
import type { JsonObject } from '../json.js';
import { decodeAgainstSchema, type TypeMismatch } from '../objects/decode.js';
import { typeMismatchErrors } from '../objects/validate/index.js';
import { apiVersionOf, groupKind, type ResourceDef } from '../registry/resource.js';
import { metaString } from './common.js';

function cannotHandle(def: ResourceDef, why: string): Error {
  return badRequest(`${def.kind} in version ${JSON.stringify(def.version)} cannot be handled as a ${def.kind}: ${why}`);
}

const GO_TYPES: Readonly<Record<string, string>> = {
  integer: 'int64', number: 'float64', string: 'string', boolean: 'bool', object: 'map[string]interface {}', array: '[]interface {}', 'int-or-string': 'intstr.IntOrString',
};

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'object' : typeof v;
}

function mismatchWords(m: TypeMismatch): string {
  if (m.formatError) return m.formatError;
  return `json: cannot unmarshal ${jsonKind(m.value)} into Go struct field ${m.parentType}.${m.path} of type ${GO_TYPES[m.expected] ?? m.expected}`;
}

/** Answers whether a group/version serves a kind (another served version of the resource converts). */
export type ServesKind = (group: string, version: string, kind: string) => boolean;

/** Fills or checks `apiVersion` and `kind` against the resource the request addresses. */
export function checkTypeMeta(def: ResourceDef, obj: JsonObject, required: boolean, serves: ServesKind): void {
  const expected = apiVersionOf(def);
  if (obj.apiVersion === undefined || obj.kind === undefined) {
    if (required || def.custom) {
      const missing = obj.kind === undefined ? 'Kind' : 'apiVersion';
      throw badRequest(`Object '${missing}' is missing in '${JSON.stringify(obj).slice(0, 256)}'`);
    }
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== expected) {
    const given = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
    const slash = given.indexOf('/');
    const group = slash < 0 ? '' : given.slice(0, slash);
    const version = slash < 0 ? given : given.slice(slash + 1);
    // Another served version of the same group and kind converts (relabels); anything else is refused.
    if (group !== def.group || !serves(group, version, def.kind)) {
      throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${expected})`);
    }
  }
  if (obj.kind !== undefined && obj.kind !== def.kind) throw cannotHandle(def, `the kind in the data (${String(obj.kind)}) does not match the expected kind (${def.kind})`);
  obj.apiVersion = expected;
  obj.kind = def.kind;
}

/**
 * Decodes `obj` in place for a write; returns the Warning texts. Throws 400 or 422 as the real server would.
 */
export function decodeForWrite(def: ResourceDef, obj: JsonObject, opts: WriteOptions): string[] {
  const report = decodeAgainstSchema(obj, def.schema, { builtin: !def.custom });
  const fatal = def.custom ? report.mismatches.filter((m) => m.path.startsWith('metadata')) : report.mismatches;
  if (fatal.length > 0) throw cannotHandle(def, mismatchWords(fatal[0]!));
  if (def.custom && report.mismatches.length > 0) {
    throw invalid(groupKind(def), metaString(obj, 'name'), typeMismatchErrors(report.mismatches));
  }
  if (report.unknownFields.length === 0 || opts.fieldValidation === FieldValidation.Ignore) return [];
  const words = report.unknownFields.map((f) => `unknown field ${JSON.stringify(f)}`);
  if (opts.fieldValidation === FieldValidation.Strict) throw cannotHandle(def, `strict decoding error: ${words.join(', ')}`);
  return words;
}
