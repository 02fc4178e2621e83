/**
 * A minimal ustar/PAX codec: enough to write deterministic archives of files, directories and symlinks, and to read
 * archives written by common tools (ustar prefixes, PAX `path`/`linkpath`/`size` records, GNU long names).
 * Pure: bytes in, entries out.
 */
import { ArtifactError, ArtifactErrorCode } from './errors.js';

/** One archive member. Paths use `/`, are relative, and have no trailing slash. */
export type TarEntry =
  | { readonly type: 'file'; readonly path: string; readonly mode: number; readonly data: Uint8Array }
  | { readonly type: 'dir'; readonly path: string; readonly mode: number }
  | { readonly type: 'symlink'; readonly path: string; readonly target: string };

const BLOCK = 512;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function writeString(buf: Uint8Array, offset: number, length: number, value: string): void {
  buf.set(encoder.encode(value).subarray(0, length), offset);
}

function writeOctal(buf: Uint8Array, offset: number, length: number, value: number): void {
  writeString(buf, offset, length - 1, value.toString(8).padStart(length - 1, '0'));
}

function header(name: string, typeflag: string, mode: number, size: number, linkname = ''): Uint8Array {
  const h = new Uint8Array(BLOCK);
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, mode);
  writeOctal(h, 108, 8, 0); // uid
  writeOctal(h, 116, 8, 0); // gid
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, 0); // mtime: fixed, so the same tree always gives the same bytes
  h.fill(0x20, 148, 156); // checksum placeholder: spaces
  writeString(h, 156, 1, typeflag);
  writeString(h, 157, 100, linkname);
  writeString(h, 257, 6, 'ustar');
  writeString(h, 263, 2, '00');
  let sum = 0;
  for (const b of h) sum += b;
  writeString(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

function padded(data: Uint8Array): Uint8Array[] {
  const rest = data.length % BLOCK;
  return rest === 0 ? [data] : [data, new Uint8Array(BLOCK - rest)];
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = encoder.encode(body).length;
  // The decimal length prefix counts itself: iterate until the digit count is stable.
  let length = bodyLength + String(bodyLength).length;
  while (String(length).length + bodyLength !== length) length = String(length).length + bodyLength;
  return `${length}${body}`;
}

/** A PAX extended header carrying `path`/`linkpath` when they do not fit ustar's 100 bytes. */
function paxHeader(path: string, linkpath: string | undefined): Uint8Array[] {
  const records = paxRecord('path', path) + (linkpath === undefined ? '' : paxRecord('linkpath', linkpath));
  const data = encoder.encode(records);
  return [header('PaxHeader', 'x', 0o644, data.length), ...padded(data)];
}

/** Serialises entries in the given order into an uncompressed tar (two zero blocks at the end). */
export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const name = e.type === 'dir' ? `${e.path}/` : e.path;
    const link = e.type === 'symlink' ? e.target : undefined;
    const long = encoder.encode(name).length > 100 || (link !== undefined && encoder.encode(link).length > 100);
    if (long) parts.push(...paxHeader(name, link));
    const shortName = long ? name.slice(0, 99) : name;
    if (e.type === 'file') parts.push(header(shortName, '0', e.mode, e.data.length), ...padded(e.data));
    else if (e.type === 'dir') parts.push(header(shortName, '5', e.mode, 0));
    else parts.push(header(shortName, '2', 0o777, 0, long ? '' : e.target));
  }
  parts.push(new Uint8Array(BLOCK * 2));
  return concat(parts);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function readString(buf: Uint8Array, offset: number, length: number): string {
  const slice = buf.subarray(offset, offset + length);
  const end = slice.indexOf(0);
  return decoder.decode(end < 0 ? slice : slice.subarray(0, end));
}

function readOctal(buf: Uint8Array, offset: number, length: number, subject: string): number {
  const text = readString(buf, offset, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new ArtifactError(ArtifactErrorCode.Malformed, subject, `bad octal field "${text}" in tar header`);
  return parseInt(text, 8);
}

function parsePax(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of decoder.decode(data).split('\n')) {
    const m = /^\d+ ([^=]+)=(.*)$/s.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

function verifyChecksum(h: Uint8Array, subject: string): void {
  const stored = readOctal(h, 148, 8, subject);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  if (sum !== stored) throw new ArtifactError(ArtifactErrorCode.Malformed, subject, 'tar header checksum mismatch');
}

/** Limits applied while reading, so a hostile archive cannot exhaust memory. */
export interface ReadLimits {
  readonly maxEntries: number;
  readonly maxTotalBytes: number;
}

/**
 * Parses an uncompressed tar into entries. Hard links, devices and FIFOs are rejected; the caller checks paths.
 * `subject` names the archive in errors.
 */
export function readTar(tar: Uint8Array, subject: string, limits: ReadLimits): TarEntry[] {
  const entries: TarEntry[] = [];
  let at = 0;
  let total = 0;
  let pax: Record<string, string> = {};
  let gnuLong: string | undefined;
  while (at + BLOCK <= tar.length) {
    const h = tar.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) break;
    verifyChecksum(h, subject);
    const type = String.fromCharCode(h[156] || 0x30);
    const size = pax.size !== undefined ? Number(pax.size) : readOctal(h, 124, 12, subject);
    const dataStart = at + BLOCK;
    if (!Number.isSafeInteger(size) || size < 0 || dataStart + size > tar.length) {
      throw new ArtifactError(ArtifactErrorCode.Malformed, subject, 'tar entry runs past the end of the archive');
    }
    const data = tar.subarray(dataStart, dataStart + size);
    at = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') { pax = parsePax(data); continue; }
    if (type === 'g') continue;
    if (type === 'L') { gnuLong = readString(data, 0, data.length); continue; }
    const prefix = readString(h, 345, 155);
    const rawName = pax.path ?? gnuLong ?? (prefix ? `${prefix}/${readString(h, 0, 100)}` : readString(h, 0, 100));
    const path = rawName.replace(/\/+$/, '');
    const mode = readOctal(h, 100, 8, subject) & 0o777;
    const linkTarget = pax.linkpath ?? readString(h, 157, 100);
    pax = {};
    gnuLong = undefined;
    total += size;
    if (entries.length + 1 > limits.maxEntries) throw new ArtifactError(ArtifactErrorCode.TooLarge, subject, `more than ${limits.maxEntries} entries`);
    if (total > limits.maxTotalBytes) throw new ArtifactError(ArtifactErrorCode.TooLarge, subject, `more than ${limits.maxTotalBytes} bytes uncompressed`);
    if (type === '0' || type === '\0' || type === '7') entries.push({ type: 'file', path, mode, data });
    else if (type === '5') entries.push({ type: 'dir', path, mode });
    else if (type === '2') entries.push({ type: 'symlink', path, target: linkTarget });
    else throw new ArtifactError(ArtifactErrorCode.Unsafe, subject, `entry "${path}" has unsupported type "${type}" (hard links, devices and FIFOs are refused)`);
  }
  return entries;
}
