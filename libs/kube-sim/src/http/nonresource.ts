/** Non-resource endpoints: health, version, discovery and OpenAPI, authorized by RBAC's nonResourceURLs rules. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UserInfo } from '../api/context.js';
import type { NonResourceRequestInfo } from '../api/request-info.js';
import { forbiddenPath, methodNotAllowed, notAcceptable, pathNotFound } from '../api/status.js';
import { authorize, forbiddenReason } from '../auth/rbac.js';
import {
  aggregatedDiscovery, coreVersions, groupDocument, groupList, resourceList, versionInfo,
} from '../discovery/discovery.js';
import type { JsonObject } from '../json.js';
import type { ServerContext } from './context.js';
import { negotiate } from './negotiate.js';
import { sendBytes, sendDocument, sendJsonText, sendText } from './respond.js';
import { OPENAPI_V2_PROTOBUF } from '../discovery/openapi-v2-proto.js';

const HEALTH = /^\/(healthz|livez|readyz)(\/.*)?$/;

function authorizePath(ctx: ServerContext, user: UserInfo, info: NonResourceRequestInfo): void {
  const attrs = { user, verb: info.verb, resourceRequest: false, group: '', resource: '', subresource: '', namespace: '', name: '', path: info.path };
  if (!authorize(ctx.core.store, attrs).allowed) throw forbiddenPath(forbiddenReason(attrs));
}

function discovery(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, core: boolean): void {
  const r = negotiate(req.headers.accept, { allowTransforms: false, allowDiscovery: true });
  if (r.as === 'discovery') {
    sendDocument(res, 200, aggregatedDiscovery(ctx.core.registry, core, r.version), r);
    return;
  }
  sendDocument(res, 200, core ? coreVersions(ctx.address()) : groupList(ctx.core.registry), r);
}

function openapi(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, path: string): boolean {
  if (path === '/openapi/v2') {
    const accept = req.headers.accept ?? '';
    if (accept.includes(OPENAPI_V2_PROTOBUF)) sendBytes(res, 200, 'application/octet-stream', ctx.openapi.v2Protobuf());
    else if (accept === '' || /application\/json|\*\/\*/.test(accept)) sendJsonText(res, 200, ctx.openapi.v2());
    else throw notAcceptable();
    return true;
  }
  if (path === '/openapi/v3') {
    sendDocument(res, 200, ctx.openapi.v3Root());
    return true;
  }
  const m = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
  if (!m) return false;
  const text = ctx.openapi.v3Text(m[2] ?? '', m[1] ?? m[3]!);
  if (text === undefined) throw pathNotFound();
  sendJsonText(res, 200, text);
  return true;
}

function document(ctx: ServerContext, path: string): JsonObject | undefined {
  if (path === '/version') return versionInfo();
  const core = /^\/api\/([^/]+)$/.exec(path);
  if (core) return resourceList(ctx.core.registry, '', core[1]!);
  const group = /^\/apis\/([^/]+)$/.exec(path);
  if (group) return groupDocument(ctx.core.registry, group[1]!);
  const gv = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (gv) return resourceList(ctx.core.registry, gv[1]!, gv[2]!);
  return undefined;
}

/** Serves one non-resource request. */
export function serveNonResource(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, info: NonResourceRequestInfo, user: UserInfo): void {
  const path = info.path.length > 1 ? info.path.replace(/\/+$/, '') : info.path;
  authorizePath(ctx, user, { ...info, path });
  if (info.verb !== 'get' && info.verb !== 'head') throw methodNotAllowed();
  if (HEALTH.test(path)) {
    sendText(res, 200, 'ok');
    return;
  }
  if (path === '/api' || path === '/apis') {
    discovery(ctx, req, res, path === '/api');
    return;
  }
  if (path.startsWith('/openapi/') && openapi(ctx, req, res, path)) return;
  const doc = document(ctx, path);
  if (!doc) throw pathNotFound();
  sendDocument(res, 200, doc);
}
