/**
 * Validation of custom resources against their CRD's structural schema (required, enum, pattern, bounds, lengths,
 * list types), with apiextensions' wording: `spec.size: Invalid value: 20: spec.size in body should be less than
 * or equal to 10`. Type mismatches are found by decoding; see {@link typeMismatchErrors}.
 */
import type { FieldSchema } from '@sluice/k8s-schema';
import { FieldErrorType, OMIT_VALUE, fieldError, type FieldError } from '../../api/status.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json.js';
import type { TypeMismatch } from '../decode.js';
import { goValue } from './go-format.js';

const patterns = new Map<string, RegExp | null>();

function compiled(pattern: string): RegExp | null {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    patterns.set(pattern, re);
  }
  return re;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** `map[string]interface {}{"name":"http"}`, how duplicate list-map keys print. */
function goKeyMap(item: JsonObject, keys: readonly string[]): string {
  return `map[string]interface {}{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(item[k] ?? null)}`).join(', ')}}`;
}

class Validator {
  readonly errors: FieldError[] = [];

  value(v: JsonValue, s: FieldSchema, path: string): void {
    if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
      this.errors.push(fieldError(FieldErrorType.NotSupported, path, v, `supported values: ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`));
    }
    if (typeof v === 'string') this.string(v, s, path);
    else if (typeof v === 'number') this.number(v, s, path);
    else if (Array.isArray(v)) this.array(v, s, path);
    else if (isJsonObject(v)) this.object(v, s, path);
  }

  private string(v: string, s: FieldSchema, path: string): void {
    if (s.maxLength !== undefined && Buffer.byteLength(v) > s.maxLength) {
      this.errors.push(fieldError(FieldErrorType.TooLong, path, v, `may not be more than ${s.maxLength} bytes`));
    }
    if (s.minLength !== undefined && [...v].length < s.minLength) {
      this.errors.push(fieldError(FieldErrorType.Invalid, path, v, `${path} in body should be at least ${s.minLength} chars long`));
    }
    if (s.pattern !== undefined) {
      const re = compiled(s.pattern);
      if (re && !re.test(v)) this.errors.push(fieldError(FieldErrorType.Invalid, path, v, `${path} in body should match '${s.pattern}'`));
    }
  }

  private number(v: number, s: FieldSchema, path: string): void {
    if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
      this.errors.push(fieldError(FieldErrorType.Invalid, path, v, `${path} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`));
    }
    if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
      this.errors.push(fieldError(FieldErrorType.Invalid, path, v, `${path} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`));
    }
  }

  private array(v: JsonValue[], s: FieldSchema, path: string): void {
    if (s.maxItems !== undefined && v.length > s.maxItems) this.errors.push(fieldError(FieldErrorType.TooMany, path, v.length, `must have at most ${s.maxItems} items`));
    if (s.minItems !== undefined && v.length < s.minItems) this.errors.push(fieldError(FieldErrorType.Invalid, path, v.length, `${path} in body should have at least ${s.minItems} items`));
    if (s.listType === 'set' || s.uniqueItems) this.uniqueItems(v, path);
    if (s.listType === 'map' && s.listMapKeys) this.uniqueKeys(v, s.listMapKeys, path);
    if (s.items) v.forEach((item, i) => this.value(item, s.items!, `${path}[${i}]`));
  }

  private uniqueItems(v: JsonValue[], path: string): void {
    const seen = new Set<string>();
    v.forEach((item, i) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) this.errors.push(fieldError(FieldErrorType.Duplicate, `${path}[${i}]`, item));
      seen.add(key);
    });
  }

  private uniqueKeys(v: JsonValue[], keys: readonly string[], path: string): void {
    const seen = new Set<string>();
    v.forEach((item, i) => {
      if (!isJsonObject(item)) return;
      const key = JSON.stringify(keys.map((k) => item[k] ?? null));
      if (seen.has(key)) this.errors.push(fieldError(FieldErrorType.Duplicate, `${path}[${i}]`, goValue(goKeyMap(item, keys))));
      seen.add(key);
    });
  }

  private object(v: JsonObject, s: FieldSchema, path: string): void {
    for (const r of s.required ?? []) if (v[r] === undefined) this.errors.push(fieldError(FieldErrorType.Required, join(path, r), OMIT_VALUE));
    const count = Object.keys(v).length;
    if (s.maxProperties !== undefined && count > s.maxProperties) this.errors.push(fieldError(FieldErrorType.TooMany, path, count, `must have at most ${s.maxProperties} items`));
    if (s.minProperties !== undefined && count < s.minProperties) this.errors.push(fieldError(FieldErrorType.Invalid, path, count, `${path} in body should have at least ${s.minProperties} properties`));
    for (const [k, child] of Object.entries(v)) {
      const cs = s.properties?.[k] ?? s.additionalProperties;
      if (cs) this.value(child, cs, join(path, k));
    }
  }
}

/** Errors of a (decoded, defaulted) custom resource against its schema; `metadata` is validated elsewhere. */
export function customResourceErrors(obj: JsonObject, schema: FieldSchema | undefined): FieldError[] {
  if (!schema) return [];
  const v = new Validator();
  const { metadata: _metadata, ...rest } = obj;
  const rootSchema: FieldSchema = { ...schema, required: (schema.required ?? []).filter((r) => r !== 'metadata') };
  v.value(rest, rootSchema, '');
  return v.errors;
}

/** Type mismatches found while decoding a custom resource, as apiextensions reports them (422, not 400). */
export function typeMismatchErrors(mismatches: readonly TypeMismatch[]): FieldError[] {
  return mismatches.map((m) => {
    const actual = m.value === null ? 'null' : Array.isArray(m.value) ? 'array' : typeof m.value === 'number' ? (Number.isInteger(m.value) ? 'integer' : 'number') : typeof m.value;
    return fieldError(FieldErrorType.TypeInvalid, m.path, actual, `${m.path} in body must be of type ${m.expected}: ${JSON.stringify(actual)}`);
  });
}
