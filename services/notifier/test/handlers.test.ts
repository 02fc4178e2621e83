import assert from 'node:assert/strict';
import { trace } from '@opentelemetry/api';
import type { Delivery, Envelope, EnvelopeInput, PublishOptions } from '@sluice/bus';
import type { KubeObject, RecordedEvent, ServiceContext } from '@sluice/runtime';
import { createCapturingLogger } from '@sluice/telemetry/testing';
import { Registry } from 'prom-client';
import {
  createDeliveryHandler, createEventHandler, createNotifierMetrics, defaultProviderRegistry, maskSecrets,
  type CompiledAlert, type HttpRequest, type HttpTransport, type ProviderEntry,
} from '../src/index.js';
import { compiled, provider } from './helpers.js';

interface Fakes {
  readonly ctx: ServiceContext;
  readonly events: Array<{ object: string; event: RecordedEvent }>;
  readonly published: Array<{ envelope: EnvelopeInput<'notification'>; opts: PublishOptions | undefined }>;
  readonly registry: Registry;
}

function fakeContext(secrets: Record<string, KubeObject> = {}): Fakes {
  const events: Fakes['events'] = [];
  const published: Fakes['published'] = [];
  const registry = new Registry();
  const ctx = {
    service: 'notifier', instance: 'notifier-0', logger: createCapturingLogger('notifier').logger, tracer: trace.getTracer('test'),
    metrics: { registry },
    events: { record: async (obj: KubeObject, event: RecordedEvent) => void events.push({ object: `${obj.kind}/${obj.metadata.name}`, event }) },
    kube: { get: async (ref: { name: string }) => secrets[ref.name] },
    bus: { publish: async (_topic: string, envelope: EnvelopeInput<'notification'>, opts?: PublishOptions) => void published.push({ envelope, opts }) },
  } as unknown as ServiceContext;
  return { ctx, events, published, registry };
}

const delivery = (deliveryCount: number, streamSequence = 7): Delivery => ({
  subject: 's', object: { prefix: 'sluice', topic: 'event', kind: 'kustomization', namespace: 'flux-system', name: 'apps' }, stream: 'S', consumer: 'c',
  deliveryCount, redeliveryCount: deliveryCount - 1, streamSequence, msgId: undefined, working: () => undefined,
});

function envelope<T extends 'event' | 'notification'>(payload: Envelope<T>['payload'], overrides: Partial<Envelope<T>> = {}): Envelope<T> {
  return {
    involvedObject: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name: 'apps' },
    severity: 'info', timestamp: '2025-05-06T07:08:09.000Z', message: 'applied', reason: 'ReconciliationSucceeded',
    metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'r1' }, reportingController: 'applier', reportingInstance: 'applier-0', payload, ...overrides,
  } as Envelope<T>;
}

const onApps = compiled('on-apps', { eventSources: [{ kind: 'Kustomization', name: 'apps' }], eventMetadata: { revision: 'from-alert' } });
const alertRef = { namespace: 'flux-system', name: 'on-apps', uid: 'uid-flux-system-on-apps' };

function transportAnswering(status: number, sent: HttpRequest[] = []): HttpTransport {
  return async (req) => {
    sent.push(req);
    return { status, body: `answer ${status} for token tok-123` };
  };
}

function deliveryHandler(fakes: Fakes, providers: Record<string, ProviderEntry>, transport: HttpTransport, alerts: CompiledAlert[] = [onApps]) {
  return createDeliveryHandler(fakes.ctx, {
    catalog: {
      alert: (ns, name) => alerts.find((a) => a.namespace === ns && a.name === name),
      provider: (ns, name) => providers[`${ns}/${name}`],
    },
    metrics: createNotifierMetrics(fakes.registry), providers: defaultProviderRegistry(), transport,
    retry: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 1_000 },
  });
}

const webhook = { 'flux-system/webhook': provider('webhook', { type: 'generic', address: 'http://receiver/hook' }) };

