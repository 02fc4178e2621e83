/**
 * Request bodies: read with the real server's 3 MiB limit (413 beyond), decoded as JSON or YAML by Content-Type
 * (415 for anything else), malformed documents answered with 400.
 */
import type { IncomingMessage } from 'node:http';
import { parseAllDocuments } from 'yaml';
import { badRequest, tooLarge, unsupportedMediaType } from '../api/status.js';
import type { JsonValue } from '../json.js';
import { ProtobufDecodeError, decodeProtobufObject } from '../protobuf/decode.js';

/** The largest request body the server reads, as the real server's limit. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Reads the whole body; rejects with 413 beyond the limit. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge(limit));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}

/** The media type of a Content-Type header, lowercased, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Body types accepted for create and update. */
export const OBJECT_BODY_TYPES = ['application/json', 'application/yaml'];

/** Parses JSON text; 400 with the decoder's words when malformed. */
export function parseJson(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

/** Parses one YAML document (JSON is YAML); 400 for malformed or multi-document input. */
export function parseYaml(text: string): JsonValue {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      // Not strict JSON: fall through to the YAML parser, which accepts flow style.
    }
  }
  const docs = parseAllDocuments(text, { prettyErrors: false });
  if (!Array.isArray(docs)) throw badRequest('error converting YAML to JSON: empty document');
  if (docs.length !== 1) throw badRequest(`error converting YAML to JSON: expected one document, found ${docs.length}`);
  const doc = docs[0]!;
  if (doc.errors.length > 0) throw badRequest(`error converting YAML to JSON: yaml: ${doc.errors[0]!.message}`);
  try {
    return toJsonValue(doc.toJS({ maxAliasCount: 100 }));
  } catch (err) {
    throw badRequest(`error converting YAML to JSON: ${(err as Error).message}`);
  }
}

function toJsonValue(v: unknown): JsonValue {
  if (v === undefined) return null;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`unsupported number ${v}`);
    return v;
  }
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), toJsonValue(x)]));
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonValue(x)]));
  throw new Error(`unsupported value of type ${typeof v}`);
}

/** The protobuf media type kubectl's typed clients send. */
export const PROTOBUF = 'application/vnd.kubernetes.protobuf';

function decodeProtobuf(body: Buffer): JsonValue {
  try {
    return decodeProtobufObject(body);
  } catch (err) {
    if (err instanceof ProtobufDecodeError && err.unsupported) throw unsupportedMediaType(OBJECT_BODY_TYPES);
    throw badRequest((err as Error).message);
  }
}

/**
 * Decodes a create/update body by its Content-Type: JSON, YAML, or protobuf for the types kubectl's typed
 * commands send (415 for other protobuf types and for any other media type).
 */
export function decodeObjectBody(contentType: string | undefined, body: Buffer): JsonValue {
  const type = mediaTypeOf(contentType);
  if (type === PROTOBUF) return decodeProtobuf(body);
  if (!OBJECT_BODY_TYPES.includes(type)) throw unsupportedMediaType([...OBJECT_BODY_TYPES, PROTOBUF]);
  const text = body.toString('utf8');
  if (text.trim() === '') throw badRequest("Object 'Kind' is missing in ''");
  return type === 'application/yaml' ? parseYaml(text) : parseJson(text);
}
