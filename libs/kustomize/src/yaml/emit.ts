/**
 * Prints resources exactly as `kustomize build` does. kustomize turns each resource into JSON and the JSON into YAML
 * with sigs.k8s.io/yaml, whose go-yaml v2 emitter sorts map keys (its "natural" order: digit runs compare as
 * numbers), quotes strings that would read back as something else, folds long lines at 80 columns and writes
 * multi-line strings as literal blocks. This module is a port of that emitter's behaviour for plain data.
 */
import { KustomizeBuildError } from '../errors.js';
import { formatNumberForOutput } from './gofmt.js';
import { needsQuotesV2 } from './resolve.js';
import type { YValue } from './value.js';

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

const Style = { plain: 1, single: 2, double: 3, literal: 4 } as const;
type Style = (typeof Style)[keyof typeof Style];

/** Prints one resource (one YAML document, ending in a newline). */
export function emitDocument(value: YValue): string {
  const e = new Emitter();
  e.node(prepare(value), { root: true, sequence: false, mapping: false, simpleKey: false });
  e.writeIndent();
  return e.result();
}

/** Prints a list of resources separated by `---`, as kustomize's `ResMap.AsYaml` does. */
export function emitDocuments(values: readonly YValue[]): string {
  return values.map((v) => emitDocument(v)).join('---\n');
}

/** A value ready for printing: strings with what the JSON round trip does to them, keys sorted. */
type Out = { kind: 'scalar'; text: string; plain: boolean } | { kind: 'seq'; items: Out[] } | { kind: 'map'; entries: [Out & { kind: 'scalar' }, Out][] };

function prepare(v: YValue): Out {
  if (v === null) return { kind: 'scalar', text: 'null', plain: true };
  if (typeof v === 'boolean') return { kind: 'scalar', text: v ? 'true' : 'false', plain: true };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new KustomizeBuildError(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'}`);
    return { kind: 'scalar', text: formatNumberForOutput(v), plain: true };
  }
  if (typeof v === 'bigint') return { kind: 'scalar', text: formatNumberForOutput(v), plain: true };
  if (typeof v === 'string') return stringScalar(v);
  if (Array.isArray(v)) return { kind: 'seq', items: v.map(prepare) };
  const keys = Object.keys(v).map((k) => [k, roundTrip(k)] as const);
  keys.sort((a, b) => (naturalLess(a[1], b[1]) ? -1 : naturalLess(b[1], a[1]) ? 1 : 0));
  return { kind: 'map', entries: keys.map(([k, text]) => [stringScalarOf(text), prepare(v[k]!)] as [Out & { kind: 'scalar' }, Out]) };
}

function stringScalar(s: string): Out & { kind: 'scalar' } {
  return stringScalarOf(roundTrip(s));
}

function stringScalarOf(s: string): Out & { kind: 'scalar' } {
  return { kind: 'scalar', text: s, plain: false };
}

/**
 * What a string becomes after Go's JSON encoder and go-yaml v2's reader: a raw NEL (U+0085), which JSON leaves
 * unescaped, is a line break to the YAML reader and folds like one inside the double-quoted JSON string.
 */
function roundTrip(s: string): string {
  if (!s.includes('\u0085')) return s;
  return s.replace(/[ \t]*((?:\u0085[ \t]*)+)/g, (_m, run: string) => {
    const n = (run.match(/\u0085/g) ?? []).length;
    return n === 1 ? ' ' : '\n'.repeat(n - 1);
  });
}

/** go-yaml v2's key order: letters before other characters, digit runs compared numerically. */
function naturalLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const ac = ar[i]!;
    const bc = br[i]!;
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return ac.codePointAt(0)! < bc.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ac === '0' || bc === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai]!.codePointAt(0)! - 48));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi]!.codePointAt(0)! - 48));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ac.codePointAt(0)! < bc.codePointAt(0)!;
  }
  return ar.length < br.length;
}

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
function isLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c > '\x7f' && LETTER.test(c));
}
function isDigit(c: string): boolean {
  return (c >= '0' && c <= '9') || (c > '\x7f' && DIGIT.test(c));
}

