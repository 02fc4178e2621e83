/**
 * The JSONPath subset CRD `additionalPrinterColumns` use: `.a.b`, `['a.b']`, `[0]`, `[*]`, `..name` and filters
 * `[?(@.type=="Ready")]` with `==` / `!=`. Returns every match; an unparsable path matches nothing.
 */
import { isJsonObject, type JsonValue } from '../json.js';

type Step =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'all' }
  | { readonly kind: 'recurse'; readonly name: string }
  | { readonly kind: 'filter'; readonly path: readonly string[]; readonly op: '==' | '!='; readonly value: JsonValue | undefined; readonly exists: boolean };

const cache = new Map<string, readonly Step[] | null>();

function parseFilter(body: string): Step | null {
  const m = /^@((?:\.[\w-]+)+)\s*(?:(==|!=)\s*(.+))?$/.exec(body.trim());
  if (!m) return null;
  const path = m[1]!.slice(1).split('.');
  if (!m[2]) return { kind: 'filter', path, op: '==', value: undefined, exists: true };
  const raw = m[3]!.trim();
  let value: JsonValue;
  if (/^'.*'$/.test(raw)) value = raw.slice(1, -1);
  else {
    try {
      value = JSON.parse(raw) as JsonValue;
    } catch {
      value = raw;
    }
  }
  return { kind: 'filter', path, op: m[2] as '==' | '!=', value, exists: false };
}

function parse(path: string): readonly Step[] | null {
  let p = path.trim();
  if (p.startsWith('{') && p.endsWith('}')) p = p.slice(1, -1);
  if (p.startsWith('$')) p = p.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < p.length) {
    if (p.startsWith('..', i)) {
      const m = /^[\w-]+/.exec(p.slice(i + 2));
      if (!m) return null;
      steps.push({ kind: 'recurse', name: m[0] });
      i += 2 + m[0].length;
    } else if (p[i] === '.') {
      const m = /^[\w-]+/.exec(p.slice(i + 1));
      if (!m) return null;
      steps.push({ kind: 'field', name: m[0] });
      i += 1 + m[0].length;
    } else if (p[i] === '[') {
      const end = p.indexOf(']', i);
      if (end < 0) return null;
      const inner = p.slice(i + 1, end);
      const step = bracket(inner);
      if (!step) return null;
      steps.push(step);
      i = end + 1;
    } else return null;
  }
  return steps;
}

function bracket(inner: string): Step | null {
  if (inner === '*') return { kind: 'all' };
  if (/^-?\d+$/.test(inner)) return { kind: 'index', index: Number(inner) };
  const quoted = /^'(.*)'$|^"(.*)"$/.exec(inner);
  if (quoted) return { kind: 'field', name: quoted[1] ?? quoted[2] ?? '' };
  if (inner.startsWith('?(') && inner.endsWith(')')) return parseFilter(inner.slice(2, -1));
  return null;
}

function at(v: JsonValue, path: readonly string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = v;
  for (const k of path) cur = isJsonObject(cur) ? cur[k] : undefined;
  return cur;
}

function recurse(v: JsonValue, name: string, out: JsonValue[]): void {
  if (Array.isArray(v)) for (const x of v) recurse(x, name, out);
  else if (isJsonObject(v)) {
    if (v[name] !== undefined) out.push(v[name]!);
    for (const x of Object.values(v)) recurse(x, name, out);
  }
}

function apply(step: Step, values: JsonValue[]): JsonValue[] {
  const out: JsonValue[] = [];
  for (const v of values) {
    switch (step.kind) {
      case 'field': if (isJsonObject(v) && v[step.name] !== undefined) out.push(v[step.name]!); break;
      case 'index': if (Array.isArray(v)) { const x = v[step.index < 0 ? v.length + step.index : step.index]; if (x !== undefined) out.push(x); } break;
      case 'all': if (Array.isArray(v)) out.push(...v); else if (isJsonObject(v)) out.push(...Object.values(v)); break;
      case 'recurse': recurse(v, step.name, out); break;
      case 'filter': if (Array.isArray(v)) out.push(...v.filter((x) => {
        const got = at(x, step.path);
        if (step.exists) return got !== undefined;
        const same = JSON.stringify(got) === JSON.stringify(step.value);
        return step.op === '==' ? same : !same;
      })); break;
    }
  }
  return out;
}

/** Every value `path` selects in `doc`. */
export function jsonPathValues(doc: JsonValue, path: string): JsonValue[] {
  let steps = cache.get(path);
  if (steps === undefined) {
    steps = parse(path);
    cache.set(path, steps);
  }
  if (!steps) return [];
  let values: JsonValue[] = [doc];
  for (const s of steps) values = apply(s, values);
  return values;
}
