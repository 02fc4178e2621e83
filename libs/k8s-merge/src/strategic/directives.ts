import { StrategicMergePatchError } from '../errors.js';
import { isJsonObject, jsonKind, type JsonObject, type JsonValue } from '../json.js';

/** The strategic-merge-patch directive keys and values apimachinery understands. */
export const Directive = {
  patch: '$patch',
  retainKeys: '$retainKeys',
  setElementOrderPrefix: '$setElementOrder',
  deleteFromPrimitiveListPrefix: '$deleteFromPrimitiveList',
  delete: 'delete',
  replace: 'replace',
  merge: 'merge',
} as const;

/** A field's `x-kubernetes-patch-strategy` split into its list/map strategy and the retainKeys flag. */
export interface PatchStrategy {
  /** `merge`, `replace` or `''` (JSON-merge semantics: maps merge, lists replace). */
  readonly strategy: string;
  /** True when `retainKeys` is among the strategies. */
  readonly retainKeys: boolean;
}

/** Splits a raw patch strategy (`merge`, `retainKeys`, `merge,retainKeys`) the way apimachinery does. */
export function parsePatchStrategy(raw: string | undefined, field: string): PatchStrategy {
  const parts = raw === undefined || raw === '' ? [] : raw.split(',');
  if (parts.length === 0) return { strategy: '', retainKeys: false };
  if (parts.length === 1) return parts[0] === 'retainKeys' ? { strategy: '', retainKeys: true } : { strategy: parts[0]!, retainKeys: false };
  if (parts.length === 2 && parts.includes('retainKeys')) return { strategy: parts.find((p) => p !== 'retainKeys')!, retainKeys: true };
  throw new StrategicMergePatchError(field, `unexpected patch strategy: ${raw}`);
}

/** True for keys that carry a directive rather than data. */
export function isDirectiveKey(key: string): boolean {
  return key === Directive.patch || key === Directive.retainKeys || key.startsWith(Directive.setElementOrderPrefix) || key.startsWith(Directive.deleteFromPrimitiveListPrefix);
}

/**
 * apimachinery's `removeDirectives`, for patch values that land where the original has nothing: a map holding
 * `$patch` is dropped entirely (returns undefined), list elements holding it are dropped. The remaining directive
 * keys (`$setElementOrder/...`, `$retainKeys`, ...) are removed too, as decoding into the typed object would.
 */
export function removeDirectives(value: JsonValue): JsonValue | undefined {
  if (Array.isArray(value)) return value.flatMap((item) => {
    const kept = removeDirectives(item);
    return kept === undefined ? [] : [kept];
  });
  if (!isJsonObject(value)) return value;
  if (Object.hasOwn(value, Directive.patch)) return undefined;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (isDirectiveKey(k)) continue;
    const kept = removeDirectives(v);
    if (kept !== undefined) out[k] = kept;
  }
  return out;
}

/** Removes directive keys at every depth but keeps the maps that held them (what typed decoding does). */
export function stripDirectiveKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(stripDirectiveKeys);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (!isDirectiveKey(k)) out[k] = stripDirectiveKeys(v);
  return out;
}

/** Removes null-valued keys at every depth (apimachinery's `discardNullValuesFromPatch`). */
export function discardNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(discardNulls);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = discardNulls(v);
  return out;
}

/** The list key for a `$setElementOrder/<key>` or `$deleteFromPrimitiveList/<key>` directive. */
export function directiveTarget(key: string, prefix: string, field: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    const what = prefix === Directive.setElementOrderPrefix ? 'setElementOrder list' : 'primitive list';
    throw new StrategicMergePatchError(field, `invalid patch format of ${what}: ${JSON.stringify(key)}`);
  }
  return key.slice(slash + 1);
}

/** Short JSON rendering of a value for error messages. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** apimachinery's ErrNoMergeKey. */
export function noMergeKey(field: string, element: JsonValue, mergeKey: string): StrategicMergePatchError {
  return new StrategicMergePatchError(field, `map: ${show(element)} does not contain declared merge key: ${mergeKey}`);
}

/** apimachinery's ErrBadArgType. */
export function badArgType(field: string, expected: string, actual: unknown): StrategicMergePatchError {
  return new StrategicMergePatchError(field, `expected a ${expected}, but received a ${jsonKind(actual)}`);
}

/** Dotted child path for error messages: `spec.containers`, `spec.containers[2]`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}
