/**
 * Dotted field paths as vars and replacements write them: `spec.template.spec.containers.[name=app].image`,
 * `metadata.annotations.[example.com/x]`, `spec.ports.0.port`, `*` for every element.
 */
import { KustomizeBuildError } from '../errors.js';
import { isMap, newMap } from '../yaml/value.js';
import type { YMap, YValue } from '../yaml/value.js';

/** kyaml's SmarterPathSplitter: splits on `.` except inside `[...]`. */
export function splitFieldPath(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of path) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === '.' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** A matched location: the holder and the key or index inside it. */
export interface FieldRef {
  readonly holder: YMap | YValue[];
  readonly key: string | number;
}

function bracket(seg: string): { field: string; value: string } | undefined {
  if (!seg.startsWith('[') || !seg.endsWith(']')) return undefined;
  const inner = seg.slice(1, -1);
  const eq = inner.indexOf('=');
  if (eq < 0) return { field: inner, value: '' };
  return { field: inner.slice(0, eq), value: inner.slice(eq + 1) };
}

function scalarText(v: YValue | undefined): string | undefined {
  if (v === undefined || v === null || typeof v === 'object') return undefined;
  return String(v);
}

/**
 * Finds every location the path designates. With `create`, missing map fields and `[k=v]` list elements are
 * created (the last one as `createLeaf`).
 */
export function matchFieldPath(root: YMap, path: readonly string[], create?: () => YValue): FieldRef[] {
  let refs: FieldRef[] = [{ holder: [root], key: 0 }];
  for (const [i, seg] of path.entries()) {
    const last = i === path.length - 1;
    const next: FieldRef[] = [];
    for (const ref of refs) {
      const cur = (ref.holder as Record<string | number, YValue>)[ref.key];
      next.push(...step(ref, cur, seg, last, create));
    }
    refs = next;
  }
  return refs;
}

function step(ref: FieldRef, cur: YValue | undefined, seg: string, last: boolean, create?: () => YValue): FieldRef[] {
  const b = bracket(seg);
  if (Array.isArray(cur)) {
    if (seg === '*' || seg === '-') return cur.map((_, i) => ({ holder: cur, key: i }));
    if (/^\d+$/.test(seg)) return Number(seg) < cur.length ? [{ holder: cur, key: Number(seg) }] : [];
    if (b) {
      const hits: FieldRef[] = [];
      cur.forEach((el, i) => {
        if (b.field === '' ? scalarText(el) === b.value : isMap(el) && scalarText(el[b.field]) === b.value) hits.push({ holder: cur, key: i });
      });
      if (hits.length === 0 && create) {
        const el = b.field === '' ? b.value : Object.assign(newMap(), { [b.field]: b.value });
        cur.push(el);
        hits.push({ holder: cur, key: cur.length - 1 });
      }
      return hits;
    }
    return [];
  }
  if (isMap(cur)) {
    const field = b && b.value === '' ? b.field : seg;
    if (seg === '*') return Object.keys(cur).map((k) => ({ holder: cur, key: k }));
    if (!(field in cur) || cur[field] === null) {
      if (!create) return [];
      cur[field] = last ? create() : newMap();
    }
    return [{ holder: cur, key: field }];
  }
  if ((cur === undefined || cur === null) && create && !Array.isArray(ref.holder)) {
    const m = newMap();
    (ref.holder as YMap)[ref.key as string] = m;
    return step(ref, m, seg, last, create);
  }
  return [];
}

/** The single value at a dotted path, or undefined. */
export function getFieldValue(root: YMap, path: string): YValue | undefined {
  const refs = matchFieldPath(root, splitFieldPath(path));
  if (refs.length === 0) return undefined;
  const r = refs[0]!;
  return (r.holder as Record<string | number, YValue>)[r.key];
}

/** Reads a location. */
export function readRef(r: FieldRef): YValue {
  return (r.holder as Record<string | number, YValue>)[r.key] ?? null;
}

/** Writes a location. */
export function writeRef(r: FieldRef, v: YValue): void {
  (r.holder as Record<string | number, YValue>)[r.key] = v;
}

/** Fails with kustomize's wording when a path segment is malformed. */
export function assertPath(path: string): void {
  if (path === '') throw new KustomizeBuildError('empty field path');
}
