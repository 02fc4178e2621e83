/**
 * Field specs: `path: spec/template/metadata/labels` plus an optional kind/group/version selector, walked the way
 * kustomize's fieldspec filter does (lists are entered element by element, `a\/b` escapes a slash, `name[]` says
 * the field is a list, missing fields are created only when `create` is set).
 */
import { KustomizeBuildError } from '../errors.js';
import type { FieldSpec } from '../kustfile/types.js';
import { parseGroupVersion } from '../resource/resid.js';
import type { Resource } from '../resource/resource.js';
import { isMap, newMap } from '../yaml/value.js';
import type { YMap, YValue } from '../yaml/value.js';

/** What to create for a missing last field when the spec says `create: true`. */
export type CreateKind = 'scalar' | 'map' | undefined;

/** Called with the map holding the matched field and its key; read and write `holder[key]`. */
export type FieldVisitor = (holder: YMap, key: string) => void;

/** Splits a field-spec path on `/`, honouring `\/` escapes (kustomize's PathSplitter). */
export function splitPath(path: string): string[] {
  const parts = path.split('/');
  const out: string[] = [parts[0]!];
  for (let i = 1; i < parts.length; i++) {
    const last = out.length - 1;
    if (out[last]!.endsWith('\\')) out[last] = `${out[last]!.slice(0, -1)}/${parts[i]!}`;
    else out.push(parts[i]!);
  }
  return out;
}

/** Whether the field spec's kind/group/version selects this resource. */
export function fieldSpecSelects(fs: FieldSpec, r: Resource): boolean {
  if (fs.kind && fs.kind !== r.kind) return false;
  const gv = parseGroupVersion(r.apiVersion);
  if (fs.group && fs.group !== gv.group) return false;
  if (fs.version && fs.version !== gv.version) return false;
  return true;
}

/** Applies `visit` to every field the spec designates in the resource (if the spec selects it). */
export function walkFieldSpec(r: Resource, fs: FieldSpec, create: CreateKind, visit: FieldVisitor): void {
  if (!fieldSpecSelects(fs, r)) return;
  try {
    walk(r.obj, splitPath(fs.path), fs.create === true ? create : undefined, visit);
  } catch (err) {
    if (err instanceof KustomizeBuildError) {
      throw new KustomizeBuildError(`considering field '${fs.path}' of object ${r.kind}/${r.name}: ${err.message}`, { cause: err });
    }
    throw err;
  }
}

function walk(node: YValue, path: readonly string[], create: CreateKind, visit: FieldVisitor): void {
  if (node === null) return;
  if (Array.isArray(node)) {
    for (const el of node) walk(el, path, create, visit);
    return;
  }
  if (!isMap(node)) throw new KustomizeBuildError('expected sequence or mapping node');
  const [head, ...rest] = path as [string, ...string[]];
  const isSeq = head.endsWith('[]');
  const field = isSeq ? head.slice(0, -2) : head;
  if (field === '') throw new KustomizeBuildError('cannot set or create an empty field name');
  const creating = create !== undefined && !isSeq;
  if (!(field in node)) {
    if (!creating) return;
    node[field] = rest.length === 0 ? (create === 'map' ? newMap() : '') : newMap();
  } else if (node[field] === null) {
    if (isSeq) node[field] = [];
    else if (creating) node[field] = rest.length === 0 ? (create === 'map' ? newMap() : '') : newMap();
  }
  if (rest.length === 0) {
    visit(node, field);
    return;
  }
  walk(node[field]!, rest, create, visit);
}
