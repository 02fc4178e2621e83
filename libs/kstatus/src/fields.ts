// Field readers with kstatus's two attitudes: the lenient ones fall back to a default on anything unexpected (as
// kstatus's GetIntField and friends do), the strict ones report a malformed field (as unstructured.NestedInt64 does).
import { InvalidObjectError } from './errors.js';
import { isMapping } from './object-ref.js';
import type { KubeObject } from './types.js';

type Lookup =
  | { readonly kind: 'found'; readonly value: unknown }
  | { readonly kind: 'missing' }
  | { readonly kind: 'blocked'; readonly at: string; readonly value: unknown };

function lookup(object: KubeObject, path: string): Lookup {
  let current: unknown = object;
  const segments = path.split('.');
  for (const [i, segment] of segments.entries()) {
    if (!isMapping(current)) return { kind: 'blocked', at: segments.slice(0, i).join('.'), value: current };
    if (!Object.hasOwn(current, segment)) return { kind: 'missing' };
    current = current[segment];
  }
  return { kind: 'found', value: current };
}

/** A short description of a value's JSON type, for error messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return `a ${typeof value}`;
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** The integer at `path`, or `fallback` when it is absent or not an integer (kstatus's GetIntField). */
export function intField(object: KubeObject, path: string, fallback: number): number {
  const found = lookup(object, path);
  return found.kind === 'found' && isInteger(found.value) ? found.value : fallback;
}

/** The string at `path`, or `fallback` when it is absent or not a string (kstatus's GetStringField). */
export function stringField(object: KubeObject, path: string, fallback: string): string {
  const found = lookup(object, path);
  return found.kind === 'found' && typeof found.value === 'string' ? found.value : fallback;
}

/** The boolean at `path`, or `fallback` when it is absent or not a boolean (kstatus's GetBoolField). */
export function boolField(object: KubeObject, path: string, fallback: boolean): boolean {
  const found = lookup(object, path);
  return found.kind === 'found' && typeof found.value === 'boolean' ? found.value : fallback;
}

function strictField(object: KubeObject, path: string, subject: string): Lookup {
  const found = lookup(object, path);
  if (found.kind === 'blocked') {
    const problem = `must be a mapping to hold ${path}, got ${describeType(found.value)}`;
    throw new InvalidObjectError(subject, found.at, problem);
  }
  return found;
}

/**
 * The integer at `path`, `undefined` when absent; throws {@link InvalidObjectError} when the field or a parent of
 * it has the wrong type. Use it where kstatus uses unstructured.NestedInt64 and fails on bad data.
 */
export function strictIntField(object: KubeObject, path: string, subject: string): number | undefined {
  const found = strictField(object, path, subject);
  if (found.kind !== 'found') return undefined;
  if (!isInteger(found.value)) {
    throw new InvalidObjectError(subject, path, `must be an integer, got ${describeType(found.value)}`);
  }
  return found.value;
}

/** Like {@link strictIntField} for strings (kstatus's unstructured.NestedString). */
export function strictStringField(object: KubeObject, path: string, subject: string): string | undefined {
  const found = strictField(object, path, subject);
  if (found.kind !== 'found') return undefined;
  if (typeof found.value !== 'string') {
    throw new InvalidObjectError(subject, path, `must be a string, got ${describeType(found.value)}`);
  }
  return found.value;
}

/**
 * The list at `path`, `undefined` when absent or null; throws {@link InvalidObjectError} when it is not a list.
 */
export function strictListField(object: KubeObject, path: string, subject: string): readonly unknown[] | undefined {
  const found = strictField(object, path, subject);
  if (found.kind !== 'found' || found.value === null) return undefined;
  if (!Array.isArray(found.value)) {
    throw new InvalidObjectError(subject, path, `must be a list, got ${describeType(found.value)}`);
  }
  return found.value;
}
