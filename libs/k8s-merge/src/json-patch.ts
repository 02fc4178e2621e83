import { JsonPatchError } from './errors.js';
import { cloneJson, isJsonObject, jsonEqual, jsonKind, ownValue, setOwn, type JsonObject, type JsonValue } from './json.js';
import { arrayIndex, parseJsonPointer } from './json-pointer.js';

const OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const;
type OpName = (typeof OPS)[number];

interface Operation {
  readonly op: OpName;
  readonly index: number;
  readonly path: string;
  readonly tokens: string[];
  readonly from?: { readonly pointer: string; readonly tokens: string[] };
  readonly value?: JsonValue;
}

/**
 * Applies an RFC 6902 JSON patch (`application/json-patch+json`) and returns the patched document. All six
 * operations are supported, `-` appends to an array, pointers use `~0`/`~1` escaping and `test` compares deeply.
 * The patch is atomic: the first failing operation throws a {@link JsonPatchError} naming its index and path
 * (`testFailed` set for a failed `test`), and `doc` is never mutated.
 */
export function applyJsonPatch(doc: JsonValue, operations: unknown): JsonValue {
  if (!Array.isArray(operations)) throw new JsonPatchError(-1, '', `expected a list of operations, got ${jsonKind(operations)}`);
  const parsed = operations.map((raw, index) => parseOperation(raw, index));
  let result = cloneJson(doc);
  for (const op of parsed) result = applyOperation(result, op);
  return result;
}

function parseOperation(raw: unknown, index: number): Operation {
  if (!isJsonObject(raw)) throw new JsonPatchError(index, '', `an operation must be an object, got ${jsonKind(raw)}`);
  const op = raw.op;
  if (typeof op !== 'string' || !(OPS as readonly string[]).includes(op)) {
    throw new JsonPatchError(index, '', `"op" must be one of ${OPS.join(', ')}, got ${JSON.stringify(op ?? null)}`);
  }
  const path = pointerMember(raw, 'path', index);
  const base = { op: op as OpName, index, path: path.pointer, tokens: path.tokens };
  if (op === 'move' || op === 'copy') return { ...base, from: pointerMember(raw, 'from', index) };
  if (op === 'add' || op === 'replace' || op === 'test') {
    if (!Object.hasOwn(raw, 'value')) throw new JsonPatchError(index, path.pointer, `"${op}" needs a "value" member`);
    return { ...base, value: raw.value! };
  }
  return base;
}

function pointerMember(raw: JsonObject, member: 'path' | 'from', index: number): { pointer: string; tokens: string[] } {
  const pointer = ownValue(raw, member);
  if (typeof pointer !== 'string') throw new JsonPatchError(index, '', `"${member}" must be a string JSON pointer`);
  const tokens = parseJsonPointer(pointer);
  if (!Array.isArray(tokens)) throw new JsonPatchError(index, pointer, tokens.error);
  return { pointer, tokens };
}

function applyOperation(doc: JsonValue, op: Operation): JsonValue {
  switch (op.op) {
    case 'add':
      return add(doc, op, op.tokens, cloneJson(op.value!));
    case 'remove':
      return remove(doc, op, op.tokens).doc;
    case 'replace':
      remove(doc, op, op.tokens);
      return add(doc, op, op.tokens, cloneJson(op.value!));
    case 'move': {
      const from = op.from!;
      if (isProperPrefix(from.tokens, op.tokens)) throw new JsonPatchError(op.index, from.pointer, 'cannot move a value into one of its own children');
      const taken = remove(doc, { ...op, path: from.pointer }, from.tokens);
      return add(taken.doc, op, op.tokens, taken.value);
    }
    case 'copy':
      return add(doc, op, op.tokens, cloneJson(get(doc, { ...op, path: op.from!.pointer }, op.from!.tokens)));
    case 'test': {
      const actual = get(doc, op, op.tokens);
      if (!jsonEqual(actual, op.value)) throw new JsonPatchError(op.index, op.path, `test failed: the value is ${JSON.stringify(actual)}`, true);
      return doc;
    }
  }
}

function isProperPrefix(prefix: string[], tokens: string[]): boolean {
  return prefix.length < tokens.length && prefix.every((t, i) => t === tokens[i]);
}

/** The container holding the target of `tokens` (all but the last token resolved), or the error. */
function parentOf(doc: JsonValue, op: Operation, tokens: string[]): JsonObject | JsonValue[] {
  let node: JsonValue = doc;
  for (let i = 0; i < tokens.length - 1; i++) node = child(node, op, tokens[i]!);
  if (typeof node !== 'object' || node === null) throw new JsonPatchError(op.index, op.path, `cannot address into a ${jsonKind(node)}`);
  return node;
}

function child(node: JsonValue, op: Operation, token: string): JsonValue {
  if (Array.isArray(node)) {
    const i = arrayIndex(token);
    if (i === undefined || i >= node.length) throw new JsonPatchError(op.index, op.path, `array index ${JSON.stringify(token)} is out of range (length ${node.length})`);
    return node[i]!;
  }
  if (isJsonObject(node)) {
    const value = ownValue(node, token);
    if (value === undefined) throw new JsonPatchError(op.index, op.path, `member ${JSON.stringify(token)} does not exist`);
    return value;
  }
  throw new JsonPatchError(op.index, op.path, `cannot address into a ${jsonKind(node)}`);
}

function get(doc: JsonValue, op: Operation, tokens: string[]): JsonValue {
  let node = doc;
  for (const token of tokens) node = child(node, op, token);
  return node;
}

function add(doc: JsonValue, op: Operation, tokens: string[], value: JsonValue): JsonValue {
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, op, tokens);
  const last = tokens[tokens.length - 1]!;
  if (!Array.isArray(parent)) {
    setOwn(parent, last, value);
    return doc;
  }
  const i = last === '-' ? parent.length : arrayIndex(last);
  if (i === undefined || i > parent.length) throw new JsonPatchError(op.index, op.path, `array index ${JSON.stringify(last)} is out of range (length ${parent.length})`);
  parent.splice(i, 0, value);
  return doc;
}

function remove(doc: JsonValue, op: Operation, tokens: string[]): { doc: JsonValue; value: JsonValue } {
  if (tokens.length === 0) {
    if (op.op === 'remove') throw new JsonPatchError(op.index, op.path, 'cannot remove the whole document');
    return { doc: null, value: doc };
  }
  const parent = parentOf(doc, op, tokens);
  const last = tokens[tokens.length - 1]!;
  const value = child(parent, op, last);
  if (Array.isArray(parent)) parent.splice(arrayIndex(last)!, 1);
  else delete parent[last];
  return { doc, value };
}