interface Ctx {
  readonly root: boolean;
  readonly sequence: boolean;
  readonly mapping: boolean;
  readonly simpleKey: boolean;
}

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

const isSpace = (c: number): boolean => c === 0x20;
const isBreak = (c: number): boolean => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;
function isPrintable(c: number): boolean {
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}

/** go-yaml's yaml_emitter_analyze_scalar over code points. */
function analyze(cps: readonly number[]): Analysis {
  if (cps.length === 0) return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false };
  let blockInd = false;
  let flowInd = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  let precededByWs = true;
  if (cps.length >= 3 && ((cps[0] === 0x2d && cps[1] === 0x2d && cps[2] === 0x2d) || (cps[0] === 0x2e && cps[1] === 0x2e && cps[2] === 0x2e))) {
    blockInd = true;
    flowInd = true;
  }
  const n = cps.length;
  for (let i = 0; i < n; i++) {
    const c = cps[i]!;
    const followedByWs = i + 1 >= n || isBlank(cps[i + 1]!);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowInd = true;
        blockInd = true;
      } else if (ch === '?' || ch === ':') {
        flowInd = true;
        if (followedByWs) blockInd = true;
      } else if (ch === '-' && followedByWs) {
        flowInd = true;
        blockInd = true;
      }
    } else if (',?[]{}'.includes(ch)) {
      flowInd = true;
    } else if (ch === ':') {
      flowInd = true;
      if (followedByWs) blockInd = true;
    } else if (ch === '#' && precededByWs) {
      flowInd = true;
      blockInd = true;
    }
    if (!isPrintable(c)) special = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    precededByWs = isBlank(c) || isBreak(c) || c === 0;
  }
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) a.flowPlain = a.blockPlain = a.singleQuoted = false;
  if (spaceBreak || special) a.flowPlain = a.blockPlain = a.singleQuoted = a.block = false;
  if (lineBreaks) a.flowPlain = a.blockPlain = false;
  if (flowInd) a.flowPlain = false;
  if (blockInd) a.blockPlain = false;
  return a;
}

class Emitter {
  private readonly out: string[] = [];
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private flowLevel = 0;

  result(): string {
    return this.out.join('');
  }

  node(v: Out, ctx: Ctx): void {
    if (v.kind === 'scalar') this.scalar(v, ctx);
    else if (v.kind === 'seq') this.sequence(v.items, ctx);
    else this.mapping(v.entries, ctx);
  }

