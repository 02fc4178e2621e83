import assert from 'node:assert/strict';
import type { FieldSchema } from '@sluice/k8s-schema';
import { serverSideApply, trackUpdate, type ApplyOptions, type JsonObject, type ManagedFieldsEntry } from '../src/index.js';

/** Fixed request times, one per step of a scenario. */
export const T = ['2024-05-01T10:00:00Z', '2024-05-01T10:01:00Z', '2024-05-01T10:02:00Z', '2024-05-01T10:03:00Z', '2024-05-01T10:04:00Z'] as const;

/** Applies and asserts success, returning the object. */
export function applyOk(live: JsonObject | undefined, config: JsonObject, opts: Partial<ApplyOptions> & { schema: FieldSchema | undefined }): JsonObject {
  const result = serverSideApply(live, config, { manager: 'kubectl', force: false, apiVersion: 'apps/v1', now: T[0], ...opts });
  if (!result.ok) assert.fail(`apply conflicted: ${result.message}`);
  return result.object;
}

/** Records an update by `manager` and returns the object. */
export function update(previous: JsonObject | undefined, next: JsonObject, manager: string, schema: FieldSchema | undefined, now: string = T[1]): JsonObject {
  return trackUpdate(previous, next, { manager, apiVersion: 'apps/v1', now, schema });
}

/** The managedFields entries of an object. */
export function entries(obj: JsonObject): ManagedFieldsEntry[] {
  return ((obj.metadata as JsonObject).managedFields ?? []) as unknown as ManagedFieldsEntry[];
}

/** The entry of `manager`, failing when there is none. */
export function entryOf(obj: JsonObject, manager: string): ManagedFieldsEntry {
  const entry = entries(obj).find((e) => e.manager === manager);
  if (!entry) assert.fail(`no managedFields entry for ${manager}: ${JSON.stringify(entries(obj))}`);
  return entry;
}

/** A copy of `obj` with a value set at a dotted path (objects created on the way). */
export function withValue(obj: JsonObject, path: string, value: unknown): JsonObject {
  const copy = structuredClone(obj);
  const keys = path.split('.');
  let node = copy as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
  if (value === undefined) delete node[keys[keys.length - 1]!];
  else node[keys[keys.length - 1]!] = value;
  return copy;
}