describe('delivery handler', () => {
  it('sends the combined event and acks', async () => {
    const fakes = fakeContext();
    const sent: HttpRequest[] = [];
    const result = await deliveryHandler(fakes, webhook, transportAnswering(200, sent))(envelope<'notification'>({ alert: alertRef }), delivery(1));
    assert.deepEqual(result, { action: 'ack' });
    assert.equal(sent.length, 1);
    assert.deepEqual(JSON.parse(sent[0]!.body).metadata, { revision: 'r1' });
    assert.deepEqual(fakes.events.map((e) => e.event.reason), ['MetadataAppendFailed']);
    assert.match(await fakes.registry.getSingleMetricAsString('sluice_notifier_deliveries_total'), /provider_type="generic",result="delivered"} 1/);
  });

  it('records metadata conflicts only on the first delivery', async () => {
    const fakes = fakeContext();
    await deliveryHandler(fakes, webhook, transportAnswering(200))(envelope<'notification'>({ alert: alertRef }), delivery(2));
    assert.deepEqual(fakes.events, []);
  });

  it('skips a suspended Provider without sending', async () => {
    const fakes = fakeContext();
    const sent: HttpRequest[] = [];
    const suspended = { 'flux-system/webhook': provider('webhook', { type: 'generic', address: 'http://receiver/hook', suspend: true }) };
    assert.deepEqual(await deliveryHandler(fakes, suspended, transportAnswering(200, sent))(envelope<'notification'>({ alert: alertRef }), delivery(1)), { action: 'ack' });
    assert.equal(sent.length, 0);
  });

  it('drops notifications of an Alert deleted (or recreated) since the event matched', async () => {
    const fakes = fakeContext();
    const sent: HttpRequest[] = [];
    const handle = deliveryHandler(fakes, webhook, transportAnswering(200, sent));
    assert.deepEqual(await handle(envelope<'notification'>({ alert: { namespace: 'flux-system', name: 'gone' } }), delivery(1)), { action: 'ack' });
    assert.deepEqual(await handle(envelope<'notification'>({ alert: { ...alertRef, uid: 'older' } }), delivery(1)), { action: 'ack' });
    assert.equal(sent.length, 0);
  });

  it('retries a missing Provider with backoff, then gives up with a Warning Event on the Alert', async () => {
    const fakes = fakeContext();
    const handle = deliveryHandler(fakes, {}, transportAnswering(200));
    assert.deepEqual(await handle(envelope<'notification'>({ alert: alertRef }), delivery(1)), { action: 'nak', delayMs: 100 });
    assert.deepEqual(await handle(envelope<'notification'>({ alert: alertRef }), delivery(2)), { action: 'nak', delayMs: 200 });
    assert.deepEqual(await handle(envelope<'notification'>({ alert: alertRef }), delivery(3)), { action: 'ack' });
    assert.deepEqual(fakes.events, [{ object: 'Alert/on-apps', event: {
      type: 'Warning', reason: 'NotificationDispatchFailed',
      message: "failed to send notification for Kustomization/flux-system/apps: Alert/flux-system/on-apps: Provider 'flux-system/webhook' not found",
    } }]);
  });

  it('gives up at once on a 4xx answer, masking the token in what it reports', async () => {
    const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'hook' }, data: { token: Buffer.from('tok-123').toString('base64') } };
    const fakes = fakeContext({ hook: secret });
    const withToken = { 'flux-system/webhook': provider('webhook', { type: 'generic', address: 'http://receiver/hook', secretRef: { name: 'hook' } }) };
    const result = await deliveryHandler(fakes, withToken, transportAnswering(403))(envelope<'notification'>({ alert: alertRef }), delivery(1));
    assert.deepEqual(result, { action: 'ack' });
    const failure = fakes.events.find((e) => e.event.reason === 'NotificationDispatchFailed')!;
    assert.equal(failure.event.message, 'failed to send notification for Kustomization/flux-system/apps: Provider/flux-system/webhook: POST http://receiver/hook: request failed with status code 403: answer 403 for token *****');
  });

  it('gives up at once on a provider type Sluice does not implement', async () => {
    const fakes = fakeContext();
    const slack = { 'flux-system/webhook': provider('webhook', { type: 'slack', address: 'https://slack.example/hook' }) };
    assert.deepEqual(await deliveryHandler(fakes, slack, transportAnswering(200))(envelope<'notification'>({ alert: alertRef }), delivery(1)), { action: 'ack' });
    assert.match(fakes.events.at(-1)!.event.message, /provider type slack is not supported by Sluice yet/);
  });
});