  private sequence(items: Out[], ctx: Ctx): void {
    if (items.length === 0 || this.flowLevel > 0) {
      this.flowCollection('[', ']');
      return;
    }
    this.increaseIndent(false, ctx.mapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, { root: false, sequence: true, mapping: false, simpleKey: false });
    }
    this.indent = this.indents.pop()!;
  }

  private mapping(entries: [Out & { kind: 'scalar' }, Out][], _ctx: Ctx): void {
    if (entries.length === 0 || this.flowLevel > 0) {
      this.flowCollection('{', '}');
      return;
    }
    this.increaseIndent(false, false);
    for (const [key, value] of entries) {
      this.writeIndent();
      const cps = codePoints(key.text);
      const a = analyze(cps);
      if (!a.multiline && Buffer.byteLength(key.text) <= 128) {
        this.scalar(key, { root: false, sequence: false, mapping: true, simpleKey: true }, cps, a);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.scalar(key, { root: false, sequence: false, mapping: true, simpleKey: false }, cps, a);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(value, { root: false, sequence: false, mapping: true, simpleKey: false });
    }
    this.indent = this.indents.pop()!;
  }

  /** Empty collections only: kustomize's data never reaches a non-empty flow collection. */
  private flowCollection(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.indent = this.indents.pop()!;
    this.writeIndicator(close, false, false, false);
  }

  private scalar(v: Out & { kind: 'scalar' }, ctx: Ctx, cps = codePoints(v.text), a = analyze(cps)): void {
    const style = this.selectStyle(v, ctx, a);
    this.increaseIndent(true, false);
    const allowBreaks = !ctx.simpleKey;
    if (style === Style.plain) this.writePlain(cps, allowBreaks);
    else if (style === Style.single) this.writeSingle(cps, allowBreaks);
    else if (style === Style.double) this.writeDouble(cps, allowBreaks);
    else this.writeLiteral(cps);
    this.indent = this.indents.pop()!;
  }

  private selectStyle(v: Out & { kind: 'scalar' }, ctx: Ctx, a: Analysis): Style {
    let style: Style;
    if (v.plain) style = Style.plain;
    else if (v.text.includes('\n')) style = Style.literal;
    else style = needsQuotesV2(v.text) ? Style.double : Style.plain;
    if (ctx.simpleKey && a.multiline) style = Style.double;
    if (style === Style.plain) {
      if ((this.flowLevel > 0 && !a.flowPlain) || (this.flowLevel === 0 && !a.blockPlain)) style = Style.single;
      if (v.text.length === 0 && (this.flowLevel > 0 || ctx.simpleKey)) style = Style.single;
    }
    if (style === Style.single && !a.singleQuoted) style = Style.double;
    if (style === Style.literal && (!a.block || this.flowLevel > 0 || ctx.simpleKey)) style = Style.double;
    return style;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private put(s: string): void {
    this.out.push(s);
    this.column++;
  }

  private putBreak(): void {
    this.out.push('\n');
    this.column = 0;
  }

  private write(c: number): void {
    this.out.push(String.fromCodePoint(c));
    this.column++;
  }

  private writeBreak(c: number): void {
    if (c === 0x0a) {
      this.putBreak();
    } else {
      this.write(c);
      this.column = 0;
    }
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(ind: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.out.push(ind);
    this.column += ind.length;
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private writePlain(cps: readonly number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(cps[i + 1] ?? 0)) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(cps: readonly number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    const n = cps.length;
    for (let i = 0; i < n; i++) {
      const c = cps[i]!;
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < n - 1 && !isSpace(cps[i + 1]!)) this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(cps: readonly number[], allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    const bom = cps[0] === 0xfeff;
    const n = cps.length;
    for (let i = 0; i < n; i++) {
      const c = cps[i]!;
      if (!isPrintable(c) || bom || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.escape(c);
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < n - 1) {
          this.writeIndent();
          if (isSpace(cps[i + 1]!)) this.put('\\');
        } else {
          this.write(c);
        }
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private escape(c: number): void {
    this.put('\\');
    const simple = ESCAPES.get(c);
    if (simple !== undefined) {
      this.put(simple);
      return;
    }
    const [letter, width] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
    this.put(letter);
    for (const d of c.toString(16).toUpperCase().padStart(width, '0')) this.put(d);
  }

  private writeLiteral(cps: readonly number[]): void {
    this.writeIndicator('|', true, false, false);
    this.writeBlockHints(cps);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of cps) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        breaks = false;
      }
    }
  }

  private writeBlockHints(cps: readonly number[]): void {
    if (cps.length > 0 && (isSpace(cps[0]!) || isBreak(cps[0]!))) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = '';
    const last = cps.length - 1;
    if (cps.length === 0 || !isBreak(cps[last]!)) chomp = '-';
    else if (last === 0 || isBreak(cps[last - 1]!)) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }
}

const ESCAPES = new Map<number, string>([
  [0x00, '0'], [0x07, 'a'], [0x08, 'b'], [0x09, 't'], [0x0a, 'n'], [0x0b, 'v'], [0x0c, 'f'], [0x0d, 'r'],
  [0x1b, 'e'], [0x22, '"'], [0x5c, '\\'], [0x85, 'N'], [0xa0, '_'], [0x2028, 'L'], [0x2029, 'P'],
]);

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0)!);
  return out;
}
