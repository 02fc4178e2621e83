/**
 * Label and field selectors: parsing (with the server's error wording, answered as 400) and matching.
 */
import { badRequest } from './status.js';
import { validateLabelValue, validateQualifiedName } from '../objects/names.js';

/** One requirement of a label selector. */
export interface LabelRequirement {
  readonly key: string;
  readonly op: 'exists' | '!exists' | '=' | '!=' | 'in' | 'notin' | 'gt' | 'lt';
  readonly values: readonly string[];
}

/** A parsed label selector: every requirement must hold. An empty list matches everything. */
export type LabelSelector = readonly LabelRequirement[];

const TOKEN = /\s*(\(|\)|,|!=|==|=|!|>|<|[^\s(),!=<>]+)/y;

function tokenize(s: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < s.length) {
    const before = TOKEN.lastIndex;
    const m = TOKEN.exec(s);
    if (!m) {
      if (s.slice(before).trim() === '') break;
      throw badRequest(`unable to parse requirement: invalid character in ${JSON.stringify(s)}`);
    }
    tokens.push(m[1]!);
  }
  return tokens;
}

function parseError(detail: string): Error {
  return badRequest(`unable to parse requirement: ${detail}`);
}

function checkKey(key: string): void {
  const errs = validateQualifiedName(key);
  if (errs.length > 0) throw parseError(`key: Invalid value: ${JSON.stringify(key)}: ${errs[0]}`);
}

function checkValue(key: string, v: string): void {
  const errs = validateLabelValue(v);
  if (errs.length > 0) throw parseError(`values[0][${key}]: Invalid value: ${JSON.stringify(v)}: ${errs[0]}`);
}

const OPERATORS = new Set(['=', '==', '!=', 'in', 'notin', '>', '<']);

/** Parses a label selector string (`app=web,tier in (a,b),!legacy`); throws a 400 KubeApiError when malformed. */
export function parseLabelSelector(input: string): LabelSelector {
  const tokens = tokenize(input);
  const reqs: LabelRequirement[] = [];
  let i = 0;
  const next = (): string | undefined => tokens[i++];
  while (i < tokens.length) {
    let t = next()!;
    if (t === '!') {
      const key = next();
      if (key === undefined || OPERATORS.has(key) || key === ',') throw parseError(`found '${key ?? ''}', expected: identifier`);
      checkKey(key);
      reqs.push({ key, op: '!exists', values: [] });
    } else {
      if (t === ',' || t === '(' || t === ')' || OPERATORS.has(t)) throw parseError(`found '${t}', expected: !, identifier, or 'end of string'`);
      const key = t;
      checkKey(key);
      const op = tokens[i];
      if (op === undefined || op === ',') reqs.push({ key, op: 'exists', values: [] });
      else if (op === '=' || op === '==' || op === '!=') {
        i++;
        const v = tokens[i] !== undefined && tokens[i] !== ',' ? next()! : '';
        if (['(', ')', '!', '=', '==', '!=', '<', '>'].includes(v)) throw parseError(`found '${v}', expected: identifier`);
        checkValue(key, v);
        reqs.push({ key, op: op === '!=' ? '!=' : '=', values: [v] });
      } else if (op === 'in' || op === 'notin') {
        i++;
        reqs.push({ key, op, values: parseSet(tokens, i, key, (n) => (i = n)) });
      } else if (op === '>' || op === '<') {
        i++;
        const v = next();
        if (v === undefined || !/^-?\d+$/.test(v)) throw parseError(`for 'Gt', 'Lt' operators, the value must be an integer`);
        reqs.push({ key, op: op === '>' ? 'gt' : 'lt', values: [v] });
      } else throw parseError(`found '${op}', expected: in, notin, =, ==, !=, gt, lt`);
    }
    t = tokens[i] ?? '';
    if (t === ',') {
      i++;
      if (i >= tokens.length) throw parseError(`found '', expected: identifier after ','`);
    } else if (t !== '') throw parseError(`found '${t}', expected: ',' or 'end of string'`);
  }
  return reqs;
}

