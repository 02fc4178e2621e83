/**
 * RFC 6902 JSON patches (add, remove, replace, move, copy, test) over YAML values, with the error wording of the
 * Go library kustomize uses.
 */
import { KustomizeBuildError } from '../errors.js';
import { deepCopy, deepEqual, isMap } from '../yaml/value.js';
import type { YMap, YValue } from '../yaml/value.js';

/** One operation. */
export interface JsonPatchOp {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: YValue;
}

/** Validates decoded YAML/JSON as a list of operations. */
export function decodeJsonPatch(v: YValue): JsonPatchOp[] {
  if (!Array.isArray(v)) throw new KustomizeBuildError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  return v.map((op, i) => {
    if (!isMap(op)) throw new KustomizeBuildError(`json patch operation ${i} is not an object`);
    const out: { op: string; path: string; from?: string; value?: YValue } = { op: String(op.op ?? ''), path: String(op.path ?? '') };
    if ('from' in op) out.from = String(op.from);
    if ('value' in op) out.value = op.value!;
    return out;
  });
}

/** Applies the operations to a copy of `doc` and returns it. */
export function applyJsonPatch(doc: YMap, ops: readonly JsonPatchOp[]): YValue {
  let root: YValue = deepCopy(doc);
  for (const op of ops) root = applyOne(root, op);
  return root;
}

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/')) throw new KustomizeBuildError(`invalid JSON pointer: ${p}`);
  return p.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

interface Located {
  readonly parent: YMap | YValue[];
  readonly key: string;
}

function locate(root: YValue, path: string[], opName: string, fullPath: string): Located {
  let cur: YValue = root;
  for (const seg of path.slice(0, -1)) {
    const next: YValue | undefined = Array.isArray(cur) ? cur[arrayIndex(seg, cur.length - 1, opName, fullPath)] : isMap(cur) ? cur[seg] : undefined;
    if (next === undefined) throw missing(opName, fullPath);
    cur = next;
  }
  if (!Array.isArray(cur) && !isMap(cur)) throw missing(opName, fullPath);
  return { parent: cur, key: path[path.length - 1]! };
}

function missing(op: string, path: string): KustomizeBuildError {
  return new KustomizeBuildError(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
}

function arrayIndex(seg: string, max: number, op: string, path: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(seg)) throw new KustomizeBuildError(`${op} operation does not apply: doc is missing path: "${path}": invalid index`);
  const i = Number(seg);
  if (i > max) throw new KustomizeBuildError(`${op} operation does not apply: doc is missing path: "${path}": index out of range`);
  return i;
}

function get(root: YValue, path: string[], op: string, full: string): YValue {
  if (path.length === 0) return root;
  const { parent, key } = locate(root, path, op, full);
  const v = Array.isArray(parent) ? parent[arrayIndex(key, parent.length - 1, op, full)] : parent[key];
  if (v === undefined) throw missing(op, full);
  return v;
}

function add(root: YValue, path: string[], value: YValue, full: string): YValue {
  if (path.length === 0) return value;
  const { parent, key } = locate(root, path, 'add', full);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : arrayIndex(key, parent.length, 'add', full);
    parent.splice(i, 0, value);
  } else {
    parent[key] = value;
  }
  return root;
}

function remove(root: YValue, path: string[], op: string, full: string): YValue {
  const { parent, key } = locate(root, path, op, full);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length - 1, op, full), 1);
  else {
    if (!(key in parent)) throw missing(op, full);
    delete parent[key];
  }
  return root;
}

function applyOne(root: YValue, op: JsonPatchOp): YValue {
  const path = parsePointer(op.path);
  switch (op.op) {
    case 'add':
      return add(root, path, deepCopy(requireValue(op)), op.path);
    case 'remove':
      return remove(root, path, 'remove', op.path);
    case 'replace': {
      if (path.length === 0) return deepCopy(requireValue(op));
      get(root, path, 'replace', op.path);
      const { parent, key } = locate(root, path, 'replace', op.path);
      if (Array.isArray(parent)) parent[arrayIndex(key, parent.length - 1, 'replace', op.path)] = deepCopy(requireValue(op));
      else parent[key] = deepCopy(requireValue(op));
      return root;
    }
    case 'move': {
      const from = parsePointer(op.from ?? '');
      const v = get(root, from, 'move', op.from ?? '');
      return add(remove(root, from, 'move', op.from ?? ''), path, v, op.path);
    }
    case 'copy': {
      const v = get(root, parsePointer(op.from ?? ''), 'copy', op.from ?? '');
      return add(root, path, deepCopy(v), op.path);
    }
    case 'test': {
      const v = get(root, path, 'test', op.path);
      if (!deepEqual(v, op.value ?? null)) throw new KustomizeBuildError(`testing value ${op.path} failed: test failed`);
      return root;
    }
    default:
      throw new KustomizeBuildError(`Unexpected kind: ${op.op}`);
  }
}

function requireValue(op: JsonPatchOp): YValue {
  if (op.value === undefined) throw new KustomizeBuildError(`${op.op} operation missing value`);
  return op.value;
}
