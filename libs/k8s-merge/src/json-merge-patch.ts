import { cloneJson, isJsonObject, ownValue, setOwn, type JsonObject, type JsonValue } from './json.js';

/**
 * Applies an RFC 7386 JSON merge patch to `target` (undefined when there is none) and returns the result.
 * Call it for `application/merge-patch+json` requests and wherever the schema gives no merge strategy. Objects merge
 * key by key, `null` removes a key, anything else (arrays included) replaces. Never mutates its inputs.
 */
export function jsonMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const result: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete result[name];
    else setOwn(result, name, jsonMergePatch(ownValue(result, name), value));
  }
  return isJsonObject(target) ? cloneUntouched(result, patch) : result;
}

/** Deep-copies the values the patch did not touch, so the result shares nothing with the target. */
function cloneUntouched(result: JsonObject, patch: JsonObject): JsonObject {
  for (const key of Object.keys(result)) {
    if (!Object.hasOwn(patch, key)) setOwn(result, key, cloneJson(result[key]!));
  }
  return result;
}
