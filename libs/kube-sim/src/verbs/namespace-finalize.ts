/** `PUT /api/v1/namespaces/<name>/finalize`: replaces only `spec.finalizers` (what the namespace controller uses). */
import type { ApiCore, VerbResult, WriteOptions } from '../api/context.js';
import { badRequest } from '../api/status.js';
import { deepClone, isJsonObject, type JsonObject, type JsonValue } from '../json.js';
import type { ResourceDef } from '../registry/resource.js';
import { checkNameMatches, getExisting, metaOf } from './common.js';
import { updateObject } from './write.js';

/** Sets the namespace's `spec.finalizers` from `body`; removes the namespace when nothing holds it any more. */
export function finalizeNamespaceVerb(core: ApiCore, def: ResourceDef, name: string, body: JsonValue, opts: WriteOptions): VerbResult {
  if (!isJsonObject(body)) throw badRequest('Namespace in version "v1" cannot be handled as a Namespace: the body is not an object');
  checkNameMatches(body, name);
  const old = getExisting(core, def, '', name);
  const next = deepClone(old);
  const spec: JsonObject = isJsonObject(next.spec) ? next.spec : {};
  const finalizers = isJsonObject(body.spec) ? body.spec.finalizers : undefined;
  if (Array.isArray(finalizers) && finalizers.length > 0) spec.finalizers = finalizers;
  else delete spec.finalizers;
  next.spec = spec;
  const rv = metaOf(body).resourceVersion;
  if (typeof rv === 'string' && rv !== '') metaOf(next).resourceVersion = rv;
  else delete metaOf(next).resourceVersion;
  return updateObject(core, def, old, next, opts, { applied: false, subresource: 'finalize', warnings: [] });
}
