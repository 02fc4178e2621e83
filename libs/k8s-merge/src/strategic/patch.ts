import type { FieldSchema } from '@sluice/k8s-schema';
import { StrategicMergePatchError } from '../errors.js';
import { cloneJson, isJsonObject, jsonKind, type JsonObject } from '../json.js';
import { mergeMap } from './merge-map.js';

/**
 * Applies a strategic merge patch (`application/strategic-merge-patch+json`) with apimachinery's semantics
 * (k8s.io/apimachinery/pkg/util/strategicpatch, StrategicMergeMapPatch): lists whose schema strategy is `merge`
 * merge by `patchMergeKey` (primitives as sets), others are replaced; maps merge key by key; `null` deletes; the
 * directives `$patch` (`replace`, `delete`), `$retainKeys`, `$setElementOrder/<list>` and
 * `$deleteFromPrimitiveList/<list>` apply; merged lists are ordered as the API server orders them. Where the
 * schema is undefined or says nothing, maps merge and lists are replaced (JSON merge semantics) while directives
 * still apply. Throws {@link StrategicMergePatchError} naming the field for malformed patches; never mutates inputs.
 */
export function strategicMergePatch(original: JsonObject, patch: JsonObject, schema: FieldSchema | undefined): JsonObject {
  if (!isJsonObject(patch)) throw new StrategicMergePatchError('', `the patch must be a JSON object, got ${jsonKind(patch)}`);
  const base = isJsonObject(original) ? cloneJson(original) : {};
  return mergeMap('', base, cloneJson(patch), schema);
}
