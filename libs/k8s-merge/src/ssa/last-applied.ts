import type { FieldSchema } from '@sluice/k8s-schema';
import { goJson } from '../go-json.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import { compareObjects } from './compare.js';
import { FieldSet } from './field-set.js';
import { toFieldSet } from './to-field-set.js';

/** The annotation client-side `kubectl apply` keeps the last applied configuration in. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** The field manager whose applies the API server reconciles with client-side apply's annotation. */
export const KUBECTL_MANAGER = 'kubectl';

function lastAppliedOf(obj: JsonObject): string | undefined {
  const annotations = isJsonObject(obj.metadata) ? obj.metadata.annotations : undefined;
  const value = isJsonObject(annotations) ? annotations[LAST_APPLIED_ANNOTATION] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The API server's lastAppliedManager: the fields `kubectl apply --server-side` may take over without conflict
 * from an object managed by client-side apply, those of the last-applied annotation whose values the live object
 * still holds. Empty when there is no usable annotation (missing, unparseable, another API version).
 */
export function fieldsAllowedByLastApplied(live: JsonObject, apiVersion: string, schema: FieldSchema | undefined): FieldSet {
  const text = lastAppliedOf(live);
  if (text === undefined) return FieldSet.empty();
  let last: JsonValue;
  try {
    last = JSON.parse(text) as JsonValue;
  } catch {
    return FieldSet.empty();
  }
  if (!isJsonObject(last) || last.apiVersion !== apiVersion) return FieldSet.empty();
  const sink = { errors: [] as string[] };
  const set = toFieldSet(last, schema, sink);
  if (sink.errors.length > 0) return FieldSet.empty();
  const diff = compareObjects(last, live, schema);
  return set.difference(diff.modified).difference(diff.added).difference(diff.removed);
}

/**
 * The API server's lastAppliedUpdater: after `kubectl apply --server-side`, an object that carries the last-applied
 * annotation gets it rewritten to the applied configuration (Go JSON, keys sorted, newline-terminated), so a later
 * client-side apply starts from it.
 */
export function syncLastApplied(object: JsonObject, applied: JsonObject): JsonObject {
  if (lastAppliedOf(object) === undefined) return object;
  const config = structuredClone(applied);
  if (isJsonObject(config.metadata) && isJsonObject(config.metadata.annotations)) {
    const annotations = { ...config.metadata.annotations };
    delete annotations[LAST_APPLIED_ANNOTATION];
    if (Object.keys(annotations).length === 0) delete config.metadata.annotations;
    else config.metadata.annotations = annotations;
  }
  const metadata = object.metadata as JsonObject;
  const annotations = { ...(metadata.annotations as JsonObject), [LAST_APPLIED_ANNOTATION]: `${goJson(config)}\n` };
  return { ...object, metadata: { ...metadata, annotations } };
}