function parseSet(tokens: string[], start: number, key: string, advance: (n: number) => void): string[] {
  let i = start;
  if (tokens[i] !== '(') throw parseError(`found '${tokens[i] ?? ''}', expected: '('`);
  i++;
  const values: string[] = [];
  for (;;) {
    const t = tokens[i];
    if (t === undefined) throw parseError(`found '', expected: ')'`);
    if (t === ')') {
      i++;
      break;
    }
    if (t === ',') {
      i++;
      continue;
    }
    if (t === '(' || OPERATORS.has(t) || t === '!') throw parseError(`found '${t}', expected: ',', ')' or identifier`);
    checkValue(key, t);
    values.push(t);
    i++;
  }
  advance(i);
  if (values.length === 0) throw parseError(`for 'in', 'notin' operators, values set can't be empty`);
  return values;
}

/** Parses a `LabelSelector` object (matchLabels, matchExpressions) as found in specs. */
export function labelSelectorFromObject(sel: unknown): LabelSelector | undefined {
  if (typeof sel !== 'object' || sel === null) return undefined;
  const s = sel as { matchLabels?: unknown; matchExpressions?: unknown };
  const reqs: LabelRequirement[] = [];
  if (typeof s.matchLabels === 'object' && s.matchLabels !== null) {
    for (const [k, v] of Object.entries(s.matchLabels)) if (typeof v === 'string') reqs.push({ key: k, op: '=', values: [v] });
  }
  if (Array.isArray(s.matchExpressions)) {
    for (const e of s.matchExpressions as { key?: unknown; operator?: unknown; values?: unknown }[]) {
      if (typeof e?.key !== 'string') continue;
      const values = Array.isArray(e.values) ? e.values.filter((x): x is string => typeof x === 'string') : [];
      const op = ({ In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!exists' } as const)[String(e.operator) as 'In'];
      if (op) reqs.push({ key: e.key, op, values });
    }
  }
  return reqs;
}

/** Renders a selector object the way `kubectl get -o wide` and the scale subresource print it (`app=web`). */
export function formatLabelSelector(reqs: LabelSelector): string {
  return reqs.map((r) => {
    switch (r.op) {
      case 'exists': return r.key;
      case '!exists': return `!${r.key}`;
      case '=': return `${r.key}=${r.values[0]}`;
      case '!=': return `${r.key}!=${r.values[0]}`;
      case 'gt': return `${r.key}>${r.values[0]}`;
      case 'lt': return `${r.key}<${r.values[0]}`;
      default: return `${r.key} ${r.op} (${[...r.values].sort().join(',')})`;
    }
  }).join(',');
}

/** True when `labels` satisfy every requirement. */
export function matchesLabels(sel: LabelSelector, labels: Readonly<Record<string, unknown>> | undefined): boolean {
  for (const r of sel) {
    const v = labels?.[r.key];
    const has = typeof v === 'string';
    switch (r.op) {
      case 'exists': if (!has) return false; break;
      case '!exists': if (has) return false; break;
      case '=': if (!has || v !== r.values[0]) return false; break;
      case '!=': if (has && v === r.values[0]) return false; break;
      case 'in': if (!has || !r.values.includes(v)) return false; break;
      case 'notin': if (has && r.values.includes(v)) return false; break;
      case 'gt': if (!has || !(Number(v) > Number(r.values[0]))) return false; break;
      case 'lt': if (!has || !(Number(v) < Number(r.values[0]))) return false; break;
    }
  }
  return true;
}

/** One term of a field selector. */
export interface FieldRequirement {
  readonly field: string;
  readonly op: '=' | '!=';
  readonly value: string;
}

/** Parses a field selector (`metadata.name=x,status.phase!=Running`); throws a 400 KubeApiError when malformed. */
export function parseFieldSelector(input: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  for (const term of splitUnescaped(input, ',')) {
    if (term.trim() === '') continue;
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/s.exec(term.trim());
    if (!m) throw badRequest(`invalid selector: '${input}'; can't understand '${term}'`);
    out.push({ field: m[1]!.trim(), op: m[2] === '!=' ? '!=' : '=', value: unescape(m[3]!) });
  }
  return out;
}

function splitUnescaped(s: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[++i]!;
    } else if (c === sep) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

/** True when every field requirement holds; `fieldValue` reads a supported field of the object. */
export function matchesFields(reqs: readonly FieldRequirement[], fieldValue: (field: string) => string): boolean {
  for (const r of reqs) {
    const v = fieldValue(r.field);
    if (r.op === '=' ? v !== r.value : v === r.value) return false;
  }
  return true;
}
