/** get and list: label and field selectors, limit/continue pagination, resourceVersion semantics. */
import type { ApiCore } from '../api/context.js';
import { checkFieldSelector, fieldValue } from '../api/field-selectors.js';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, type FieldRequirement, type LabelSelector } from '../api/selectors.js';
import { FieldErrorType, OMIT_VALUE, badRequest, expired, fieldError, invalid, tooLargeResourceVersion } from '../api/status.js';
import { isJsonObject, type JsonObject } from '../json.js';
import { objectKey } from '../storage/store.js';
import { apiVersionOf, type ResourceDef } from '../registry/resource.js';
import { getExisting, toVersion } from './common.js';

/** GET of one object, served at the requested version. */
export function getVerb(core: ApiCore, def: ResourceDef, namespace: string, name: string): JsonObject {
  return toVersion(def, getExisting(core, def, namespace, name));
}

/** Query parameters of list and watch. */
export interface ListQuery {
  readonly labelSelector: LabelSelector;
  readonly fieldSelector: readonly FieldRequirement[];
  readonly limit: number | undefined;
  readonly continueToken: string | undefined;
  readonly resourceVersion: string | undefined;
  readonly resourceVersionMatch: string | undefined;
}

function parseLimit(raw: string | null): number | undefined {
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
  const n = Number(raw);
  return n > 0 ? n : undefined;
}

/** Parses and validates list/watch parameters (400 for malformed selectors or numbers, 422 for bad combinations). */
export function parseListQuery(def: ResourceDef, q: URLSearchParams, watch = false): ListQuery {
  const fieldSelector = parseFieldSelector(q.get('fieldSelector') ?? '');
  checkFieldSelector(def, fieldSelector);
  const resourceVersion = q.get('resourceVersion') ?? undefined;
  if (resourceVersion !== undefined && resourceVersion !== '' && !/^\d+$/.test(resourceVersion)) {
    throw badRequest(`invalid resource version ${JSON.stringify(resourceVersion)}: must be an unsigned integer`);
  }
  const query: ListQuery = {
    labelSelector: parseLabelSelector(q.get('labelSelector') ?? ''),
    fieldSelector,
    limit: parseLimit(q.get('limit')),
    continueToken: q.get('continue') || undefined,
    resourceVersion: resourceVersion || undefined,
    resourceVersionMatch: q.get('resourceVersionMatch') || undefined,
  };
  checkListOptions(query, watch && q.get('sendInitialEvents') === 'true');
  return query;
}

function checkListOptions(q: ListQuery, watchList: boolean): void {
  const errs = [];
  if (q.resourceVersionMatch !== undefined) {
    if (q.resourceVersion === undefined && !watchList) errs.push(fieldError(FieldErrorType.Forbidden, 'resourceVersionMatch', OMIT_VALUE, 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if (!['Exact', 'NotOlderThan'].includes(q.resourceVersionMatch)) errs.push(fieldError(FieldErrorType.NotSupported, 'resourceVersionMatch', q.resourceVersionMatch, 'supported values: "Exact", "NotOlderThan"'));
  }
  if (q.continueToken !== undefined && q.resourceVersion !== undefined && q.resourceVersion !== '0') {
    errs.push(fieldError(FieldErrorType.Forbidden, 'resourceVersion', OMIT_VALUE, 'specifying resource version is not allowed when using continue'));
  }
  if (errs.length > 0) throw invalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', errs);
}

/** True when `obj` matches the query's selectors. */
export function matchesQuery(q: Pick<ListQuery, 'labelSelector' | 'fieldSelector'>, obj: JsonObject): boolean {
  const meta = obj.metadata as JsonObject;
  if (q.labelSelector.length > 0 && !matchesLabels(q.labelSelector, isJsonObject(meta.labels) ? meta.labels : undefined)) return false;
  if (q.fieldSelector.length > 0 && !matchesFields(q.fieldSelector, (f) => fieldValue(obj, f))) return false;
  return true;
}

interface ContinueToken { readonly rv: number; readonly start: string }

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64');
}

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (isJsonObject(parsed) && typeof parsed.rv === 'number' && typeof parsed.start === 'string') return { rv: parsed.rv, start: parsed.start };
  } catch {
    // falls through to the error below
  }
  throw badRequest('continue key is not valid: continue key is not valid');
}

function checkResourceVersion(core: ApiCore, q: ListQuery): void {
  if (q.resourceVersion === undefined || q.resourceVersion === '0') return;
  const rv = Number(q.resourceVersion);
  if (rv > core.store.revision) throw tooLargeResourceVersion(rv, core.store.revision);
  if (q.resourceVersionMatch === 'Exact' && rv !== core.store.revision) {
    throw expired(`too old resource version: ${rv} (${core.store.revision})`);
  }
}

/** The list response before serialization: the items and the list metadata. */
export interface ListResult {
  readonly apiVersion: string;
  readonly kind: string;
  readonly resourceVersion: string;
  readonly continueToken: string | undefined;
  readonly remainingItemCount: number | undefined;
  readonly items: readonly JsonObject[];
}

/** LIST of a resource (in one namespace or all): filtered, paginated, at the current revision. */
export function listVerb(core: ApiCore, def: ResourceDef, namespace: string | undefined, q: ListQuery): ListResult {
  checkResourceVersion(core, q);
  const token = q.continueToken === undefined ? undefined : decodeContinue(q.continueToken);
  const rv = token?.rv ?? core.store.revision;
  const all = core.store.list(def.storageKey, def.namespaced ? namespace : undefined);
  const items: JsonObject[] = [];
  let remaining = 0;
  let next: string | undefined;
  for (const obj of all) {
    const meta = obj.metadata as JsonObject;
    if (token && objectKey(String(meta.namespace ?? ''), String(meta.name)) <= token.start) continue;
    if (!matchesQuery(q, obj)) continue;
    if (q.limit !== undefined && items.length >= q.limit) {
      remaining++;
      continue;
    }
    items.push(toVersion(def, obj));
  }
  if (remaining > 0) {
    const last = items[items.length - 1]!.metadata as JsonObject;
    next = encodeContinue(rv, objectKey(String(last.namespace ?? ''), String(last.name)));
  }
  return {
    apiVersion: apiVersionOf(def),
    kind: def.listKind,
    resourceVersion: String(rv),
    continueToken: next,
    remainingItemCount: next && (q.labelSelector.length === 0 && q.fieldSelector.length === 0) ? remaining : undefined,
    items,
  };
}
