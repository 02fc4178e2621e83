/**
 * Decoding of a request object against its schema, as the real server's JSON decoder (built-ins) or structural
 * pruning (custom resources) does it: fields the schema does not know are dropped and reported (for
 * `fieldValidation`), values of the wrong JSON type are reported, and nulls the decoder would drop are dropped.
 * Mutates the object it is given.
 */
import type { FieldSchema } from '@sluice/k8s-schema';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';

/** A value whose JSON type does not fit the schema. */
export interface TypeMismatch {
  /** Dotted path (`spec.replicas`, `spec.containers[0].name`). */
  readonly path: string;
  /** The schema type expected (`integer`, `string`, `object`, ...). */
  readonly expected: string;
  readonly value: JsonValue;
  /** The Go type name of the struct holding the field, for built-in error messages. */
  readonly parentType: string;
  /** Extra words for a string that failed a format check (`illegal base64 data at input byte 3`). */
  readonly formatError?: string;
}

/** What decoding found. */
export interface DecodeReport {
  /** Paths of dropped unknown fields, in the order found. */
  readonly unknownFields: string[];
  readonly mismatches: TypeMismatch[];
}

/** How nulls and unknown fields are treated. */
export interface DecodeMode {
  /** Built-ins: every null is dropped (Go zero value). Custom resources: nulls of non-nullable fields are dropped. */
  readonly builtin: boolean;
}

function typeName(schema: FieldSchema | undefined): string {
  const ref = schema?.ref;
  return ref ? ref.slice(ref.lastIndexOf('.') + 1) : 'Object';
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function base64Error(s: string): string | undefined {
  if (s.length % 4 === 0 && BASE64.test(s)) return undefined;
  const bad = [...s].findIndex((c) => !/[A-Za-z0-9+/=]/.test(c));
  return `illegal base64 data at input byte ${bad >= 0 ? bad : Math.floor(s.length / 4) * 4}`;
}

function isQuantity(schema: FieldSchema): boolean {
  return schema.ref?.endsWith('.Quantity') === true;
}

/** Canonical string of a numeric quantity (`0.5` → `500m`), as the server re-serializes `cpu: 0.5`. */
function quantityString(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const milli = n * 1000;
  return Number.isInteger(Math.round(milli * 1e6) / 1e6) ? `${Math.round(milli)}m` : String(n);
}

class Decoder {
  readonly report: DecodeReport = { unknownFields: [], mismatches: [] };
  private readonly builtin: boolean;

  constructor(mode: DecodeMode) {
    this.builtin = mode.builtin;
  }

  /** Returns the (possibly replaced) value, or undefined when it should be dropped. */
  value(v: JsonValue, schema: FieldSchema | undefined, path: string, parent: FieldSchema | undefined): JsonValue | undefined {
    if (!schema) return v;
    if (v === null) return this.builtin || !schema.nullable ? undefined : v;
    if (schema.intOrString) return typeof v === 'number' || typeof v === 'string' ? v : this.mismatch(path, 'int-or-string', v, parent);
    if (isQuantity(schema) && typeof v === 'number') return quantityString(v);
    switch (schema.type) {
      case 'object': return isJsonObject(v) ? this.object(v, schema, path) : this.mismatch(path, 'object', v, parent);
      case 'array': return Array.isArray(v) ? this.array(v, schema, path) : this.mismatch(path, 'array', v, parent);
      case 'string': return this.string(v, schema, path, parent);
      case 'integer': return typeof v === 'number' && Number.isInteger(v) ? v : this.mismatch(path, 'integer', v, parent);
      case 'number': return typeof v === 'number' ? v : this.mismatch(path, 'number', v, parent);
      case 'boolean': return typeof v === 'boolean' ? v : this.mismatch(path, 'boolean', v, parent);
      default:
        if (schema.properties || schema.additionalProperties) return isJsonObject(v) ? this.object(v, schema, path) : v;
        return v;
    }
  }

  private string(v: JsonValue, schema: FieldSchema, path: string, parent: FieldSchema | undefined): JsonValue | undefined {
    if (typeof v !== 'string') return this.mismatch(path, 'string', v, parent);
    if (this.builtin && schema.format === 'byte') {
      const err = base64Error(v);
      if (err) {
        this.report.mismatches.push({ path, expected: 'string', value: v, parentType: typeName(parent), formatError: err });
        return undefined;
      }
    }
    return v;
  }

  private mismatch(path: string, expected: string, value: JsonValue, parent: FieldSchema | undefined): undefined {
    this.report.mismatches.push({ path, expected, value, parentType: typeName(parent) });
    return undefined;
  }

  private array(v: JsonValue[], schema: FieldSchema, path: string): JsonValue[] {
    const items = schema.items;
    if (!items) return v;
    const out: JsonValue[] = [];
    for (let i = 0; i < v.length; i++) {
      const r = this.value(v[i]!, items, `${path}[${i}]`, schema);
      out.push(r === undefined ? (this.builtin ? zeroOf(items) : null) : r);
    }
    return out;
  }

  private object(v: JsonObject, schema: FieldSchema, path: string): JsonObject {
    const props = schema.properties;
    const extra = schema.additionalProperties;
    const embedded = schema.embeddedResource === true;
    for (const key of Object.keys(v)) {
      const childPath = join(path, key);
      let child = props?.[key] ?? extra;
      if (!child && embedded && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) child = { preserveUnknownFields: true };
      if (!child) {
        if (schema.preserveUnknownFields) continue;
        this.report.unknownFields.push(childPath);
        delete v[key];
        continue;
      }
      const r = this.value(v[key]!, child, childPath, schema);
      if (r === undefined) delete v[key];
      else if (r !== v[key]) v[key] = r;
    }
    return v;
  }
}

function zeroOf(schema: FieldSchema): JsonValue {
  switch (schema.type) {
    case 'string': return '';
    case 'integer': case 'number': return 0;
    case 'boolean': return false;
    case 'array': return [];
    default: return {};
  }
}

/**
 * Decodes `obj` in place against `schema`: drops unknown fields and nulls, and reports unknown fields and type
 * mismatches. With no schema (a CRD without one) nothing is checked.
 */
export function decodeAgainstSchema(obj: JsonObject, schema: FieldSchema | undefined, mode: DecodeMode): DecodeReport {
  const d = new Decoder(mode);
  if (schema) d.value(obj, schema, '', undefined);
  return d.report;
}
