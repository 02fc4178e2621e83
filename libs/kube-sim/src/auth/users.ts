/**
 * Bearer-token authentication: every token maps to one user. The admin user is in `system:masters` (allowed
 * everything, like a real cluster's admin kubeconfig); other users get exactly what RBAC grants them.
 */
import { randomBytes } from 'node:crypto';
import type { UserInfo } from '../api/context.js';
import { unauthorized } from '../api/status.js';

/** The group whose members bypass RBAC. */
export const SUPERUSER_GROUP = 'system:masters';
/** Added to every authenticated user's groups. */
export const AUTHENTICATED_GROUP = 'system:authenticated';

/** The user of requests without credentials. */
export const ANONYMOUS: UserInfo = Object.freeze({ name: 'system:anonymous', uid: '', groups: ['system:unauthenticated'], extra: {} });

/** The identity the simulated controllers act as; never reachable over HTTP. */
export const CONTROLLER_USER: UserInfo = Object.freeze({ name: 'system:kube-controller-manager', uid: '', groups: [SUPERUSER_GROUP, AUTHENTICATED_GROUP], extra: {} });

/** A saved token and the user it stands for (for the state directory). */
export interface TokenRecord {
  readonly token: string;
  readonly name: string;
  readonly groups: readonly string[];
}

/** Builds a user with the groups every authenticated user has. */
export function userWithGroups(name: string, groups: readonly string[], uid = ''): UserInfo {
  const all = [...groups];
  if (!all.includes(AUTHENTICATED_GROUP)) all.push(AUTHENTICATED_GROUP);
  return { name, uid, groups: all, extra: {} };
}

/** The token table. */
export class Authenticator {
  private readonly users = new Map<string, UserInfo>();
  private readonly records: TokenRecord[] = [];

  /** Registers `token` for a user; the admin token is registered this way too. */
  addToken(token: string, name: string, groups: readonly string[]): void {
    this.users.set(token, userWithGroups(name, groups));
    this.records.push({ token, name, groups: [...groups] });
  }

  /** Creates a user with a fresh random token and returns the token. */
  addUser(name: string, groups: readonly string[] = []): string {
    const token = randomBytes(24).toString('hex');
    this.addToken(token, name, groups);
    return token;
  }

  /** Every token, for saving to the state directory. */
  tokens(): readonly TokenRecord[] {
    return this.records;
  }

  /** The user of a token, or undefined. */
  userOfToken(token: string): UserInfo | undefined {
    return this.users.get(token);
  }

  /**
   * The user of a request's `Authorization` header: anonymous without one, 401 for an unknown token or another
   * scheme.
   */
  authenticate(authorization: string | undefined): UserInfo {
    if (authorization === undefined || authorization === '') return ANONYMOUS;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const user = m ? this.users.get(m[1]!) : undefined;
    if (!user) throw unauthorized();
    return user;
  }
}