describe('event handler', () => {
  const labelsOf = async () => ({});
  const tenant = compiled('tenant', { eventSources: [{ kind: 'Kustomization', name: '*', namespace: 'tenant' }] });

  function eventHandler(fakes: Fakes, alerts: CompiledAlert[], noCrossNamespaceRefs = false) {
    return createEventHandler(fakes.ctx, { catalog: { alerts: () => alerts }, metrics: createNotifierMetrics(fakes.registry), labelsOf, noCrossNamespaceRefs });
  }

  it('publishes one notification per matching Alert, identified by event and Alert', async () => {
    const fakes = fakeContext();
    const all = compiled('all', { eventSources: [{ kind: 'Kustomization', name: '*' }] });
    const result = await eventHandler(fakes, [onApps, all, tenant])(envelope<'event'>({}, { metadata: { 'kustomize.toolkit.fluxcd.io/token': 't', a: 'b' } }), delivery(1, 41));
    assert.deepEqual(result, { action: 'ack' });
    assert.deepEqual(fakes.published.map((p) => [p.envelope.payload.alert.name, p.opts?.msgId]), [
      ['on-apps', 'notification/41/uid-flux-system-on-apps'], ['all', 'notification/41/uid-flux-system-all'],
    ]);
    const first = fakes.published[0]!.envelope;
    assert.deepEqual(first.metadata, { a: 'b' });
    assert.equal(first.reportingController, 'applier');
    assert.equal(first.timestamp, '2025-05-06T07:08:09.000Z');
  });

  it('forwards no trace events', async () => {
    const fakes = fakeContext();
    assert.deepEqual(await eventHandler(fakes, [onApps])(envelope<'event'>({}, { severity: 'trace' }), delivery(1)), { action: 'ack' });
    assert.deepEqual(fakes.published, []);
  });

  it('refuses cross-namespace events under --no-cross-namespace-refs with a Warning Event', async () => {
    const fakes = fakeContext();
    await eventHandler(fakes, [tenant], true)(envelope<'event'>({}, { involvedObject: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'tenant', name: 'x' } }), delivery(1));
    assert.deepEqual(fakes.published, []);
    assert.equal(fakes.events[0]!.event.reason, 'NotificationDispatchFailed');
    assert.match(fakes.events[0]!.event.message, /cross-namespace references have been blocked$/);
  });

  it('records an invalid regex on the Alert with each event it sees', async () => {
    const fakes = fakeContext();
    const broken = compiled('broken', { eventSources: [{ kind: 'Kustomization', name: '*' }], exclusionList: ['(?<=x)'] });
    await eventHandler(fakes, [broken])(envelope<'event'>({}), delivery(1));
    assert.equal(fakes.published.length, 1);
    assert.deepEqual(fakes.events.map((e) => [e.object, e.event.reason]), [['Alert/broken', 'InvalidConfig']]);
  });
});

describe('maskSecrets', () => {
  it('replaces every occurrence of each secret', () => {
    assert.equal(maskSecrets('a tok b tok pw', ['tok', 'pw']), 'a ***** b ***** *****');
    assert.equal(maskSecrets('nothing', []), 'nothing');
  });
});
