/**
 * Go's number and JSON string formatting, as far as kustomize's output and name hashes depend on them.
 */

/** `strconv.FormatFloat(f, 'g', -1, 64)`: shortest digits, exponent form when the exponent is < -4 or >= 6. */
export function goFormatFloatG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expText] = f.toExponential().split('e') as [string, string];
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const exp = Number(expText);
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  return sign + fixed(digits, exp);
}

/** `%f` of a digit string with decimal exponent `exp` and as many decimals as the digits need. */
function fixed(digits: string, exp: number): string {
  const dp = exp + 1;
  if (dp <= 0) return `0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= digits.length) return digits + '0'.repeat(dp - digits.length);
  return `${digits.slice(0, dp)}.${digits.slice(dp)}`;
}

const UINT64_MAX = 2n ** 64n - 1n;
const INT64_MIN = -(2n ** 63n);

/**
 * How a number prints in kustomize's output. kustomize writes each resource as JSON (Go's encoding/json) and then as
 * YAML through go-yaml v2, so a float that JSON writes without a fraction comes back as an integer, and any other
 * float prints in Go's `%g` form (`1.2345675e+06`).
 */
export function formatNumberForOutput(n: number | bigint): string {
  if (typeof n === 'bigint') return n >= INT64_MIN && n <= UINT64_MAX ? n.toString() : goFormatFloatG(Number(n));
  if (Number.isInteger(n) && Math.abs(n) < 1e21) {
    const b = BigInt(n);
    if (b >= INT64_MIN && b <= UINT64_MAX) return b.toString();
  }
  return goFormatFloatG(n);
}

/** Go's `json.Marshal` of a string: HTML-safe escapes, `\u2028`/`\u2029` escaped, lone surrogates replaced. */
export function goJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20 || c === 0x22 || c === 0x5c || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      esc = jsonEscape(c);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      esc = '\ufffd';
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return `${out}${s.slice(start)}"`;
}

function jsonEscape(c: number): string {
  switch (c) {
    case 0x22: return '\\"';
    case 0x5c: return '\\\\';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
    default: return `\\u${c.toString(16).padStart(4, '0')}`;
  }
}

/** Go's string ordering (bytewise UTF-8), used by encoding/json for map keys and by sort.Strings. */
export function goStringCompare(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Surrogates (astral code points) sort after every BMP character in UTF-8 byte order.
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    if (sa !== sb) return sa ? 1 : -1;
    return ca - cb;
  }
  return a.length - b.length;
}

/** Go's `json.Marshal` of a JSON-like value with map keys sorted (strings, numbers, bools, null, arrays, maps). */
export function goJsonMarshal(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' || typeof v === 'bigint') return goJsonNumber(v);
  if (Array.isArray(v)) return `[${v.map((x) => goJsonMarshal(x)).join(',')}]`;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj).sort(goStringCompare);
  return `{${keys.map((k) => `${goJsonString(k)}:${goJsonMarshal(obj[k])}`).join(',')}}`;
}

function goJsonNumber(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  const abs = Math.abs(n);
  if (abs < 1e-6 || abs >= 1e21) {
    return goFormatFloatG(n).replace(/e([+-])0(\d)$/, 'e$1$2');
  }
  return String(n);
}
