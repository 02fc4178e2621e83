/**
 * The request handler of the simulated API server: authentication, impersonation, then resource or non-resource
 * serving. Every failure is answered with a Kubernetes Status; unexpected exceptions become a 500 (a bug).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UserInfo } from '../api/context.js';
import { parseRequestInfo } from '../api/request-info.js';
import { badRequest } from '../api/status.js';
import { impersonate, wantsImpersonation, type ImpersonationHeaders } from '../auth/impersonation.js';
import type { ServerContext } from './context.js';
import { serveNonResource } from './nonresource.js';
import { serveResource } from './resources.js';
import { sendError } from './respond.js';

function headerList(req: IncomingMessage, name: string): string[] {
  return (req.headersDistinct[name] ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function impersonationHeaders(req: IncomingMessage): ImpersonationHeaders {
  const extra: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (!name.startsWith('impersonate-extra-') || !values) continue;
    extra[decodeURIComponent(name.slice('impersonate-extra-'.length))] = values;
  }
  const user = req.headersDistinct['impersonate-user']?.[0];
  const uid = req.headersDistinct['impersonate-uid']?.[0];
  return { user, groups: headerList(req, 'impersonate-group'), uid, extra };
}

function identify(ctx: ServerContext, req: IncomingMessage): UserInfo {
  const requester = ctx.authn.authenticate(req.headers.authorization);
  const h = impersonationHeaders(req);
  return wantsImpersonation(h) ? impersonate(ctx.core.store, requester, h) : requester;
}

function parseUrl(raw: string | undefined): URL {
  try {
    return new URL(raw ?? '/', 'http://kube-sim.invalid');
  } catch {
    throw badRequest(`invalid request URL ${JSON.stringify(raw ?? '')}`);
  }
}

async function handle(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = parseUrl(req.url);
  const info = parseRequestInfo(req.method ?? 'GET', url.pathname, url.searchParams);
  const user = identify(ctx, req);
  if (info.isResourceRequest) await serveResource(ctx, req, res, info, user, url.searchParams);
  else serveNonResource(ctx, req, res, info, user);
}

/** The `http.Server` request listener. */
export function requestListener(ctx: ServerContext): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(ctx, req, res).catch((err: unknown) => {
      // Drain an unread body so the connection stays usable for the next request.
      if (!req.complete) req.resume();
      sendError(res, err);
    });
  };
}
