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

function writeOctal(buf: Uint8Array, offset: number, length: number, value: number): void {
  const digits = value.toString(8).padStart(length - 1, '0');
  for (let i = 0; i < length - 1; i++) buf[offset + i] = digits.charCodeAt(i);
}

/** Writes a ustar header into `buf` at `at` (the 512 bytes must be zero). */
function writeHeader(buf: Uint8Array, at: number, name: Uint8Array, typeflag: number, mode: number, size: number, linkname?: Uint8Array): void {
  buf.set(name.subarray(0, 100), at);
  writeOctal(buf, at + 100, 8, mode);
  writeOctal(buf, at + 108, 8, 0); // uid
  writeOctal(buf, at + 116, 8, 0); // gid
  writeOctal(buf, at + 124, 12, size);
  writeOctal(buf, at + 136, 12, 0); // mtime: fixed, so the same tree always gives the same bytes
  buf.fill(0x20, at + 148, at + 156); // checksum placeholder: spaces
  buf[at + 156] = typeflag;
  if (linkname) buf.set(linkname.subarray(0, 100), at + 157);
  buf.set(USTAR_MAGIC, at + 257);
  let sum = 0;
  for (let i = at; i < at + BLOCK; i++) sum += buf[i]!;
  const check = sum.toString(8).padStart(6, '0');
  for (let i = 0; i < 6; i++) buf[at + 148 + i] = check.charCodeAt(i);
  buf[at + 154] = 0;
  buf[at + 155] = 0x20;
}

const USTAR_MAGIC = encoder.encode('ustar\u000000');
const TYPE = { file: 0x30, dir: 0x35, symlink: 0x32, pax: 0x78 } as const;

function paddedSize(n: number): number {
  return Math.ceil(n / BLOCK) * BLOCK;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = encoder.encode(body).length;
  // The decimal length prefix counts itself: iterate until the digit count is stable.
  let length = bodyLength + String(bodyLength).length;
  while (String(length).length + bodyLength !== length) length = String(length).length + bodyLength;
  return `${length}${body}`;
}

/** One entry laid out: its encoded names, optional PAX record, and the bytes it takes. */
interface Planned {
  readonly entry: TarEntry;
  readonly name: Uint8Array;
  readonly link: Uint8Array | undefined;
  readonly pax: Uint8Array | undefined;
  readonly size: number;
}

function plan(e: TarEntry): Planned {
  const fullName = encoder.encode(e.type === 'dir' ? `${e.path}/` : e.path);
  const fullLink = e.type === 'symlink' ? encoder.encode(e.target) : undefined;
  const long = fullName.length > 100 || (fullLink !== undefined && fullLink.length > 100);
  const pax = long
    ? encoder.encode(paxRecord('path', e.type === 'dir' ? `${e.path}/` : e.path) + (e.type === 'symlink' ? paxRecord('linkpath', e.target) : ''))
    : undefined;
  const dataSize = e.type === 'file' ? e.data.length : 0;
  const size = (pax ? BLOCK + paddedSize(pax.length) : 0) + BLOCK + paddedSize(dataSize);
  return { entry: e, name: long ? fullName.subarray(0, 99) : fullName, link: long ? undefined : fullLink, pax, size };
}

/** Serialises entries in the given order into an uncompressed tar (two zero blocks at the end). */
export function writeTar(entries: readonly TarEntry[]): Uint8Array {
  const planned = entries.map(plan);
  const out = new Uint8Array(planned.reduce((n, p) => n + p.size, 0) + 2 * BLOCK);
  let at = 0;
  for (const p of planned) {
    if (p.pax) {
      writeHeader(out, at, encoder.encode('PaxHeader'), TYPE.pax, 0o644, p.pax.length);
      out.set(p.pax, at + BLOCK);
      at += BLOCK + paddedSize(p.pax.length);
    }
    const e = p.entry;
    if (e.type === 'file') {
      writeHeader(out, at, p.name, TYPE.file, e.mode, e.data.length);
      out.set(e.data, at + BLOCK);
      at += BLOCK + paddedSize(e.data.length);
    } else {
      writeHeader(out, at, p.name, e.type === 'dir' ? TYPE.dir : TYPE.symlink, e.type === 'dir' ? e.mode : 0o777, 0, p.link);
      at += BLOCK;
    }
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
