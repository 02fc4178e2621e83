/**
 * Decoding of `application/vnd.kubernetes.protobuf` request bodies into JSON objects, for the types listed in
 * {@link FIELD_NUMBERS}: the `k8s\0` envelope (runtime.Unknown with apiVersion, kind and the raw message), then
 * the message, with value types from the OpenAPI schema and Go's JSON omitempty for zero values.
 */
import { builtinSchema, parseApiVersion, type FieldSchema } from '@sluice/k8s-schema';
import type { JsonObject, JsonValue } from '../json.js';
import { FIELD_NUMBERS } from './fields.js';
import { WireError, WireReader, WireType } from './wire.js';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Why a protobuf body cannot be decoded: malformed, or a type this server has no field table for. */
export class ProtobufDecodeError extends Error {
  readonly unsupported: boolean;

  constructor(message: string, unsupported = false) {
    super(message);
    this.unsupported = unsupported;
  }
}

function refName(schema: FieldSchema | undefined): string {
  return schema?.ref ?? '';
}

function isTime(s: FieldSchema): boolean {
  return /\.meta\.v1\.(Micro)?Time$/.test(refName(s));
}

function timeOf(buf: Buffer): string | undefined {
  const r = new WireReader(buf);
  let seconds = 0;
  let nanos = 0;
  while (r.more()) {
    const { field, wire } = r.key();
    if (field === 1 && wire === WireType.Varint) seconds = r.int64();
    else if (field === 2 && wire === WireType.Varint) nanos = r.int64();
    else r.skip(wire);
  }
  if (seconds === 0 && nanos === 0) return undefined;
  return `${new Date(seconds * 1000 + Math.floor(nanos / 1e6)).toISOString().slice(0, 19)}Z`;
}

function intOrString(buf: Buffer): JsonValue {
  const r = new WireReader(buf);
  let type = 0;
  let int = 0;
  let str = '';
  while (r.more()) {
    const { field, wire } = r.key();
    if (field === 1 && wire === WireType.Varint) type = r.int64();
    else if (field === 2 && wire === WireType.Varint) int = r.int64();
    else if (field === 3 && wire === WireType.Bytes) str = r.bytes().toString('utf8');
    else r.skip(wire);
  }
  return type === 1 ? str : int;
}

function firstString(buf: Buffer): string {
  const r = new WireReader(buf);
  while (r.more()) {
    const { field, wire } = r.key();
    if (field === 1 && wire === WireType.Bytes) return r.bytes().toString('utf8');
    r.skip(wire);
  }
  return '';
}

/** One value of a field (scalar, message or map entry), per the schema. */
function value(r: WireReader, wire: number, s: FieldSchema): JsonValue | undefined {
  if (wire === WireType.Bytes) {
    const bytes = r.bytes();
    if (isTime(s)) return timeOf(bytes);
    if (s.intOrString) return intOrString(bytes);
    if (refName(s).endsWith('.Quantity')) return firstString(bytes);
    if (refName(s).endsWith('.FieldsV1')) return JSON.parse(firstString(bytes) || '{}') as JsonValue;
    if (s.type === 'string') return s.format === 'byte' ? bytes.toString('base64') : bytes.toString('utf8');
    return message(bytes, s);
  }
  if (wire === WireType.Varint) {
    const n = r.int64();
    return s.type === 'boolean' ? n !== 0 : n;
  }
  if (wire === WireType.Fixed64) return r.double();
  r.skip(wire);
  return undefined;
}

function mapEntry(buf: Buffer, valueSchema: FieldSchema): [string, JsonValue] {
  const r = new WireReader(buf);
  let key = '';
  let v: JsonValue | undefined;
  while (r.more()) {
    const { field, wire } = r.key();
    if (field === 1 && wire === WireType.Bytes) key = r.bytes().toString('utf8');
    else if (field === 2 && valueSchema.type === 'array' && wire === WireType.Bytes) v = repeatedStrings(r.bytes());
    else if (field === 2) v = value(r, wire, valueSchema);
    else r.skip(wire);
  }
  return [key, v ?? (valueSchema.type === 'string' ? '' : null)];
}

