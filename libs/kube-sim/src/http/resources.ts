/**
 * Serves resource requests: resolves the resource (404/405), authorizes (403), reads the body and dispatches to
 * the verb, rendering the answer as negotiated.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UserInfo, VerbResult } from '../api/context.js';
import type { ResourceRequestInfo } from '../api/request-info.js';
import { badRequest, forbidden, methodNotAllowed, pathNotFound, unsupportedMediaType } from '../api/status.js';
import { authorize, forbiddenReason } from '../auth/rbac.js';
import { reviewVerb } from '../auth/reviews.js';
import type { JsonValue } from '../json.js';
import type { ResourceDef } from '../registry/resource.js';
import { parseDeleteOptions, deleteCollectionVerb, deleteVerb } from '../verbs/delete.js';
import { PatchType, acceptedPatchTypes, applyVerb, createVerb, patchVerb, updateVerb, type ObjectTarget } from '../verbs/mutate.js';
import { finalizeNamespaceVerb } from '../verbs/namespace-finalize.js';
import { getVerb, listVerb, parseListQuery } from '../verbs/read.js';
import { getScaleVerb, patchScaleVerb, updateScaleVerb } from '../verbs/scale.js';
import { decodeObjectBody, mediaTypeOf, parseJson, parseYaml, readBody } from './body.js';
import type { ServerContext } from './context.js';
import { negotiate, type Rendering } from './negotiate.js';
import { forceOf, includeObjectOf, secondsOf, writeOptionsOf } from './options.js';
import { sendList, sendObject, type RenderOptions } from './respond.js';

const SERVED_SUBRESOURCES = new Set(['status', 'scale', 'finalize']);

/** The resource a request addresses, after the checks the real server's routing does. */
function resolve(ctx: ServerContext, info: ResourceRequestInfo): ResourceDef {
  const def = ctx.core.registry.find(info.group, info.version, info.resource);
  if (!def || info.extraParts) throw pathNotFound();
  if (!def.namespaced && info.namespacedPath) throw pathNotFound();
  if (def.namespaced && !info.namespacedPath && !['list', 'watch'].includes(info.verb)) throw pathNotFound();
  if (info.subresource) {
    const sub = def.subresources.find((s) => s.name === info.subresource);
    if (!sub || !SERVED_SUBRESOURCES.has(sub.name)) throw pathNotFound();
    if (!sub.verbs.includes(info.verb)) throw methodNotAllowed();
    return def;
  }
  if (!def.verbs.includes(info.verb)) throw methodNotAllowed();
  if (info.verb === 'create' && info.name) throw methodNotAllowed();
  return def;
}

function authorizeRequest(ctx: ServerContext, user: UserInfo, info: ResourceRequestInfo): void {
  const attrs = {
    user, verb: info.verb, resourceRequest: true, group: info.group, resource: info.resource, subresource: info.subresource,
    namespace: info.namespace, name: info.name, path: info.path,
  };
  if (!authorize(ctx.core.store, attrs).allowed) throw forbidden({ group: info.group, resource: info.resource }, info.name, forbiddenReason(attrs));
}

function renderOptions(ctx: ServerContext, req: IncomingMessage, q: URLSearchParams, def: ResourceDef): RenderOptions {
  const rendering: Rendering = negotiate(req.headers.accept, { allowTransforms: true, allowDiscovery: false });
  const deprecation = def.custom?.deprecationWarning;
  return { rendering, now: ctx.core.now(), includeObject: rendering.as === 'table' ? includeObjectOf(q) : 'Metadata', warnings: deprecation ? [deprecation] : [] };
}

function userAgent(req: IncomingMessage): string {
  return req.headers['user-agent'] ?? '';
}

function target(def: ResourceDef, info: ResourceRequestInfo): ObjectTarget {
  return { def, namespace: def.namespaced ? info.namespace : '', name: info.name, subresource: info.subresource };
}

function reply(res: ServerResponse, def: ResourceDef, render: RenderOptions, result: VerbResult): void {
  sendObject(res, result.code, def, result.body, { ...render, warnings: [...render.warnings, ...result.warnings] });
}

async function objectBody(req: IncomingMessage): Promise<JsonValue> {
  return decodeObjectBody(req.headers['content-type'], await readBody(req));
}

function serveRead(ctx: ServerContext, res: ServerResponse, def: ResourceDef, info: ResourceRequestInfo, q: URLSearchParams, opts: RenderOptions): void {
  const ns = info.namespacedPath || !def.namespaced ? info.namespace : undefined;
  if (info.verb === 'get') {
    const obj = info.subresource === 'scale' ? getScaleVerb(ctx.core, def, info.namespace, info.name) : getVerb(ctx.core, def, info.namespace, info.name);
    sendObject(res, 200, def, obj, opts);
    return;
  }
  const query = parseListQuery(def, q, info.verb === 'watch');
  if (info.verb === 'list') {
    sendList(res, def, listVerb(ctx.core, def, def.namespaced ? ns : undefined, query), opts);
    return;
  }
  const timeout = secondsOf(q, 'timeoutSeconds');
  ctx.watches.serve(ctx.core, {
    def, namespace: def.namespaced ? ns : undefined, query, bookmarks: q.get('allowWatchBookmarks') === 'true', sendInitialEvents: q.get('sendInitialEvents') === 'true',
    timeoutMs: timeout === undefined ? ctx.maxWatchMs : Math.min(timeout * 1000, ctx.maxWatchMs),
    rendering: opts.rendering, includeObject: opts.includeObject, warnings: opts.warnings,
  }, res);
}

