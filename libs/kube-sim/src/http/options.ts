/** Query parameters of mutating requests (dryRun, fieldManager, fieldValidation, force) and of tables. */
import { FieldValidation, type WriteOptions } from '../api/context.js';
import { FieldErrorType, OMIT_VALUE, badRequest, fieldError, invalid, type FieldError } from '../api/status.js';
import type { IncludeObject } from '../tables/table.js';

const VALIDATIONS: readonly string[] = ['Ignore', 'Strict', 'Warn'];

/** Reads and validates the write options; `kind` names the options type in errors (CreateOptions, ...). */
export function writeOptionsOf(q: URLSearchParams, userAgent: string, kind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions' | 'DeleteOptions'): WriteOptions {
  const errs: FieldError[] = [];
  const dryRun = q.getAll('dryRun');
  const bad = dryRun.filter((d) => d !== 'All');
  if (bad.length > 0) errs.push(fieldError(FieldErrorType.NotSupported, 'dryRun', `\u0000[]string{${dryRun.map((d) => JSON.stringify(d)).join(', ')}}`, 'supported values: "All"'));
  const validation = q.get('fieldValidation') ?? '';
  if (validation !== '' && !VALIDATIONS.includes(validation)) {
    errs.push(fieldError(FieldErrorType.NotSupported, 'fieldValidation', validation, 'supported values: "", "Ignore", "Strict", "Warn"'));
  }
  const manager = q.get('fieldManager') ?? undefined;
  if (manager !== undefined && manager.length > 128) errs.push(fieldError(FieldErrorType.TooLong, 'fieldManager', OMIT_VALUE, 'may not be more than 128 bytes'));
  if (errs.length > 0) throw invalid({ group: 'meta.k8s.io', kind }, '', errs);
  return {
    dryRun: dryRun.length > 0,
    fieldManager: manager || undefined,
    fieldValidation: (validation || FieldValidation.Warn) as FieldValidation,
    userAgent,
  };
}

/** The `force` parameter: only for apply patches (422 otherwise), `true` or `false`. */
export function forceOf(q: URLSearchParams, isApply: boolean): boolean {
  const raw = q.get('force');
  if (raw === null) return false;
  if (!isApply) throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [fieldError(FieldErrorType.Forbidden, 'force', OMIT_VALUE, 'may not be specified for non-apply patch')]);
  if (raw !== 'true' && raw !== 'false' && raw !== '') throw badRequest(`strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`);
  return raw === 'true';
}

/** `includeObject` of a Table request (default Metadata). */
export function includeObjectOf(q: URLSearchParams): IncludeObject {
  const raw = q.get('includeObject') ?? 'Metadata';
  if (raw === '' ) return 'Metadata';
  if (raw === 'None' || raw === 'Metadata' || raw === 'Object') return raw;
  throw badRequest(`Unable to convert to Table as requested: includeObject: Unsupported value: ${JSON.stringify(raw)}: supported values: "Metadata", "None", "Object"`);
}

/** A non-negative integer query parameter, or undefined. */
export function secondsOf(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
  return Number(raw);
}
