/** What the HTTP layer needs from the running server. */
import type { ApiCore } from '../api/context.js';
import type { Authenticator } from '../auth/users.js';
import type { OpenApiPublisher } from '../discovery/openapi.js';
import type { WatchHub } from './watch.js';

/** The server's parts, as the request handlers see them. */
export interface ServerContext {
  readonly core: ApiCore;
  readonly authn: Authenticator;
  readonly openapi: OpenApiPublisher;
  readonly watches: WatchHub;
  /** `host:port` the server listens on, reported by `/api`. */
  address(): string;
  /** Longest a watch stays open when the client does not ask for less. */
  readonly maxWatchMs: number;
}
