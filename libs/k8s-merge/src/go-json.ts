import type { JsonValue } from './json.js';

/**
 * JSON text exactly as Go's encoding/json (and the json-iterator configuration the API server uses) writes it:
 * object keys sorted, `<`, `>` and `&` escaped as `\u003c`, `\u003e`, `\u0026`, and U+2028/U+2029 escaped.
 * fieldsV1 keys (`k:{...}`, `v:...`) embed this text, so byte-exact output matters for round trips.
 */
export function goJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  const keys = Object.keys(value).sort(compareStrings);
  return `{${keys.map((k) => `${goJsonString(k)}:${goJson(value[k]!)}`).join(',')}}`;
}

/** A JSON string literal with Go's HTML-safe escaping. */
export function goJsonString(s: string): string {
  if (/^[\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x5b\x5d-\x7e]*$/.test(s)) return `"${s}"`;
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Go writes numbers in the shortest round-tripping form, switching to e-notation where JavaScript does. */
function goNumber(n: number): string {
  return String(n);
}

/**
 * Go's `%q` formatting of a string, used where the API server prints key values in field paths
 * (`[name="app"]`): printable characters stay as they are, quotes and backslashes are escaped, control
 * characters use `\n`, `\t`, `\x1b`-style escapes.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Byte-wise (UTF-8) string order, as Go's `strings.Compare` and `sort.Strings` use. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after U+E000..U+FFFF in UTF-8 but before them in UTF-16.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}
