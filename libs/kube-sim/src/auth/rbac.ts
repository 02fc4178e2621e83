/**
 * RBAC authorization, evaluated from the Roles, ClusterRoles and their bindings in the store, as the real
 * server's RBAC authorizer does (no aggregation). Pure over the store; no caching, so grants apply at once.
 */
import type { UserInfo } from '../api/context.js';
import { isJsonObject, objectAt, stringAt, type JsonObject } from '../json.js';
import type { Store } from '../storage/store.js';
import { SUPERUSER_GROUP } from './users.js';

/** What a request wants to do, as RBAC sees it. */
export interface Attributes {
  readonly user: UserInfo;
  readonly verb: string;
  readonly resourceRequest: boolean;
  readonly group: string;
  readonly resource: string;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  /** The URL path of a non-resource request. */
  readonly path: string;
}

/** The decision and, when allowed, which binding allowed it. */
export interface Decision {
  readonly allowed: boolean;
  readonly reason: string;
}

const RBAC = 'rbac.authorization.k8s.io';

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

function subjectMatches(subject: JsonObject, user: UserInfo, bindingNamespace: string): boolean {
  const kind = stringAt(subject, 'kind');
  const name = stringAt(subject, 'name');
  if (kind === 'User') return name === user.name;
  if (kind === 'Group') return name !== undefined && user.groups.includes(name);
  if (kind === 'ServiceAccount') {
    const ns = stringAt(subject, 'namespace') ?? bindingNamespace;
    return user.name === `system:serviceaccount:${ns}:${name ?? ''}`;
  }
  return false;
}

function bindsUser(binding: JsonObject, user: UserInfo): boolean {
  const ns = stringAt(objectAt(binding, 'metadata'), 'namespace') ?? '';
  const subjects = binding.subjects;
  return Array.isArray(subjects) && subjects.some((s) => isJsonObject(s) && subjectMatches(s, user, ns));
}

function resourceMatches(rule: JsonObject, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of strings(rule.resources)) {
    if (r === '*' || r === combined) return true;
    if (subresource && r === `*/${subresource}`) return true;
  }
  return false;
}

function verbMatches(rule: JsonObject, verb: string): boolean {
  const verbs = strings(rule.verbs);
  return verbs.includes('*') || verbs.includes(verb);
}

function urlMatches(rule: JsonObject, path: string): boolean {
  for (const u of strings(rule.nonResourceURLs)) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.slice(0, -1))) return true;
  }
  return false;
}

/** True when one PolicyRule allows the request. */
export function ruleAllows(rule: JsonObject, a: Omit<Attributes, 'user'>): boolean {
  if (!verbMatches(rule, a.verb)) return false;
  if (!a.resourceRequest) return urlMatches(rule, a.path);
  const groups = strings(rule.apiGroups);
  if (!groups.includes('*') && !groups.includes(a.group)) return false;
  if (!resourceMatches(rule, a.resource, a.subresource)) return false;
  const names = strings(rule.resourceNames);
  return names.length === 0 || (a.name !== '' && names.includes(a.name));
}

/** The rules of the role a binding refers to (empty when it does not exist). */
function rulesOf(store: Store, binding: JsonObject): JsonObject[] {
  const ref = objectAt(binding, 'roleRef');
  if (!ref || stringAt(ref, 'apiGroup') !== RBAC) return [];
  const name = stringAt(ref, 'name') ?? '';
  const ns = stringAt(objectAt(binding, 'metadata'), 'namespace') ?? '';
  const role = stringAt(ref, 'kind') === 'ClusterRole' ? store.get(`${RBAC}/clusterroles`, '', name) : store.get(`${RBAC}/roles`, ns, name);
  const rules = role?.rules;
  return Array.isArray(rules) ? rules.filter(isJsonObject) : [];
}

/** Every binding that applies to `user` in `namespace` (cluster bindings always, role bindings of that namespace). */
export function bindingsFor(store: Store, user: UserInfo, namespace: string): { binding: JsonObject; kind: string }[] {
  const out: { binding: JsonObject; kind: string }[] = [];
  for (const b of store.list(`${RBAC}/clusterrolebindings`)) if (bindsUser(b, user)) out.push({ binding: b, kind: 'ClusterRoleBinding' });
  if (namespace) for (const b of store.list(`${RBAC}/rolebindings`, namespace)) if (bindsUser(b, user)) out.push({ binding: b, kind: 'RoleBinding' });
  return out;
}

/** Every rule granted to `user` in `namespace` (for SelfSubjectRulesReview). */
export function rulesFor(store: Store, user: UserInfo, namespace: string): JsonObject[] {
  return bindingsFor(store, user, namespace).flatMap(({ binding }) => rulesOf(store, binding));
}

/** Decides a request. Members of `system:masters` are always allowed. */
export function authorize(store: Store, a: Attributes): Decision {
  if (a.user.groups.includes(SUPERUSER_GROUP)) return { allowed: true, reason: '' };
  for (const { binding, kind } of bindingsFor(store, a.user, a.namespace)) {
    if (rulesOf(store, binding).some((r) => ruleAllows(r, a))) {
      const ref = objectAt(binding, 'roleRef') ?? {};
      const bname = stringAt(objectAt(binding, 'metadata'), 'name') ?? '';
      return { allowed: true, reason: `RBAC: allowed by ${kind} ${JSON.stringify(bname)} of ${String(ref.kind)} ${JSON.stringify(String(ref.name))} to User ${JSON.stringify(a.user.name)}` };
    }
  }
  return { allowed: false, reason: '' };
}

/** The real server's Forbidden wording for a denied request. */
export function forbiddenReason(a: Attributes): string {
  if (!a.resourceRequest) return `User ${JSON.stringify(a.user.name)} cannot ${a.verb} path ${JSON.stringify(a.path)}`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const where = a.namespace ? `in the namespace ${JSON.stringify(a.namespace)}` : 'at the cluster scope';
  return `User ${JSON.stringify(a.user.name)} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.group)} ${where}`;
}
