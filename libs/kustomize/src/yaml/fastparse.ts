/**
 * A fast reader for the YAML that Kubernetes manifests are written in: block mappings and sequences, plain and
 * quoted one-line scalars, literal block scalars, one-line flow collections and comments. Anything else (anchors,
 * tags, folded or multi-line scalars, complex keys, duplicate keys, odd indentation, errors) makes it give up with
 * {@link FastParseUnsupported}, and the caller reads the text with the full YAML library instead, so the result is
 * always what the full reader would give.
 */
import { KustomizeLimitError } from '../errors.js';
import { resolvePlain } from './resolve.js';
import type { YamlDialect } from './resolve.js';
import { newMap } from './value.js';
import type { YMap, YValue } from './value.js';

/** Thrown when the text needs the full YAML reader. */
export class FastParseUnsupported extends Error {}

const unsupported = (): never => {
  throw new FastParseUnsupported();
};

/** Limits shared with the full reader. */
export interface FastParseOptions {
  readonly dialect: YamlDialect;
  readonly file: string;
  readonly maxDepth: number;
  readonly maxNodes: number;
}

const INDICATOR_START = new Set(['[', ']', '{', '}', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '#', ',', '?', ':', '-']);

/** Parses every non-empty document, or throws {@link FastParseUnsupported}. */
export function fastParseDocuments(text: string, opts: FastParseOptions): YValue[] {
  if (text.includes('\t') || text.includes('\r') || text.charCodeAt(0) === 0xfeff) unsupported();
  return new FastParser(text, opts).documents();
}

class FastParser {
  private readonly lines: string[];
  private i = 0;
  private nodes = 0;
  private readonly opts: FastParseOptions;

  constructor(text: string, opts: FastParseOptions) {
    this.lines = text.split('\n');
    this.opts = opts;
  }

