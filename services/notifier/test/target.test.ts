import assert from 'node:assert/strict';
import {
  DeliveryError, NotificationConfigError, NotificationObjectNotFoundError, ProviderRegistry, defaultProviderRegistry,
  isRetryable, providerTarget, retryDelay, secretData, webhookSender, type HttpTransport,
} from '../src/index.js';
import { kustomizationEvent, provider } from './helpers.js';

describe('providerTarget', () => {
  it('uses spec.address and spec.timeout (15s by default)', () => {
    const t = providerTarget(provider('webhook', { type: 'generic', address: 'http://receiver/hook', timeout: '5s' }).provider, undefined);
    assert.deepEqual(t, { subject: 'Provider/flux-system/webhook', type: 'generic', address: 'http://receiver/hook', addressIsSecret: false, headers: {}, timeoutMs: 5_000 });
    assert.equal(providerTarget(provider('webhook', { type: 'generic' }).provider, undefined).timeoutMs, 15_000);
  });

  it('takes the address (trimmed), headers and token from the Secret', () => {
    const t = providerTarget(provider('webhook', { type: 'generic', address: 'http://spec/hook', secretRef: { name: 'webhook' } }).provider, {
      address: ' https://secret.example/hook\n', headers: 'X-Api-Key: abc\nAuthorization: "Bearer t"\n', token: ' tok\n',
    });
    assert.equal(t.address, 'https://secret.example/hook');
    assert.equal(t.addressIsSecret, true);
    assert.deepEqual(t.headers, { 'X-Api-Key': 'abc', Authorization: 'Bearer t' });
    assert.equal(t.token, 'tok');
  });

  it('rejects headers that are not a map of strings, naming the header', () => {
    const p = provider('webhook', { type: 'generic', secretRef: { name: 'webhook' } }).provider;
    assert.throws(() => providerTarget(p, { headers: '- a\n- b' }), { name: 'NotificationConfigError', message: /^Provider\/flux-system\/webhook: failed to read headers from secret: expected a map/ });
    assert.throws(() => providerTarget(p, { headers: 'X-Retries: 3' }), /header "X-Retries": expected a string value, found 3/);
    assert.throws(() => providerTarget(p, { headers: 'a: [' }), NotificationConfigError);
  });

  it('rejects an address in the Secret longer than 2048 bytes', () => {
    const p = provider('webhook', { type: 'generic', secretRef: { name: 'webhook' } }).provider;
    assert.throws(() => providerTarget(p, { address: `http://x/${'a'.repeat(2048)}` }), /address exceeds maximum length of 2048 bytes/);
  });

  it('refuses a proxy rather than sending around it', () => {
    assert.throws(() => providerTarget(provider('webhook', { type: 'generic', proxy: 'http://proxy:3128' }).provider, undefined), /proxy .* is not supported by Sluice yet/);
  });

  it('reads TLS material from the certSecretRef Secret', () => {
    const p = provider('webhook', { type: 'generic', certSecretRef: { name: 'ca' } }).provider;
    assert.deepEqual(providerTarget(p, undefined, { 'ca.crt': 'PEM' }).tls, { ca: 'PEM' });
  });

  it('decodes Secret data and stringData', () => {
    assert.deepEqual(secretData({ apiVersion: 'v1', kind: 'Secret', metadata: {}, data: { address: Buffer.from('http://x').toString('base64') }, stringData: { token: 't' } }), { address: 'http://x', token: 't' });
  });
});

describe('ProviderRegistry', () => {
  const target = providerTarget(provider('webhook', { type: 'slack', address: 'http://receiver/hook' }).provider, undefined);

  it('has the generic provider and names what it supports when a type is missing', () => {
    assert.deepEqual(defaultProviderRegistry().types(), ['generic']);
    assert.throws(() => defaultProviderRegistry().senderFor(target), {
      code: 'SLUICE_NOTIFIER_CONFIG', message: 'Provider/flux-system/webhook: provider type slack is not supported by Sluice yet (supported: generic)',
    });
  });

  it('takes new provider types as entries', async () => {
    const sent: string[] = [];
    const transport: HttpTransport = async (req) => {
      sent.push(req.body);
      return { status: 200, body: '' };
    };
    const registry = new ProviderRegistry().register('slack', webhookSender((event, t) => ({ method: 'POST', url: t.address, headers: {}, body: event.message })));
    await registry.senderFor(target).send(kustomizationEvent({ message: 'hello' }), target, transport);
    assert.deepEqual(sent, ['hello']);
  });

  it('classifies answers as Flux retries them: 429 and 5xx except 501', async () => {
    const answer = (status: number): Promise<unknown> => webhookSender(() => ({ method: 'POST', url: 'http://x', headers: {}, body: '' }))
      .send(kustomizationEvent(), target, async () => ({ status, body: 'nope' })).then(() => 'ok', (err: DeliveryError) => err.retryable);
    assert.deepEqual(await Promise.all([200, 204, 400, 404, 429, 500, 501, 503].map(answer)), ['ok', 'ok', false, false, true, true, false, true]);
  });
});

describe('retryDelay', () => {
  const policy = { maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 300 };
  const transient = new DeliveryError('Provider/ns/p', 'boom', { retryable: true });

  it('backs off from the delivery count until the attempts run out', () => {
    assert.deepEqual([1, 2, 3, 4].map((n) => retryDelay(transient, n, policy)), [100, 200, 300, undefined]);
  });

  it('never retries configuration errors or final answers', () => {
    assert.equal(retryDelay(new NotificationConfigError('Provider/ns/p', 'no address'), 1, policy), undefined);
    assert.equal(retryDelay(new DeliveryError('Provider/ns/p', '400', { retryable: false }), 1, policy), undefined);
  });

  it('retries a Provider or Secret that is not there yet, and unknown errors', () => {
    assert.equal(isRetryable(new NotificationObjectNotFoundError('Alert/ns/a', "Provider 'ns/p'")), true);
    assert.equal(retryDelay(new Error('socket hang up'), 1, policy), 100);
  });
});
