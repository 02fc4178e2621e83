/**
 * The create-only review resources: SelfSubjectAccessReview and SubjectAccessReview (what `kubectl auth can-i`
 * asks), LocalSubjectAccessReview, SelfSubjectRulesReview (`can-i --list`), SelfSubjectReview (`auth whoami`)
 * and TokenReview. Nothing is stored; the answer is the request with a status.
 */
import type { UserInfo, VerbResult } from '../api/context.js';
import { badRequest } from '../api/status.js';
import { isJsonObject, objectAt, stringAt, type JsonObject, type JsonValue } from '../json.js';
import type { ResourceDef } from '../registry/resource.js';
import type { Store } from '../storage/store.js';
import { authorize, rulesFor, type Attributes } from './rbac.js';
import { SUPERUSER_GROUP, userWithGroups, type Authenticator } from './users.js';

function attributesOf(spec: JsonObject, user: UserInfo, namespace: string | undefined): Attributes {
  const ra = objectAt(spec, 'resourceAttributes');
  if (ra) {
    return {
      user,
      verb: stringAt(ra, 'verb') ?? '',
      resourceRequest: true,
      group: stringAt(ra, 'group') ?? '',
      resource: stringAt(ra, 'resource') ?? '',
      subresource: stringAt(ra, 'subresource') ?? '',
      namespace: namespace ?? stringAt(ra, 'namespace') ?? '',
      name: stringAt(ra, 'name') ?? '',
      path: '',
    };
  }
  const nra = objectAt(spec, 'nonResourceAttributes') ?? {};
  return { user, verb: stringAt(nra, 'verb') ?? '', resourceRequest: false, group: '', resource: '', subresource: '', namespace: '', name: '', path: stringAt(nra, 'path') ?? '' };
}

function reviewedUser(spec: JsonObject): UserInfo {
  const groups = Array.isArray(spec.groups) ? spec.groups.filter((g): g is string => typeof g === 'string') : [];
  return { name: stringAt(spec, 'user') ?? '', uid: stringAt(spec, 'uid') ?? '', groups, extra: {} };
}

function requireSpec(body: JsonObject, kind: string): JsonObject {
  const spec = objectAt(body, 'spec');
  if (!spec) throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: spec is required`);
  if (kind.endsWith('AccessReview') && !objectAt(spec, 'resourceAttributes') && !objectAt(spec, 'nonResourceAttributes')) {
    throw badRequest(`${kind}.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified`);
  }
  return spec;
}

function accessReview(store: Store, body: JsonObject, user: UserInfo, kind: string, namespace: string | undefined): JsonObject {
  const spec = requireSpec(body, kind);
  const subject = kind === 'SelfSubjectAccessReview' ? user : reviewedUser(spec);
  const decision = authorize(store, attributesOf(spec, subject, namespace));
  const status: JsonObject = { allowed: decision.allowed };
  if (decision.reason) status.reason = decision.reason;
  return { ...body, status };
}

function rulesReview(store: Store, body: JsonObject, user: UserInfo): JsonObject {
  const spec = objectAt(body, 'spec') ?? {};
  const namespace = stringAt(spec, 'namespace') ?? '';
  const rules = user.groups.includes(SUPERUSER_GROUP)
    ? [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['*'], nonResourceURLs: ['*'] }]
    : rulesFor(store, user, namespace);
  const resourceRules: JsonValue[] = [];
  const nonResourceRules: JsonValue[] = [];
  for (const r of rules) {
    if (Array.isArray(r.nonResourceURLs)) nonResourceRules.push({ verbs: r.verbs ?? [], nonResourceURLs: r.nonResourceURLs });
    else resourceRules.push({ verbs: r.verbs ?? [], apiGroups: r.apiGroups ?? [], resources: r.resources ?? [], ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}) });
  }
  return { ...body, status: { resourceRules, nonResourceRules, incomplete: false } };
}

function userInfoJson(u: UserInfo): JsonObject {
  const out: JsonObject = { username: u.name, groups: [...u.groups] };
  if (u.uid) out.uid = u.uid;
  if (Object.keys(u.extra).length > 0) out.extra = Object.fromEntries(Object.entries(u.extra).map(([k, v]) => [k, [...v]]));
  return out;
}

/** Answers a create on a review resource; `namespace` is set for LocalSubjectAccessReview. */
export function reviewVerb(store: Store, authn: Authenticator, def: ResourceDef, namespace: string, body: JsonValue, user: UserInfo): VerbResult {
  if (!isJsonObject(body)) throw badRequest(`${def.kind} in version "v1" cannot be handled as a ${def.kind}: the body is not an object`);
  const base: JsonObject = { ...body, apiVersion: `${def.group}/${def.version}`, kind: def.kind, metadata: isJsonObject(body.metadata) ? body.metadata : {} };
  let answer: JsonObject;
  switch (def.kind) {
    case 'SelfSubjectAccessReview':
    case 'SubjectAccessReview':
      answer = accessReview(store, base, user, def.kind, undefined);
      break;
    case 'LocalSubjectAccessReview':
      answer = accessReview(store, base, user, def.kind, namespace);
      break;
    case 'SelfSubjectRulesReview':
      answer = rulesReview(store, base, user);
      break;
    case 'SelfSubjectReview':
      answer = { ...base, status: { userInfo: userInfoJson(user) } };
      break;
    default: {
      const token = stringAt(objectAt(base, 'spec'), 'token') ?? '';
      const found = authn.userOfToken(token);
      answer = { ...base, status: found ? { authenticated: true, user: userInfoJson(userWithGroups(found.name, found.groups)) } : { authenticated: false } };
    }
  }
  return { code: 201, body: answer, warnings: [] };
}