  documents(): YValue[] {
    const out: YValue[] = [];
    const n = this.lines.length;
    while (this.i < n) {
      const line = this.lines[this.i]!;
      if (line.startsWith('%')) unsupported();
      if (isMarker(line, '---')) {
        if (line.length > 3 && !/^---\s*(#.*)?$/.test(line)) unsupported();
        this.i++;
        continue;
      }
      if (isMarker(line, '...')) {
        this.i++;
        continue;
      }
      this.skipBlank();
      if (this.i >= n) break;
      const doc = this.node(-1, 0);
      this.skipBlank();
      if (this.i < n && !isMarker(this.lines[this.i]!, '---') && !isMarker(this.lines[this.i]!, '...')) unsupported();
      if (doc !== undefined && doc !== null) out.push(doc);
      else if (doc === null) out.push(null);
    }
    return out.filter((d) => d !== null);
  }

  /** Skips blank and comment-only lines (stopping at document markers). */
  private skipBlank(): void {
    while (this.i < this.lines.length) {
      const l = this.lines[this.i]!;
      const t = l.trimStart();
      if (t === '' || t.startsWith('#')) this.i++;
      else break;
    }
  }

  private count(depth: number): void {
    if (++this.nodes > this.opts.maxNodes) throw new KustomizeLimitError(`${this.opts.file}: a document expands to more than ${this.opts.maxNodes} values`);
    if (depth > this.opts.maxDepth) throw new KustomizeLimitError(`${this.opts.file}: nesting deeper than ${this.opts.maxDepth} levels`);
  }

  /** A block node whose lines are indented more than `parent` (or a same-indent sequence under a mapping key). */
  private node(parent: number, depth: number, sameIndentSeq = false): YValue | undefined {
    this.skipBlank();
    if (this.i >= this.lines.length) return undefined;
    const line = this.lines[this.i]!;
    if (isMarker(line, '---') || isMarker(line, '...')) return undefined;
    const ind = indentOf(line);
    const rest = line.slice(ind);
    if (ind <= parent && !(sameIndentSeq && ind === parent && isSeqItem(rest))) return undefined;
    this.count(depth);
    if (isSeqItem(rest)) return this.sequence(ind, depth);
    if (keyEnd(rest) >= 0) return this.mapping(ind, depth);
    // A lone scalar: the whole document (or an error the full reader will report).
    if (parent >= 0) unsupported();
    this.i++;
    const v = this.inlineValue(rest, ind, depth);
    return v;
  }

  /**
   * The next non-blank line of the block at indentation `ind`, without that indentation; undefined where the block
   * ends (end of input, a document marker, or a line indented less). A line indented more is not handled here.
   */
  private entryAt(ind: number): string | undefined {
    this.skipBlank();
    if (this.i >= this.lines.length) return undefined;
    const line = this.lines[this.i]!;
    if (isMarker(line, '---') || isMarker(line, '...')) return undefined;
    const li = indentOf(line);
    if (li < ind) return undefined;
    if (li > ind) unsupported();
    return line.slice(ind);
  }

  private mapping(ind: number, depth: number): YMap {
    const out = newMap();
    const seen = new Set<string>();
    for (;;) {
      const rest = this.entryAt(ind);
      if (rest === undefined || isSeqItem(rest)) break;
      const { key, after } = this.key(rest);
      if (key === '<<') unsupported();
      if (seen.has(key) && this.opts.dialect === 'v3') unsupported();
      seen.add(key);
      this.i++;
      const inline = stripComment(after);
      if (inline === '') {
        const v = this.node(ind, depth + 1, true);
        out[key] = v === undefined ? null : v;
      } else {
        out[key] = this.inlineValue(inline, ind, depth + 1);
        this.rejectContinuation(ind);
      }
    }
    return out;
  }

  private sequence(ind: number, depth: number): YValue[] {
    const out: YValue[] = [];
    for (;;) {
      const rest = this.entryAt(ind);
      if (rest === undefined || !isSeqItem(rest)) break;
      const body = rest.slice(1);
      const inline = stripComment(body);
      if (inline === '') {
        this.i++;
        const v = this.node(ind, depth + 1);
        out.push(v === undefined ? null : v);
        continue;
      }
      const col = ind + 1 + (body.length - body.trimStart().length);
      const content = body.trimStart();
      if (isSeqItem(content)) unsupported();
      if (keyEnd(content) >= 0) {
        // A compact mapping: its keys line up with the first one, after "- ".
        this.lines[this.i] = ' '.repeat(col) + content;
        this.count(depth + 1);
        out.push(this.mapping(col, depth + 1));
        continue;
      }
      this.i++;
      out.push(this.inlineValue(inline, ind, depth + 1));
      this.rejectContinuation(ind);
    }
    return out;
  }

  /** After a one-line value, a more indented line would continue it (multi-line plain scalar): not handled here. */
  private rejectContinuation(ind: number): void {
    const save = this.i;
    this.skipBlank();
    if (this.i < this.lines.length) {
      const l = this.lines[this.i]!;
      if (!isMarker(l, '---') && !isMarker(l, '...') && indentOf(l) > ind) unsupported();
    }
    this.i = save;
  }

  private key(rest: string): { key: string; after: string } {
    const c = rest[0]!;
    if (c === '"' || c === "'") {
      const { value, end } = c === '"' ? doubleQuoted(rest, 0) : singleQuoted(rest, 0);
      let j = end;
      while (rest[j] === ' ') j++;
      if (rest[j] !== ':' || !(j + 1 === rest.length || rest[j + 1] === ' ')) unsupported();
      return { key: value, after: rest.slice(j + 1) };
    }
    const end = keyEnd(rest);
    const key = rest.slice(0, end).trimEnd();
    if (key === '' || INDICATOR_START.has(key[0]!) || key.includes(' #')) unsupported();
    return { key, after: rest.slice(end + 1) };
  }

  /** A value written on the same line as its key or dash (already stripped of a trailing comment). */
  private inlineValue(text: string, ind: number, depth: number): YValue {
    const c = text[0]!;
    if (c === '"') return this.quotedWhole(text, doubleQuoted);
    if (c === "'") return this.quotedWhole(text, singleQuoted);
    if (c === '[' || c === '{') return new FlowParser(text, this.opts.dialect, (d) => this.count(depth + d)).whole();
    if (c === '|') return this.literal(text, ind);
    if (INDICATOR_START.has(c) && !(c === '-' && text.length > 1 && text[1] !== ' ') && !(c === ':' && text.length > 1 && text[1] !== ' ')) unsupported();
    if (text.includes(': ') || text.endsWith(':') || text.includes(' #')) unsupported();
    return resolvePlain(text, this.opts.dialect).value;
  }

  private quotedWhole(text: string, f: (s: string, i: number) => { value: string; end: number }): string {
    const { value, end } = f(text, 0);
    if (text.slice(end).trim() !== '') unsupported();
    return value;
  }

  /** A literal block scalar (`|`, `|-`, `|+`, with an optional indentation digit). */
  private literal(header: string, ind: number): string {
    const m = /^\|([+-]?)([1-9]?)([+-]?)$/.exec(header);
    if (!m || (m[1] && m[3])) unsupported();
    const chomp = m![1] || m![3];
    const explicit = m![2] ? Math.max(ind, 0) + Number(m![2]) : 0;
    const body: string[] = [];
    let contentIndent = explicit;
    while (this.i < this.lines.length) {
      const l = this.lines[this.i]!;
      const blank = l.trim() === '';
      if (blank) {
        if (contentIndent > 0 && l.length > contentIndent) unsupported();
        if (contentIndent === 0 && l.length > ind + 1) unsupported();
        body.push('');
        this.i++;
        continue;
      }
      const li = indentOf(l);
      if (contentIndent === 0) {
        if (li <= Math.max(ind, -1) || (ind < 0 && li === 0 && (isMarker(l, '---') || isMarker(l, '...')))) break;
        contentIndent = li;
      }
      if (li < contentIndent || (li === 0 && (isMarker(l, '---') || isMarker(l, '...')))) break;
      body.push(l.slice(contentIndent));
      this.i++;
    }
    let trailing = 0;
    while (body.length > 0 && body[body.length - 1] === '') {
      body.pop();
      trailing++;
    }
    if (body.length === 0) return chomp === '+' ? '\n'.repeat(trailing) : '';
    const text = `${body.join('\n')}\n`;
    if (chomp === '-') return text.slice(0, -1);
    if (chomp === '+') return text + '\n'.repeat(trailing);
    return text;
  }
}

function isMarker(line: string, m: '---' | '...'): boolean {
  return line.startsWith(m) && (line.length === 3 || line[3] === ' ');
}

function indentOf(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 32) n++;
  return n;
}

function isSeqItem(rest: string): boolean {
  return rest[0] === '-' && (rest.length === 1 || rest[1] === ' ');
}

/** Index of the `:` ending a plain key on this line, or -1. Quoted keys are found by {@link FastParser.key}. */
function keyEnd(rest: string): number {
  const c = rest[0];
  if (c === '"' || c === "'") {
    const close = rest.indexOf(c, 1);
    if (close < 0) return -1;
    const after = rest.slice(close + 1).trimStart();
    return after.startsWith(':') ? 1 : -1;
  }
  if (c === '[' || c === '{' || c === '#' || c === '|' || c === '>') return -1;
  for (let j = 0; j < rest.length; j++) {
    if (rest[j] === ':' && (j + 1 === rest.length || rest[j + 1] === ' ')) return j;
    if (rest[j] === '#' && j > 0 && rest[j - 1] === ' ') return -1;
  }
  return -1;
}

/** Removes a trailing comment and surrounding spaces (outside quotes). */
function stripComment(s: string): string {
  const t = s.trim();
  if (t.startsWith('#')) return '';
  if (t[0] === '"' || t[0] === "'") {
    const { end } = t[0] === '"' ? doubleQuoted(t, 0) : singleQuoted(t, 0);
    const after = t.slice(end).trim();
    if (after !== '' && !after.startsWith('#')) unsupported();
    return t.slice(0, end);
  }
  if (t[0] === '[' || t[0] === '{') {
    const end = flowEnd(t);
    const after = t.slice(end).trim();
    if (after !== '' && !after.startsWith('#')) unsupported();
    return t.slice(0, end);
  }
  const hash = t.indexOf(' #');
  return hash < 0 ? t : t.slice(0, hash).trimEnd();
}

/** Where a one-line flow collection ends (after its closing bracket). */
function flowEnd(t: string): number {
  let depth = 0;
  for (let j = 0; j < t.length; j++) {
    const c = t[j];
    if (c === '"') j = doubleQuoted(t, j).end - 1;
    else if (c === "'") j = singleQuoted(t, j).end - 1;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return unsupported();
}

function singleQuoted(s: string, start: number): { value: string; end: number } {
  let out = '';
  for (let j = start + 1; j < s.length; j++) {
    if (s[j] === "'") {
      if (s[j + 1] === "'") {
        out += "'";
        j++;
        continue;
      }
      return { value: out, end: j + 1 };
    }
    out += s[j];
  }
  return unsupported();
}

const ESC: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
  N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

function doubleQuoted(s: string, start: number): { value: string; end: number } {
  let out = '';
  for (let j = start + 1; j < s.length; j++) {
    const c = s[j]!;
    if (c === '"') return { value: out, end: j + 1 };
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[++j];
    if (e === undefined) unsupported();
    const simple = ESC[e!];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    const hex = s.slice(j + 1, j + 1 + width);
    if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) unsupported();
    const cp = parseInt(hex, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) unsupported();
    out += String.fromCodePoint(cp);
    j += width;
  }
  return unsupported();
}

/** One-line flow collections (`[a, "b"]`, `{k: v}`), plain scalars without surprises. */
class FlowParser {
  private j = 0;
  private readonly s: string;
  private readonly dialect: YamlDialect;
  private readonly count: (depth: number) => void;

