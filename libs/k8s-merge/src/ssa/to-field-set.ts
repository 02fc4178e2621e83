import type { FieldSchema } from '@sluice/k8s-schema';
import { isJsonObject, jsonKind, type JsonValue } from '../json.js';
import { FieldSetBuilder, type FieldSet } from './field-set.js';
import { fieldElement, printFieldPath, type FieldPath } from './path.js';
import { indexList, mapChild, mismatched, shapeOf, type Shape } from './schema-view.js';

/**
 * Collects validation problems the way structured-merge-diff reports them (`.spec.x: field not declared in
 * schema`). When a sink is passed the walk is strict (an applied configuration); without one it is lenient (a live
 * object): anything unexpected is owned as one atomic field instead.
 */
export interface ValidationSink {
  readonly errors: string[];
}

/** structured-merge-diff's ValidationErrors text: one error alone, or `errors:` and an indented list. */
export function formatValidationErrors(errors: readonly string[]): string {
  return errors.length === 1 ? errors[0]! : ['errors:', ...errors.map((e) => `  ${e}`)].join('\n');
}

function report(sink: ValidationSink | undefined, path: FieldPath, message: string): void {
  const at = printFieldPath(path);
  sink?.errors.push(at === '' ? message : `${at}: ${message}`);
}

/** Walks `value` and returns the fields it sets (see {@link FieldSet.of}); strict when `sink` is given. */
export function toFieldSet(value: JsonValue, schema: FieldSchema | undefined, sink: ValidationSink | undefined): FieldSet {
  const b = new FieldSetBuilder();
  walk(b, value, schema, [], sink);
  return b.build();
}

function walk(b: FieldSetBuilder, value: JsonValue, node: FieldSchema | undefined, path: FieldPath, sink: ValidationSink | undefined): void {
  const shape = shapeOf(node, value);
  if (mismatched(shape, value)) {
    report(sink, path, `expected ${shape.kind === 'scalar' ? 'a scalar' : shape.kind}, got ${jsonKind(value)}`);
    b.insert(path);
    return;
  }
  if (shape.kind === 'scalar') {
    if (sink) checkScalar(shape, value, path, sink);
    b.insert(path);
  } else if (shape.kind === 'list') {
    walkList(b, shape, value, path, sink);
  } else {
    walkMap(b, shape, value, path, sink);
  }
}

function checkScalar(shape: Shape & { kind: 'scalar' }, value: JsonValue, path: FieldPath, sink: ValidationSink): void {
  if (value === null || shape.scalar === 'untyped') return;
  const ok = shape.scalar === 'numeric' ? typeof value === 'number' : shape.scalar === 'string' ? typeof value === 'string' : typeof value === 'boolean';
  if (ok) return;
  const expected = shape.scalar === 'numeric' ? 'numeric (int or float)' : shape.scalar;
  report(sink, path, `expected ${expected}, got ${jsonKind(value)} ${JSON.stringify(value)}`);
}

function walkList(b: FieldSetBuilder, shape: Shape & { kind: 'list' }, value: JsonValue, path: FieldPath, sink: ValidationSink | undefined): void {
  if (shape.atomic || !Array.isArray(value)) {
    if (shape.atomic) b.insert(path);
    return;
  }
  const { items, errors, duplicates } = indexList(shape, value);
  // A live object may repeat keys (the API server tolerates that in stored objects); a configuration may not.
  for (const e of [...errors, ...duplicates]) report(sink, path, e);
  if (errors.length > 0 && !sink) {
    b.insert(path);
    return;
  }
  for (const item of items) {
    const itemPath = [...path, item.pe];
    walk(b, item.value, shape.items, itemPath, sink);
    b.insert(itemPath);
  }
}

function walkMap(b: FieldSetBuilder, shape: Shape & { kind: 'map' }, value: JsonValue, path: FieldPath, sink: ValidationSink | undefined): void {
  if (shape.atomic) {
    b.insert(path);
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, fieldElement(key)];
    const field = mapChild(shape, key);
    if (!field) {
      report(sink, childPath, 'field not declared in schema');
      b.insert(childPath);
      continue;
    }
    walk(b, child, field.node, childPath, sink);
    // A map entry is a field of its own; so is a struct field set to null or to an empty map.
    if (!field.declared || child === null || (isJsonObject(child) && Object.keys(child).length === 0)) b.insert(childPath);
  }
}
