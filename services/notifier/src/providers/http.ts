/**
 * The HTTP transport of webhook senders, on `node:http`/`node:https` so a Provider's CA and client certificate can
 * be used. One attempt per call, limited by the Provider's timeout; retrying is the delivery loop's business.
 * Redirects are not followed (a 3xx answer is a failure naming its status).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { formatDuration } from '@sluice/api';
import { errorMessage } from '@sluice/errors';
import { transportFailure } from './registry.js';
import type { HttpRequest, HttpResponse, HttpTransport } from './types.js';

/** Longest response body kept for error messages. */
const MAX_BODY_CHARS = 1024;

/** Network error codes retrying cannot fix (as Go's retryablehttp gives up on certificate errors). */
const PERMANENT_CODES = new Set([
  'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_INVALID_URL', 'ERR_INVALID_CHAR',
]);

/** Sends one request with Node's HTTP client; see the module comment. */
export const nodeHttpTransport: HttpTransport = (req, opts) => {
  const url = new URL(req.url);
  const body = Buffer.from(req.body, 'utf8');
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const signal = AbortSignal.timeout(opts.timeoutMs);
  return new Promise<HttpResponse>((resolve, reject) => {
    const fail = (err: unknown): void => {
      if (signal.aborted) {
        reject(transportFailure(opts.subject, opts.urlForMessages, `no answer within the timeout of ${formatDuration(opts.timeoutMs)}`, true, err));
        return;
      }
      const code = (err as { code?: string }).code ?? '';
      reject(transportFailure(opts.subject, opts.urlForMessages, errorMessage(err), !PERMANENT_CODES.has(code), err));
    };
    const outgoing = send(url, {
      method: req.method,
      headers: { ...headersOf(req), 'Content-Length': String(body.length) },
      signal,
      ...(opts.tls?.ca ? { ca: opts.tls.ca } : {}),
      ...(opts.tls?.cert ? { cert: opts.tls.cert } : {}),
      ...(opts.tls?.key ? { key: opts.tls.key } : {}),
    }, (res) => {
      readBody(res).then((text) => resolve({ status: res.statusCode ?? 0, body: text }), fail);
    });
    outgoing.on('error', fail);
    outgoing.end(body);
  });
};

function headersOf(req: HttpRequest): Record<string, string> {
  return { 'User-Agent': 'sluice-notifier', ...req.headers };
}

async function readBody(res: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of res) {
    if (text.length < MAX_BODY_CHARS) text += (chunk as Buffer).toString('utf8');
  }
  return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}...` : text;
}
