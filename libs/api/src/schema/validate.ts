import { describeValue, type PathSegment } from './path.js';
import type {
  ArrayNode,
  IntegerNode,
  JsonValue,
  MapNode,
  ObjectNode,
  Schema,
  SchemaNode,
  Presence,
  StringNode,
} from './schema.js';

/** One way a document departs from its schema. */
export interface SchemaIssue {
  /** Where in the document, as segments (`['spec', 'dependsOn', 0, 'name']`). */
  readonly path: readonly PathSegment[];
  /** What the schema wanted there, in words (`one of "GitRepository", "Bucket"`). */
  readonly expected: string;
  /** What the document had there, in words (`"HelmRepository"`, `nothing`). */
  readonly found: string;
}

/** Options for {@link validateAgainst}. */
export interface ValidateOptions {
  /** What to do with fields the schema does not list: report them (catches typos) or drop them silently. */
  readonly unknownFields: 'error' | 'drop';
}

/** The validated copy of the document (defaults applied) and every issue found; `value` is meaningful only when `issues` is empty. */
export interface ValidateOutcome<T> {
  readonly value: T;
  readonly issues: SchemaIssue[];
}

/** Deepest nesting the validator follows; deeper documents are reported, not recursed into. */
const MAX_DEPTH = 64;

interface Walk {
  readonly options: ValidateOptions;
  readonly issues: SchemaIssue[];
  readonly seen: Set<object>;
}

/**
 * Checks `input` against `schema` and returns a fresh copy with defaults applied. Pure and total: it never throws
 * on any input (cycles, deep nesting and `__proto__` keys included) and reports every issue, not only the first.
 */
export function validateAgainst<T>(
  schema: Schema<T, Presence>,
  input: unknown,
  options: ValidateOptions = { unknownFields: 'error' },
  path: readonly PathSegment[] = [],
): ValidateOutcome<T> {
  const walk: Walk = { options, issues: [], seen: new Set() };
  const value = visit(schema.node, input, [...path], walk);
  return { value: value as T, issues: walk.issues };
}

function report(walk: Walk, path: PathSegment[], expected: string, found: unknown): undefined {
  walk.issues.push({ path: [...path], expected, found: describeValue(found) });
  return undefined;
}

function visit(node: SchemaNode, input: unknown, path: PathSegment[], walk: Walk): unknown {
  if (path.length > MAX_DEPTH) return report(walk, path, `at most ${MAX_DEPTH} levels of nesting`, input);
  const before = walk.issues.length;
  const value = visitType(node, input, path, walk);
  if (walk.issues.length === before && node.refinements !== undefined) {
    for (const refine of node.refinements) {
      const problem = (refine as (v: unknown) => string | undefined)(value);
      if (problem !== undefined) report(walk, path, problem, input);
    }
  }
  return value;
}

function visitType(node: SchemaNode, input: unknown, path: PathSegment[], walk: Walk): unknown {
  switch (node.type) {
    case 'string':
      return visitString(node, input, path, walk);
    case 'integer':
      return visitInteger(node, input, path, walk);
    case 'boolean':
      return typeof input === 'boolean' ? input : report(walk, path, 'true or false', input);
    case 'object':
      return visitObject(node, input, path, walk);
    case 'map':
      return visitMap(node, input, path, walk);
    case 'array':
      return visitArray(node, input, path, walk);
    case 'free-object':
      return isPlainObject(input) ? copyJson(input, path, walk) : report(walk, path, 'a mapping', input);
    case 'json':
      return copyJson(input, path, walk);
  }
}

function visitString(node: StringNode, input: unknown, path: PathSegment[], walk: Walk): unknown {
  if (typeof input !== 'string') return report(walk, path, 'a string', input);
  if (node.enum !== undefined && !node.enum.includes(input)) {
    return report(walk, path, `one of ${node.enum.map((v) => JSON.stringify(v)).join(', ')}`, input);
  }
  if (node.minLength !== undefined && input.length < node.minLength) {
    return report(walk, path, `a string of at least ${node.minLength} character${node.minLength === 1 ? '' : 's'}`, input);
  }
  if (node.maxLength !== undefined && input.length > node.maxLength) {
    return report(walk, path, `a string of at most ${node.maxLength} characters`, input);
  }
  if (node.pattern !== undefined && !compiled(node.pattern).test(input)) {
    return report(walk, path, node.refinementExpected ?? `a string matching ${node.pattern}`, input);
  }
  if (node.format === 'date-time' && !isRfc3339(input)) return report(walk, path, 'an RFC 3339 date-time', input);
  return input;
}

const patterns = new Map<string, RegExp>();

/** Schema patterns compiled once; the set of patterns is small and fixed by the kinds. */
function compiled(pattern: string): RegExp {
  let regex = patterns.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(pattern, 'u');
    patterns.set(pattern, regex);
  }
  return regex;
}

function visitInteger(node: IntegerNode, input: unknown, path: PathSegment[], walk: Walk): unknown {
  if (typeof input !== 'number' || !Number.isSafeInteger(input)) return report(walk, path, 'an integer', input);
  if (node.minimum !== undefined && input < node.minimum) return report(walk, path, `an integer >= ${node.minimum}`, input);
  if (node.maximum !== undefined && input > node.maximum) return report(walk, path, `an integer <= ${node.maximum}`, input);
  return input;
}

