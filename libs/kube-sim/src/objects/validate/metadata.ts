/** ObjectMeta validation (apimachinery's ValidateObjectMeta and ValidateObjectMetaUpdate). */
import { FieldErrorType, OMIT_VALUE, fieldError, type FieldError } from '../../api/status.js';
import { isJsonObject, type JsonObject } from '../../json.js';
import { NameRule, type ResourceDef } from '../../registry/resource.js';
import {
  validateDns1035Label, validateDnsLabel, validateDnsSubdomain, validateLabelValue, validatePathSegmentName,
  validateQualifiedName,
} from '../names.js';
import { goStringSlice } from './go-format.js';

const NAME_VALIDATORS: Readonly<Record<NameRule, (v: string) => string[]>> = {
  [NameRule.Subdomain]: validateDnsSubdomain,
  [NameRule.Label]: validateDnsLabel,
  [NameRule.Dns1035]: validateDns1035Label,
  [NameRule.PathSegment]: validatePathSegmentName,
};

/** Problems of `metadata.name` under the kind's rule. */
export function nameErrors(def: ResourceDef, name: string): string[] {
  return NAME_VALIDATORS[def.nameRule](name);
}

const MAX_ANNOTATIONS_BYTES = 256 * 1024;

function validateLabels(labels: JsonObject | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const e of validateQualifiedName(k)) errs.push(fieldError(FieldErrorType.Invalid, field, k, e));
    if (typeof v === 'string') for (const e of validateLabelValue(v)) errs.push(fieldError(FieldErrorType.Invalid, field, v, e));
  }
  return errs;
}

function validateAnnotations(annotations: JsonObject | undefined): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    for (const e of validateQualifiedName(k.toLowerCase())) errs.push(fieldError(FieldErrorType.Invalid, 'metadata.annotations', k, e));
    size += k.length + (typeof v === 'string' ? v.length : 0);
  }
  if (size > MAX_ANNOTATIONS_BYTES) errs.push(fieldError(FieldErrorType.TooLong, 'metadata.annotations', OMIT_VALUE, `must have at most ${MAX_ANNOTATIONS_BYTES} bytes`));
  return errs;
}

function validateOwnerReferences(refs: unknown): FieldError[] {
  if (!Array.isArray(refs)) return [];
  const errs: FieldError[] = [];
  let controllers = 0;
  for (const r of refs) {
    if (!isJsonObject(r)) continue;
    const checks: [string, string][] = [['apiVersion', 'version must not be empty'], ['kind', 'kind must not be empty'], ['name', 'name must not be empty'], ['uid', 'uid must not be empty']];
    for (const [key, msg] of checks) {
      if (typeof r[key] !== 'string' || r[key] === '') errs.push(fieldError(FieldErrorType.Invalid, `metadata.ownerReferences.${key}`, '', msg));
    }
    if (r.controller === true) controllers++;
  }
  if (controllers > 1) {
    errs.push(fieldError(FieldErrorType.Invalid, 'metadata.ownerReferences', OMIT_VALUE, 'Only one reference can have Controller set to true'));
  }
  return errs;
}

function validateFinalizers(finalizers: unknown): FieldError[] {
  if (!Array.isArray(finalizers)) return [];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  finalizers.forEach((f, i) => {
    if (typeof f !== 'string') return;
    for (const e of validateQualifiedName(f)) errs.push(fieldError(FieldErrorType.Invalid, `metadata.finalizers[${i}]`, f, e));
    if (seen.has(f)) errs.push(fieldError(FieldErrorType.Duplicate, `metadata.finalizers[${i}]`, f));
    seen.add(f);
  });
  return errs;
}

/** Errors of an object's metadata on create and update. */
export function validateObjectMeta(def: ResourceDef, obj: JsonObject): FieldError[] {
  const meta = isJsonObject(obj.metadata) ? obj.metadata : {};
  const errs: FieldError[] = [];
  const name = typeof meta.name === 'string' ? meta.name : '';
  if (!name) errs.push(fieldError(FieldErrorType.Required, 'metadata.name', OMIT_VALUE, 'name or generateName is required'));
  else for (const e of nameErrors(def, name)) errs.push(fieldError(FieldErrorType.Invalid, 'metadata.name', name, e));
  if (def.namespaced && !meta.namespace) errs.push(fieldError(FieldErrorType.Required, 'metadata.namespace', OMIT_VALUE));
  errs.push(...validateLabels(isJsonObject(meta.labels) ? meta.labels : undefined, 'metadata.labels'));
  errs.push(...validateAnnotations(isJsonObject(meta.annotations) ? meta.annotations : undefined));
  errs.push(...validateOwnerReferences(meta.ownerReferences));
  errs.push(...validateFinalizers(meta.finalizers));
  return errs;
}

/** Extra errors on update: finalizers may not be added once deletion started. */
export function validateObjectMetaUpdate(obj: JsonObject, old: JsonObject): FieldError[] {
  const meta = isJsonObject(obj.metadata) ? obj.metadata : {};
  const oldMeta = isJsonObject(old.metadata) ? old.metadata : {};
  if (oldMeta.deletionTimestamp === undefined) return [];
  const before = new Set(Array.isArray(oldMeta.finalizers) ? oldMeta.finalizers : []);
  const added = (Array.isArray(meta.finalizers) ? meta.finalizers : []).filter((f): f is string => typeof f === 'string' && !before.has(f));
  if (added.length === 0) return [];
  return [fieldError(FieldErrorType.Forbidden, 'metadata.finalizers', OMIT_VALUE, `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(added)}`)];
}