  constructor(s: string, dialect: YamlDialect, count: (depth: number) => void) {
    this.s = s;
    this.dialect = dialect;
    this.count = count;
  }

  whole(): YValue {
    const v = this.value(1);
    this.ws();
    if (this.j !== this.s.length) unsupported();
    return v;
  }

  private ws(): void {
    while (this.s[this.j] === ' ') this.j++;
  }

  private value(depth: number): YValue {
    this.count(depth);
    this.ws();
    const c = this.s[this.j];
    if (c === '[') return this.seq(depth);
    if (c === '{') return this.map(depth);
    if (c === '"' || c === "'") {
      const r = c === '"' ? doubleQuoted(this.s, this.j) : singleQuoted(this.s, this.j);
      this.j = r.end;
      return r.value;
    }
    return this.plain();
  }

  private plain(): YValue {
    const start = this.j;
    while (this.j < this.s.length && !',[]{}'.includes(this.s[this.j]!)) {
      if (this.s[this.j] === ':' && (this.s[this.j + 1] === ' ' || ',[]{}'.includes(this.s[this.j + 1] ?? ','))) break;
      if (this.s[this.j] === '#' && this.s[this.j - 1] === ' ') unsupported();
      this.j++;
    }
    const text = this.s.slice(start, this.j).trim();
    if (text === '' || INDICATOR_START.has(text[0]!)) unsupported();
    return resolvePlain(text, this.dialect).value;
  }

  private seq(depth: number): YValue[] {
    this.j++;
    const out: YValue[] = [];
    this.ws();
    if (this.s[this.j] === ']') {
      this.j++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.j++];
      if (c === ']') return out;
      if (c !== ',') unsupported();
      this.ws();
      if (this.s[this.j] === ']') unsupported();
    }
  }

  private map(depth: number): YMap {
    this.j++;
    const out = newMap();
    this.ws();
    if (this.s[this.j] === '}') {
      this.j++;
      return out;
    }
    for (;;) {
      this.ws();
      const k = this.value(depth + 1);
      if (typeof k === 'object' && k !== null) unsupported();
      const key = typeof k === 'string' ? k : unsupported();
      this.ws();
      if (this.s[this.j] !== ':') unsupported();
      this.j++;
      if (key in out) unsupported();
      this.ws();
      out[key] = this.s[this.j] === ',' || this.s[this.j] === '}' ? null : this.value(depth + 1);
      this.ws();
      const c = this.s[this.j++];
      if (c === '}') return out;
      if (c !== ',') unsupported();
    }
  }
}
