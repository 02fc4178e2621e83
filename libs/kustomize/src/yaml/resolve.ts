/**
 * Plain-scalar resolution as go-yaml does it. kustomize decodes resources with go-yaml v3 (YAML 1.2 core-ish: only
 * `true`/`false` are booleans) and kustomization files with go-yaml v2 through sigs.k8s.io/yaml (YAML 1.1: `yes`,
 * `on`, `y` are booleans too). The printer asks the v2 rules whether a string needs quotes.
 */
import type { Scalar } from './value.js';

/** Which go-yaml generation's resolution rules to apply. */
export const YamlDialect = { v2: 'v2', v3: 'v3' } as const;
export type YamlDialect = (typeof YamlDialect)[keyof typeof YamlDialect];

/** What a plain scalar resolves to: its YAML tag and value (timestamps keep their text, as v3 does for `any`). */
export interface Resolved {
  readonly tag: 'str' | 'bool' | 'int' | 'float' | 'null' | 'timestamp' | 'merge';
  readonly value: Scalar;
}

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const V3_BOOLS = new Map([
  ['true', true], ['True', true], ['TRUE', true],
  ['false', false], ['False', false], ['FALSE', false],
]);
const V2_BOOLS = new Map<string, boolean>([
  ...V3_BOOLS,
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON'].map((s) => [s, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF'].map((s) => [s, false] as const),
]);
const SPECIAL_FLOATS = new Map([
  ['.nan', NaN], ['.NaN', NaN], ['.NAN', NaN],
  ['.inf', Infinity], ['.Inf', Infinity], ['.INF', Infinity],
  ['+.inf', Infinity], ['+.Inf', Infinity], ['+.INF', Infinity],
  ['-.inf', -Infinity], ['-.Inf', -Infinity], ['-.INF', -Infinity],
]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** The first-character hint table of go-yaml's resolver: only these can resolve to a non-string. */
function hint(c: string | undefined): 'S' | 'D' | 'M' | '.' | 'N' | undefined {
  if (c === undefined) return 'N';
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return undefined;
}

/**
 * Resolves a plain (unquoted, untagged) scalar's text. Call for every plain scalar a parser hands over; quoted and
 * block scalars are always strings.
 */
export function resolvePlain(text: string, dialect: YamlDialect): Resolved {
  const h = hint(text[0]);
  if (h === undefined) return { tag: 'str', value: text };
  if (NULLS.has(text)) return { tag: 'null', value: null };
  const bools = dialect === 'v2' ? V2_BOOLS : V3_BOOLS;
  const b = bools.get(text);
  if (b !== undefined) return { tag: 'bool', value: b };
  const sf = SPECIAL_FLOATS.get(text);
  if (sf !== undefined) return { tag: 'float', value: sf };
  if (text === '<<') return { tag: 'merge', value: text };
  if (h === '.') {
    const f = goParseFloat(text);
    return f === undefined ? { tag: 'str', value: text } : { tag: 'float', value: f };
  }
  if (h === 'D' || h === 'S') return resolveNumeric(text);
  return { tag: 'str', value: text };
}

function resolveNumeric(text: string): Resolved {
  if (isTimestamp(text)) return { tag: 'timestamp', value: text };
  const plain = text.replaceAll('_', '');
  const parsed = goParseInt(plain);
  if (parsed !== undefined && inGoIntRange(parsed)) return { tag: 'int', value: intValue(parsed.value) };
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = goParseFloat(plain);
    if (f !== undefined) return { tag: 'float', value: f };
  }
  // Integers beyond 64 bits that are not decimal floats either: go-yaml keeps them as big integers.
  if (parsed !== undefined) return { tag: 'int', value: intValue(parsed.value) };
  return { tag: 'str', value: text };
}

/** A number when it is exact, a bigint otherwise. */
function intValue(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

interface ParsedInt {
  readonly value: bigint;
  readonly sign: '' | '+' | '-';
}

/** Go's `strconv.ParseInt(s, 0, 64)` syntax (sign, 0x/0o/0b prefixes, leading-0 octal), range unchecked. */
function goParseInt(s: string): ParsedInt | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2]!;
  let v: bigint;
  if (/^0[xXoObB]/.test(body)) v = BigInt(body.toLowerCase());
  else if (body.length > 1) v = body.startsWith('0') ? BigInt(`0o${body.slice(1)}`) : BigInt(body);
  else v = BigInt(body);
  const sign = m[1] as ParsedInt['sign'];
  return { value: sign === '-' ? -v : v, sign };
}

/** ParseInt's int64 range, or ParseUint's uint64 range for unsigned text. */
function inGoIntRange(p: ParsedInt): boolean {
  if (p.sign === '-') return p.value >= INT64_MIN;
  if (p.sign === '+') return p.value <= INT64_MAX;
  return p.value <= UINT64_MAX;
}

/** Go's `strconv.ParseFloat` for the decimal forms YAML allows; undefined when Go would fail. */
function goParseFloat(s: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  const f = Number(s);
  if (!Number.isFinite(f)) return undefined; // Go reports a range error for overflow
  return f;
}

const TIMESTAMP_FORMATS = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?$/,
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
];

/** go-yaml's timestamp check: `YYYY-` then one of the layouts Go's time.Parse accepts. */
export function isTimestamp(s: string): boolean {
  if (!/^\d{4}-/.test(s)) return false;
  for (const re of TIMESTAMP_FORMATS) {
    const m = re.exec(s);
    if (m && validDate(m)) return true;
  }
  return false;
}

function validDate(m: RegExpExecArray): boolean {
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const year = Number(m[1]);
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (day > days[month - 1]!) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59)) return false;
  return true;
}

/** True when go-yaml v2 would read this text, unquoted, as something other than a string (so it must be quoted). */
export function needsQuotesV2(s: string): boolean {
  const r = resolvePlain(s, 'v2');
  if (r.tag !== 'str') return true;
  return isBase60Float(s);
}

const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0]!;
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60.test(s);
}