async function serveCreate(ctx: ServerContext, req: IncomingMessage, def: ResourceDef, info: ResourceRequestInfo, user: UserInfo, q: URLSearchParams): Promise<VerbResult> {
  const body = await objectBody(req);
  if (def.verbs.length === 1 && (def.group === 'authorization.k8s.io' || def.group === 'authentication.k8s.io')) {
    return reviewVerb(ctx.core.store, ctx.authn, def, info.namespace, body, user);
  }
  if (def.kind === 'Binding') throw methodNotAllowed();
  return createVerb(ctx.core, target(def, info), body, writeOptionsOf(q, userAgent(req), 'CreateOptions'));
}

async function serveUpdate(ctx: ServerContext, req: IncomingMessage, def: ResourceDef, info: ResourceRequestInfo, q: URLSearchParams): Promise<VerbResult> {
  const body = await objectBody(req);
  const opts = writeOptionsOf(q, userAgent(req), 'UpdateOptions');
  if (info.subresource === 'scale') return updateScaleVerb(ctx.core, def, info.namespace, info.name, body, opts);
  if (info.subresource === 'finalize') return finalizeNamespaceVerb(ctx.core, def, info.name, body, opts);
  return updateVerb(ctx.core, target(def, info), body, opts);
}

function patchTypeOf(def: ResourceDef, contentType: string | undefined): PatchType {
  const type = mediaTypeOf(contentType);
  const accepted = acceptedPatchTypes(def);
  if (!(accepted as string[]).includes(type)) throw unsupportedMediaType(accepted);
  return type as PatchType;
}

async function servePatch(ctx: ServerContext, req: IncomingMessage, def: ResourceDef, info: ResourceRequestInfo, q: URLSearchParams): Promise<VerbResult> {
  const type = patchTypeOf(def, req.headers['content-type']);
  const text = (await readBody(req)).toString('utf8');
  if (text.trim() === '') throw badRequest('the body of the request was empty');
  const opts = writeOptionsOf(q, userAgent(req), 'PatchOptions');
  const force = forceOf(q, type === PatchType.Apply);
  const patch = type === PatchType.Apply ? parseYaml(text) : parseJson(text);
  if (info.subresource === 'scale') return patchScaleVerb(ctx.core, def, info.namespace, info.name, type, patch, opts);
  if (type === PatchType.Apply) return applyVerb(ctx.core, target(def, info), patch, { ...opts, force });
  return patchVerb(ctx.core, target(def, info), type, patch, opts);
}

async function serveDelete(ctx: ServerContext, req: IncomingMessage, def: ResourceDef, info: ResourceRequestInfo, q: URLSearchParams): Promise<VerbResult> {
  const raw = await readBody(req);
  const body = raw.length > 0 && raw.toString('utf8').trim() !== '' ? decodeObjectBody(req.headers['content-type'] ?? 'application/json', raw) : undefined;
  const dryRun = writeOptionsOf(q, userAgent(req), 'DeleteOptions').dryRun;
  const opts = parseDeleteOptions(body, q, dryRun);
  if (info.verb === 'delete') return deleteVerb(ctx.core, def, info.namespace, info.name, opts);
  const ns = def.namespaced ? info.namespace : undefined;
  return deleteCollectionVerb(ctx.core, def, ns, parseListQuery(def, q), opts);
}

/** Serves one resource request end to end. */
export async function serveResource(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, info: ResourceRequestInfo, user: UserInfo, q: URLSearchParams): Promise<void> {
  const def = resolve(ctx, info);
  authorizeRequest(ctx, user, info);
  const render = renderOptions(ctx, req, q, def);
  switch (info.verb) {
    case 'get':
    case 'list':
    case 'watch':
      serveRead(ctx, res, def, info, q, render);
      return;
    case 'create':
      reply(res, def, render, await serveCreate(ctx, req, def, info, user, q));
      return;
    case 'update':
      reply(res, def, render, await serveUpdate(ctx, req, def, info, q));
      return;
    case 'patch':
      reply(res, def, render, await servePatch(ctx, req, def, info, q));
      return;
    case 'delete':
    case 'deletecollection':
      reply(res, def, render, await serveDelete(ctx, req, def, info, q));
      return;
    default:
      throw methodNotAllowed();
  }
}
