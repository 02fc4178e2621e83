import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  NotificationConfigError, canonicalHeaderKey, encodeFluxEvent, fluxEventOf, renderGenericRequest, type FluxEvent,
  type ProviderTarget,
} from '../src/index.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`./fixtures/notifications/${name}`, import.meta.url)), 'utf8');
const corpusIndex = JSON.parse(fixture('index.json')) as { hmac_vector: { key: string; expected: string } };

/** The corpus event as the notifier holds it: parsed from its JSON. */
const corpusEvent = JSON.parse(fixture('event.testEvent.json')) as FluxEvent;

function target(overrides: Partial<ProviderTarget> = {}): ProviderTarget {
  return { subject: 'Provider/gitops-system/webhook', type: 'generic', address: 'http://receiver.example:8080/hook', addressIsSecret: false, headers: {}, timeoutMs: 15_000, ...overrides };
}

describe('generic provider', () => {
  it('posts the event as Flux encodes it, byte for byte (generic.body.json)', () => {
    const request = renderGenericRequest(corpusEvent, target());
    assert.equal(request.method, 'POST');
    assert.equal(request.url, 'http://receiver.example:8080/hook');
    assert.equal(request.body, fixture('generic.body.json'));
  });

  it('produces the body whose HMAC upstream expects (forwarder_test.go vector)', () => {
    const body = renderGenericRequest(corpusEvent, target()).body;
    const signature = `sha256=${createHmac('sha256', corpusIndex.hmac_vector.key).update(body).digest('hex')}`;
    assert.equal(signature, corpusIndex.hmac_vector.expected);
  });

  it('sends JSON with the reporting controller in Gotk-Component', () => {
    const { headers } = renderGenericRequest(corpusEvent, target());
    assert.deepEqual(headers, { 'Content-Type': 'application/json', 'Gotk-Component': 'source-controller' });
  });

  it('adds the Secret headers in canonical form, after its own so they may override', () => {
    const { headers } = renderGenericRequest(corpusEvent, target({ headers: { 'x-api-key': 'k', authorization: 'Bearer t', 'content-type': 'application/cloudevents+json' } }));
    assert.deepEqual(headers, {
      'Content-Type': 'application/cloudevents+json', 'Gotk-Component': 'source-controller', 'X-Api-Key': 'k', Authorization: 'Bearer t',
    });
  });

  it('refuses a missing, relative or non-HTTP address with a config error naming the provider', () => {
    for (const [address, pattern] of [
      ['', /^Provider\/gitops-system\/webhook: no address/],
      ['receiver/hook', /^Provider\/gitops-system\/webhook: invalid hook URL: address "receiver\/hook" is not an absolute URL/],
      ['ftp://receiver/hook', /invalid hook URL: address "ftp:\/\/receiver\/hook" has scheme ftp, expected http or https/],
    ] as const) {
      assert.throws(() => renderGenericRequest(corpusEvent, target({ address })), (err: unknown) => err instanceof NotificationConfigError && pattern.test(err.message) && err.code === 'SLUICE_NOTIFIER_CONFIG');
    }
  });

  it('does not show an address that came from a Secret in its errors', () => {
    assert.throws(() => renderGenericRequest(corpusEvent, target({ address: 'not a url with token s3cr3t', addressIsSecret: true })), (err: Error) => !err.message.includes('s3cr3t') && /the address in the Secret/.test(err.message));
  });
});

describe('Flux event encoding', () => {
  const base: FluxEvent = {
    involvedObject: { kind: 'Kustomization', namespace: 'apps', name: 'web', uid: 'u-1', apiVersion: 'kustomize.toolkit.fluxcd.io/v1', resourceVersion: '42' },
    severity: 'error', timestamp: '2025-03-04T05:06:07.891Z', message: 'm', reason: 'BuildFailed', reportingController: 'kustomize-controller',
  };

  it('orders involvedObject fields as corev1.ObjectReference and drops the empty ones', () => {
    const json = encodeFluxEvent({ ...base, involvedObject: { ...base.involvedObject, uid: '', resourceVersion: undefined } as never });
    assert.ok(json.startsWith('{"involvedObject":{"kind":"Kustomization","namespace":"apps","name":"web","apiVersion":"kustomize.toolkit.fluxcd.io/v1"},'));
  });

  it('writes the timestamp in whole seconds, UTC, as metav1.Time', () => {
    assert.match(encodeFluxEvent(base), /"timestamp":"2025-03-04T05:06:07Z"/);
    assert.match(encodeFluxEvent({ ...base, timestamp: '2025-03-04T07:06:07.5+02:00' }), /"timestamp":"2025-03-04T05:06:07Z"/);
  });

  it('leaves out empty metadata and reportingInstance (omitempty)', () => {
    const json = encodeFluxEvent({ ...base, metadata: {}, reportingInstance: '' });
    assert.ok(!json.includes('metadata') && !json.includes('reportingInstance'));
    assert.ok(json.endsWith('"reason":"BuildFailed","reportingController":"kustomize-controller"}'));
  });

  it('sorts metadata keys by their bytes, as Go sorts map keys', () => {
    const json = encodeFluxEvent({ ...base, metadata: { revision: 'r', Zeta: 'z', 'é': 'e', a: '1' } });
    assert.match(json, /"metadata":\{"Zeta":"z","a":"1","revision":"r","é":"e"\}/);
  });

  it('escapes <, >, &, U+2028 and control characters as Go does, and replaces lone surrogates', () => {
    const json = encodeFluxEvent({ ...base, message: 'a<b>&c\u2028\u2029\b\f\n\u0001\ud800"\\' });
    assert.match(json, /"message":"a\\u003cb\\u003e\\u0026c\\u2028\\u2029\\b\\f\\n\\u0001\ufffd\\"\\\\"/);
  });

  it('takes the event out of a bus envelope without its payload', () => {
    const event = fluxEventOf({
      involvedObject: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'apps', name: 'web' },
      severity: 'info', timestamp: '2025-03-04T05:06:07.000Z', message: 'applied', reason: 'ReconciliationSucceeded',
      metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:abc' }, reportingController: 'applier', reportingInstance: 'applier-0', payload: {},
    });
    assert.equal(encodeFluxEvent(event), '{"involvedObject":{"kind":"Kustomization","namespace":"apps","name":"web","apiVersion":"kustomize.toolkit.fluxcd.io/v1"},'
      + '"severity":"info","timestamp":"2025-03-04T05:06:07Z","message":"applied","reason":"ReconciliationSucceeded",'
      + '"metadata":{"kustomize.toolkit.fluxcd.io/revision":"main@sha1:abc"},"reportingController":"applier","reportingInstance":"applier-0"}');
  });
});

describe('canonicalHeaderKey', () => {
  it('capitalizes as Go does and leaves keys with invalid characters alone', () => {
    assert.equal(canonicalHeaderKey('gotk-component'), 'Gotk-Component');
    assert.equal(canonicalHeaderKey('X-API-KEY'), 'X-Api-Key');
    assert.equal(canonicalHeaderKey('bad key'), 'bad key');
  });
});
