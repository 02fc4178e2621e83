/**
 * `Impersonate-User` / `Impersonate-Group` / `Impersonate-Uid` / `Impersonate-Extra-*`: the requester needs the
 * `impersonate` verb on each (users, groups, serviceaccounts, uids, userextras), then the request runs as the
 * impersonated user.
 */
import type { UserInfo } from '../api/context.js';
import { badRequest, forbidden } from '../api/status.js';
import type { Store } from '../storage/store.js';
import { authorize, forbiddenReason, type Attributes } from './rbac.js';
import { AUTHENTICATED_GROUP } from './users.js';

/** The impersonation headers of a request (each may repeat). */
export interface ImpersonationHeaders {
  readonly user: string | undefined;
  readonly groups: readonly string[];
  readonly uid: string | undefined;
  readonly extra: Readonly<Record<string, readonly string[]>>;
}

/** True when the request asks to impersonate anyone. */
export function wantsImpersonation(h: ImpersonationHeaders): boolean {
  return h.user !== undefined || h.groups.length > 0 || h.uid !== undefined || Object.keys(h.extra).length > 0;
}

function check(store: Store, requester: UserInfo, a: Omit<Attributes, 'user' | 'verb' | 'resourceRequest' | 'subresource' | 'path'> & { subresource?: string }): void {
  const attrs: Attributes = { subresource: '', ...a, user: requester, verb: 'impersonate', resourceRequest: true, path: '' };
  if (!authorize(store, attrs).allowed) throw forbidden({ group: a.group, resource: a.resource }, a.name, forbiddenReason(attrs));
}

function serviceAccountParts(name: string): [string, string] | undefined {
  const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(name);
  return m ? [m[1]!, m[2]!] : undefined;
}

/** The user a request runs as after impersonation; throws 403 when the requester may not impersonate. */
export function impersonate(store: Store, requester: UserInfo, h: ImpersonationHeaders): UserInfo {
  if (h.user === undefined) throw badRequest('impersonating user must be specified when impersonating groups, uid or extra fields');
  const sa = serviceAccountParts(h.user);
  if (sa) check(store, requester, { group: '', resource: 'serviceaccounts', namespace: sa[0], name: sa[1] });
  else check(store, requester, { group: '', resource: 'users', namespace: '', name: h.user });
  for (const g of h.groups) check(store, requester, { group: '', resource: 'groups', namespace: '', name: g });
  if (h.uid !== undefined) check(store, requester, { group: 'authentication.k8s.io', resource: 'uids', namespace: '', name: h.uid });
  for (const [key, values] of Object.entries(h.extra)) {
    for (const v of values) check(store, requester, { group: 'authentication.k8s.io', resource: 'userextras', subresource: key, namespace: '', name: v });
  }
  const groups = [...h.groups];
  if (sa) groups.push('system:serviceaccounts', `system:serviceaccounts:${sa[0]}`);
  if (h.user !== 'system:anonymous' && !groups.includes(AUTHENTICATED_GROUP)) groups.push(AUTHENTICATED_GROUP);
  return { name: h.user, uid: h.uid ?? '', groups, extra: h.extra };
}
