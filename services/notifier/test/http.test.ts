import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeliveryError, nodeHttpTransport, type HttpRequest } from '../src/index.js';

interface Received {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

describe('nodeHttpTransport', () => {
  let server: Server;
  let base: string;
  const received: Received[] = [];

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, headers: req.headers, body });
        if (req.url === '/slow') return; // never answers
        res.statusCode = req.url === '/fail' ? 503 : 202;
        res.end(req.url === '/fail' ? 'x'.repeat(5000) : 'accepted');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const request = (path: string): HttpRequest => ({
    method: 'POST', url: `${base}${path}`, headers: { 'Content-Type': 'application/json', 'Gotk-Component': 'applier' }, body: '{"message":"é"}',
  });
  const opts = (timeoutMs = 5_000) => ({ timeoutMs, subject: 'Provider/flux-system/webhook', urlForMessages: `${base}/hook` });

  it('posts the body and headers and returns the answer', async () => {
    const response = await nodeHttpTransport(request('/hook'), opts());
    assert.deepEqual(response, { status: 202, body: 'accepted' });
    const got = received.at(-1)!;
    assert.equal(got.method, 'POST');
    assert.equal(got.body, '{"message":"é"}');
    assert.equal(got.headers['content-type'], 'application/json');
    assert.equal(got.headers['gotk-component'], 'applier');
    assert.equal(got.headers['content-length'], String(Buffer.byteLength('{"message":"é"}')));
  });

  it('returns error answers with their body cut short', async () => {
    const response = await nodeHttpTransport(request('/fail'), opts());
    assert.equal(response.status, 503);
    assert.equal(response.body.length, 1024 + 3);
  });

  it('fails retryably when nobody listens, naming provider and address', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(nodeHttpTransport({ ...request('/'), url: `http://127.0.0.1:${port}/hook` }, { ...opts(), urlForMessages: `http://127.0.0.1:${port}/hook` }), (err: unknown) =>
      err instanceof DeliveryError && err.retryable && err.message.startsWith(`Provider/flux-system/webhook: POST http://127.0.0.1:${port}/hook: connect ECONNREFUSED`));
  });

  it('gives up an attempt at the provider timeout, retryably', async () => {
    await assert.rejects(nodeHttpTransport(request('/slow'), opts(200)), (err: unknown) =>
      err instanceof DeliveryError && err.retryable && /no answer within the timeout of 200ms$/.test(err.message));
  });
});