function visitObject(node: ObjectNode, input: unknown, path: PathSegment[], walk: Walk): unknown {
  if (!isPlainObject(input)) return report(walk, path, 'a mapping', input);
  if (!enter(walk, input, path)) return undefined;
  const before = walk.issues.length;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(node.properties)) {
    const raw = Object.hasOwn(input, key) ? input[key] : undefined;
    if (raw === null && child.nullable === true) continue;
    if (raw === undefined) {
      if (node.required.includes(key)) report(walk, [...path, key], 'a value (the field is required)', undefined);
      else if (child.default !== undefined) setOwn(out, key, structuredClone(child.default));
      continue;
    }
    const value = visit(child, raw, [...path, key], walk);
    if (value !== undefined) setOwn(out, key, value);
  }
  for (const key of Object.keys(input)) {
    if (Object.hasOwn(node.properties, key)) continue;
    if (node.preserveUnknown === true) setOwn(out, key, copyJson(input[key], [...path, key], walk));
    else if (walk.options.unknownFields === 'error') report(walk, [...path, key], 'no such field (unknown field)', input[key]);
  }
  walk.seen.delete(input);
  if (walk.issues.length === before) checkRules(node, out, path, walk);
  return out;
}

function checkRules(node: ObjectNode, value: Record<string, unknown>, path: PathSegment[], walk: Walk): void {
  for (const rule of node.rules ?? []) {
    if (passesRule(rule.test, value)) continue;
    const fields = Object.keys(value);
    const found = fields.length === 0 ? 'an empty mapping' : `a mapping with ${fields.slice(0, 8).join(', ')}${fields.length > 8 ? ', ...' : ''}`;
    walk.issues.push({ path: [...path], expected: `a mapping where ${rule.message}`, found });
  }
}

function passesRule(test: (self: Record<string, unknown>) => boolean, value: Record<string, unknown>): boolean {
  try {
    return test(value);
  } catch {
    return false;
  }
}

function visitMap(node: MapNode, input: unknown, path: PathSegment[], walk: Walk): unknown {
  if (!isPlainObject(input)) return report(walk, path, 'a mapping', input);
  if (!enter(walk, input, path)) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    const value = visit(node.values, input[key], [...path, key], walk);
    if (value !== undefined) setOwn(out, key, value);
  }
  walk.seen.delete(input);
  return out;
}

function visitArray(node: ArrayNode, input: unknown, path: PathSegment[], walk: Walk): unknown {
  if (!Array.isArray(input)) return report(walk, path, 'a list', input);
  if (!enter(walk, input, path)) return undefined;
  if (node.minItems !== undefined && input.length < node.minItems) report(walk, path, `a list of at least ${node.minItems} item${node.minItems === 1 ? '' : 's'}`, input);
  if (node.maxItems !== undefined && input.length > node.maxItems) report(walk, path, `a list of at most ${node.maxItems} items`, input);
  const out = input.map((item, index) => visit(node.items, item, [...path, index], walk));
  walk.seen.delete(input);
  checkListUniqueness(node, out, path, walk);
  return out;
}

function checkListUniqueness(node: ArrayNode, items: unknown[], path: PathSegment[], walk: Walk): void {
  if (node.listType !== 'map' && node.listType !== 'set') return;
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const key =
      node.listType === 'map' && isPlainObject(item)
        ? JSON.stringify((node.listMapKeys ?? []).map((k) => item[k] ?? null))
        : JSON.stringify(item);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else report(walk, [...path, index], `an item not already listed (duplicate of item ${first})`, item);
  });
}

/** Copies any JSON value, reporting what JSON cannot hold (functions, cycles, non-finite numbers). */
function copyJson(input: unknown, path: PathSegment[], walk: Walk): JsonValue | undefined {
  if (input === null || typeof input === 'string' || typeof input === 'boolean') return input;
  if (typeof input === 'number') return Number.isFinite(input) ? input : report(walk, path, 'a finite number', input);
  if (path.length > MAX_DEPTH) return report(walk, path, `at most ${MAX_DEPTH} levels of nesting`, input);
  if (Array.isArray(input)) {
    if (!enter(walk, input, path)) return undefined;
    const out = input.map((item, i) => copyJson(item, [...path, i], walk) ?? null);
    walk.seen.delete(input);
    return out;
  }
  if (isPlainObject(input)) {
    if (!enter(walk, input, path)) return undefined;
    const out: Record<string, JsonValue> = {};
    for (const key of Object.keys(input)) {
      const value = copyJson(input[key], [...path, key], walk);
      if (value !== undefined) setOwn(out, key, value);
    }
    walk.seen.delete(input);
    return out;
  }
  return report(walk, path, 'a JSON value', input);
}

function enter(walk: Walk, container: object, path: PathSegment[]): boolean {
  if (walk.seen.has(container)) {
    report(walk, path, 'a tree (the document refers to itself)', container);
    return false;
  }
  walk.seen.add(container);
  return true;
}

/** True for `{...}` objects (YAML mappings), false for arrays, null, class instances and the like. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Sets an own enumerable property even for keys like `__proto__`, which plain assignment would not create. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function isRfc3339(text: string): boolean {
  return RFC3339.test(text) && !Number.isNaN(Date.parse(text.replace(' ', 'T')));
}