/** ExtraValue and similar wrappers: a message whose field 1 is `repeated string`. */
function repeatedStrings(buf: Buffer): string[] {
  const r = new WireReader(buf);
  const out: string[] = [];
  while (r.more()) {
    const { field, wire } = r.key();
    if (field === 1 && wire === WireType.Bytes) out.push(r.bytes().toString('utf8'));
    else r.skip(wire);
  }
  return out;
}

function isZero(v: JsonValue): boolean {
  return v === '' || v === 0 || v === false || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
}

function appendRepeated(out: JsonObject, name: string, r: WireReader, wire: number, items: FieldSchema): void {
  const list = (Array.isArray(out[name]) ? out[name] : (out[name] = [])) as JsonValue[];
  if (wire === WireType.Bytes && (items.type === 'integer' || items.type === 'boolean' || items.type === 'number')) {
    const packed = new WireReader(r.bytes());
    while (packed.more()) list.push(items.type === 'number' ? packed.double() : items.type === 'boolean' ? packed.varint() !== 0 : packed.int64());
    return;
  }
  const v = value(r, wire, items);
  if (v !== undefined) list.push(v);
}

/** Decodes one message of the type `schema` describes; fields without a table entry are skipped. */
function message(buf: Buffer, schema: FieldSchema): JsonObject {
  const table = FIELD_NUMBERS[refName(schema)];
  const out: JsonObject = {};
  const r = new WireReader(buf);
  while (r.more()) {
    const { field, wire } = r.key();
    const name = table?.[field];
    const prop = name === undefined ? undefined : schema.properties?.[name];
    if (name === undefined || !prop) {
      r.skip(wire);
      continue;
    }
    if (prop.type === 'array' && prop.items) appendRepeated(out, name, r, wire, prop.items);
    else if (prop.additionalProperties && wire === WireType.Bytes) {
      const [k, v] = mapEntry(r.bytes(), prop.additionalProperties);
      const map = (typeof out[name] === 'object' && out[name] !== null ? out[name] : (out[name] = {})) as JsonObject;
      map[k] = v;
    } else {
      const v = value(r, wire, prop);
      if (v !== undefined && !isZero(v)) out[name] = v;
    }
  }
  return out;
}

function envelope(body: Buffer): { apiVersion: string; kind: string; raw: Buffer } {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw new ProtobufDecodeError('provided object is not in the Kubernetes protobuf envelope');
  const r = new WireReader(body, 4);
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  while (r.more()) {
    const { field, wire } = r.key();
    if (field === 1 && wire === WireType.Bytes) {
      const tm = new WireReader(r.bytes());
      while (tm.more()) {
        const k = tm.key();
        if (k.field === 1 && k.wire === WireType.Bytes) apiVersion = tm.bytes().toString('utf8');
        else if (k.field === 2 && k.wire === WireType.Bytes) kind = tm.bytes().toString('utf8');
        else tm.skip(k.wire);
      }
    } else if (field === 2 && wire === WireType.Bytes) raw = r.bytes();
    else r.skip(wire);
  }
  return { apiVersion, kind, raw };
}

/**
 * Decodes a Kubernetes protobuf body into the JSON object a JSON client would have sent. Throws
 * {@link ProtobufDecodeError}: `unsupported` when the type has no field table here.
 */
export function decodeProtobufObject(body: Buffer): JsonObject {
  try {
    const { apiVersion, kind, raw } = envelope(body);
    const { group, version } = parseApiVersion(apiVersion);
    const schema = builtinSchema({ group, version, kind });
    if (!schema || !FIELD_NUMBERS[refName(schema)]) throw new ProtobufDecodeError(`protobuf bodies of ${kind || 'this type'} are not supported; send JSON`, true);
    return { apiVersion, kind, ...message(raw, schema) };
  } catch (err) {
    if (err instanceof ProtobufDecodeError) throw err;
    if (err instanceof WireError || err instanceof SyntaxError || err instanceof RangeError) throw new ProtobufDecodeError(`malformed protobuf: ${err.message}`);
    throw err;
  }
}
