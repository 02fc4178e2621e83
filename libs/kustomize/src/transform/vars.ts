/**
 * The legacy `vars`: `$(NAME)` in the var-reference fields is replaced by a field of another resource, after all
 * names are final. A field that is exactly `$(NAME)` takes the referenced value with its type.
 */
import { KustomizeBuildError } from '../errors.js';
import type { FieldSpec, Var } from '../kustfile/types.js';
import { describeVar } from '../build/accumulator.js';
import type { ResMap } from '../resource/resmap.js';
import { goFormatFloatG } from '../yaml/gofmt.js';
import { isMap } from '../yaml/value.js';
import type { YMap, YValue } from '../yaml/value.js';
import { walkFieldSpec } from './fieldspec.js';
import { getFieldValue } from './fieldpath.js';

/** Resolves each var to the field of the resource it was bound to. */
export function varValues(m: ResMap, vars: readonly Var[]): Map<string, YValue> {
  const out = new Map<string, YValue>();
  for (const v of vars) {
    const matched = m.resources().filter((r) => r.refVarNames.includes(v.name));
    if (matched.length > 1) throw new KustomizeBuildError(`found ${matched.length} resId matches for var ${describeVar(v)} (unable to disambiguate)`);
    if (matched.length === 0) throw new KustomizeBuildError(`var '${describeVar(v)}' cannot be mapped to a field in the set of known resources`);
    const path = (v.fieldref?.fieldpath || 'metadata.name').replace(/\[(\d+)\]/g, '.$1');
    const value = getFieldValue(matched[0]!.obj, path);
    if (value === undefined) throw new KustomizeBuildError(`field specified in var '${describeVar(v)}' not found in corresponding resource`);
    out.set(v.name, value);
  }
  return out;
}

/** Replaces `$(VAR)` references in the var-reference fields of every resource. */
export function resolveVars(m: ResMap, vars: readonly Var[], specs: readonly FieldSpec[]): void {
  if (vars.length === 0) return;
  const values = varValues(m, vars);
  const mapping = (name: string): YValue => (values.has(name) ? values.get(name)! : `$(${name})`);
  for (const r of m.resources()) {
    for (const fs of specs) walkFieldSpec(r, fs, undefined, (holder, key) => expandField(holder, key, mapping));
  }
}

function expandField(holder: YMap, key: string, mapping: (name: string) => YValue): void {
  const v = holder[key];
  if (typeof v === 'string') holder[key] = expand(v, mapping);
  else if (Array.isArray(v)) {
    v.forEach((el, i) => {
      if (typeof el !== 'string') throw new KustomizeBuildError('invalid value type expect a string');
      v[i] = expand(el, mapping);
    });
  } else if (isMap(v)) {
    for (const k of Object.keys(v)) if (typeof v[k] === 'string') v[k] = expand(v[k], mapping);
  }
}

/** Kubernetes' `$(VAR)` expansion (`$$` escapes); a value that is one whole reference keeps the var's type. */
export function expand(input: string, mapping: (name: string) => YValue): YValue {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const rest = input.slice(cursor + 1);
    let advance = 1;
    if (rest[0] === '$') out += '$';
    else if (rest[0] === '(') {
      const close = rest.indexOf(')');
      if (close > 0) {
        const name = rest.slice(1, close);
        const mapped = mapping(name);
        if (input === `$(${name})`) return mapped;
        out += formatVar(mapped);
        advance = close + 1;
      } else out += '$(';
    } else out += `$${rest[0]!}`;
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}

/** Go's `%v` of a var value. */
function formatVar(v: YValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFormatFloatG(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
