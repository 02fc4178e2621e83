/**
 * The merge algorithms the server needs (patches, server-side apply, managedFields tracking), as one seam.
 * They come from `@sluice/k8s-merge`; this module adapts its functions to the server and is the one place that
 * knows where they live.
 */
import { applyJsonPatch, jsonMergePatch, serverSideApply, strategicMergePatch, trackUpdate } from '@sluice/k8s-merge';
import type { FieldSchema } from '@sluice/k8s-schema';
import type { JsonObject, JsonValue } from './json.js';

/** A field another manager owns that an apply would change. */
export interface MergeConflict {
  readonly manager: string;
  readonly field: string;
}

/** Options of a server-side apply, as `@sluice/k8s-merge` takes them. */
export interface ApplyCall {
  readonly manager: string;
  readonly force: boolean;
  readonly apiVersion: string;
  readonly now: string;
  readonly schema: FieldSchema | undefined;
  readonly subresource?: string;
  /** False for custom resources without a status subresource, whose `status` is an ordinary field. */
  readonly statusSubresource: boolean;
}

/** Options of managedFields tracking for a non-apply write. */
export interface UpdateCall {
  readonly manager: string;
  readonly apiVersion: string;
  readonly now: string;
  readonly schema: FieldSchema | undefined;
  readonly subresource?: string;
  /** False for custom resources without a status subresource. */
  readonly statusSubresource: boolean;
}

/** The result of a server-side apply. */
export type ApplyOutcome =
  | { readonly ok: true; readonly object: JsonObject }
  | { readonly ok: false; readonly conflicts: readonly MergeConflict[]; readonly message: string };

/** Everything the verbs need from the merge library. */
export interface MergeEngine {
  jsonMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue;
  applyJsonPatch(doc: JsonValue, operations: unknown): JsonValue;
  strategicMergePatch(original: JsonObject, patch: JsonObject, schema: FieldSchema | undefined): JsonObject;
  serverSideApply(live: JsonObject | undefined, applied: JsonObject, opts: ApplyCall): ApplyOutcome;
  trackUpdate(previous: JsonObject | undefined, next: JsonObject, opts: UpdateCall): JsonObject;
}

/** The engine backed by `@sluice/k8s-merge`, which every server uses unless a test substitutes another. */
export const k8sMergeEngine: MergeEngine = {
  jsonMergePatch,
  applyJsonPatch,
  strategicMergePatch,
  serverSideApply: (live, applied, opts) => serverSideApply(live, applied, { ...opts }),
  trackUpdate: (previous, next, opts) => trackUpdate(previous, next, { ...opts }),
};
