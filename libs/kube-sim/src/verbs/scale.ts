/**
 * The `scale` subresource: an autoscaling/v1 Scale view of a workload's (or custom resource's) replicas, read and
 * written through the same write pipeline as the object itself.
 */
import type { ApiCore, VerbResult, WriteOptions } from '../api/context.js';
import { formatLabelSelector, labelSelectorFromObject } from '../api/selectors.js';
import { badRequest } from '../api/status.js';
import { deepClone, isJsonObject, objectAt, valueAtPath, type JsonObject, type JsonValue } from '../json.js';
import type { ResourceDef } from '../registry/resource.js';
import { checkNameMatches, getExisting, metaOf, storedMeta } from './common.js';
import { PatchType, applyPatchDocument } from './mutate.js';
import { updateObject } from './write.js';

function pathOf(jsonPath: string): string[] {
  return jsonPath.replace(/^\./, '').split('.').filter(Boolean);
}

interface ScaleFields {
  readonly specReplicas: string[];
  readonly statusReplicas: string[];
  readonly selector: (obj: JsonObject) => string;
}

function fieldsOf(def: ResourceDef): ScaleFields {
  const scale = def.custom?.scale;
  if (scale) {
    const selectorPath = scale.labelSelectorPath;
    return {
      specReplicas: pathOf(scale.specReplicasPath),
      statusReplicas: pathOf(scale.statusReplicasPath),
      selector: (obj) => {
        const v = selectorPath ? valueAtPath(obj, pathOf(selectorPath)) : undefined;
        return typeof v === 'string' ? v : '';
      },
    };
  }
  return {
    specReplicas: ['spec', 'replicas'],
    statusReplicas: ['status', 'replicas'],
    selector: (obj) => formatLabelSelector(labelSelectorFromObject(objectAt(obj, 'spec')?.selector) ?? []),
  };
}

/** The Scale object of a stored object. */
export function scaleOf(def: ResourceDef, obj: JsonObject): JsonObject {
  const f = fieldsOf(def);
  const meta = storedMeta(obj);
  const metadata: JsonObject = { name: meta.name ?? '', uid: meta.uid ?? '', resourceVersion: meta.resourceVersion ?? '', creationTimestamp: meta.creationTimestamp ?? null };
  if (meta.namespace !== undefined) metadata.namespace = meta.namespace;
  const specReplicas = valueAtPath(obj, f.specReplicas);
  const statusReplicas = valueAtPath(obj, f.statusReplicas);
  const status: JsonObject = { replicas: typeof statusReplicas === 'number' ? statusReplicas : 0 };
  const selector = f.selector(obj);
  if (selector) status.selector = selector;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: typeof specReplicas === 'number' ? { replicas: specReplicas } : {},
    status,
  };
}

/** GET of `<resource>/<name>/scale`. */
export function getScaleVerb(core: ApiCore, def: ResourceDef, namespace: string, name: string): JsonObject {
  return scaleOf(def, getExisting(core, def, namespace, name));
}

function setAt(obj: JsonObject, path: readonly string[], value: JsonValue): void {
  let cur = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const next = cur[path[i]!];
    if (!isJsonObject(next)) cur[path[i]!] = {};
    cur = cur[path[i]!] as JsonObject;
  }
  cur[path[path.length - 1]!] = value;
}

/** Writes a Scale (from PUT, or the result of patching the current Scale) back into the object. */
function writeScale(core: ApiCore, def: ResourceDef, old: JsonObject, scale: JsonValue, opts: WriteOptions): VerbResult {
  if (!isJsonObject(scale)) throw badRequest('Scale in version "v1" cannot be handled as a Scale: the body is not an object');
  const replicas = objectAt(scale, 'spec')?.replicas;
  if (replicas !== undefined && (typeof replicas !== 'number' || !Number.isInteger(replicas))) {
    throw badRequest(`Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${typeof replicas} into Go struct field ScaleSpec.spec.replicas of type int32`);
  }
  checkNameMatches(scale, String(storedMeta(old).name));
  const next = deepClone(old);
  setAt(next, fieldsOf(def).specReplicas, replicas ?? 0);
  const rv = metaOf(scale).resourceVersion;
  const meta = metaOf(next);
  if (typeof rv === 'string' && rv !== '') meta.resourceVersion = rv;
  else delete meta.resourceVersion;
  const result = updateObject(core, def, old, next, opts, { applied: false, subresource: 'scale', warnings: [] });
  const stored = core.store.get(def.storageKey, String(meta.namespace ?? ''), String(meta.name)) ?? result.body;
  return { ...result, body: scaleOf(def, opts.dryRun ? result.body : stored) };
}

/** PUT of `<resource>/<name>/scale`. */
export function updateScaleVerb(core: ApiCore, def: ResourceDef, namespace: string, name: string, body: JsonValue, opts: WriteOptions): VerbResult {
  return writeScale(core, def, getExisting(core, def, namespace, name), body, opts);
}

/** PATCH of `<resource>/<name>/scale` with a JSON, merge or strategic merge patch (merge semantics for Scale). */
export function patchScaleVerb(core: ApiCore, def: ResourceDef, namespace: string, name: string, type: PatchType, patch: JsonValue, opts: WriteOptions): VerbResult {
  const old = getExisting(core, def, namespace, name);
  if (type === PatchType.Apply) throw badRequest('server-side apply of the scale subresource is not supported by this server');
  const patched = applyPatchDocument(core, type, scaleOf(def, old), patch, undefined);
  const setsVersion = isJsonObject(patch) && isJsonObject(patch.metadata) && patch.metadata.resourceVersion !== undefined;
  if (isJsonObject(patched) && isJsonObject(patched.metadata) && !setsVersion) delete patched.metadata.resourceVersion;
  return writeScale(core, def, old, patched, opts);
}
