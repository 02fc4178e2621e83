import assert from 'node:assert/strict';
import type { InvolvedObject } from '@sluice/bus';
import type { KubeObject, ServiceContext } from '@sluice/runtime';
import { setupTestTelemetry, type TestTelemetry } from '@sluice/telemetry/testing';
import type { FluxEvent } from '../src/index.js';
import { eventually, startStack, type NotifierStack } from './support/stack.js';

const NS = 'flux-system';
const GROUP = 'notification.toolkit.fluxcd.io/v1beta3';

const kustomization = (name: string, labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization',
  metadata: { name, namespace: NS, ...(labels ? { labels } : {}) },
  spec: { interval: '10m', path: './', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
});
const provider = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: GROUP, kind: 'Provider', metadata: { name, namespace: NS }, spec: { type: 'generic', ...spec } });
const alert = (name: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: GROUP, kind: 'Alert', metadata: { name, namespace: NS }, spec });
const involved = (kind: string, name: string): InvolvedObject => ({
  apiVersion: kind === 'Kustomization' ? 'kustomize.toolkit.fluxcd.io/v1' : 'source.toolkit.fluxcd.io/v1', kind, namespace: NS, name,
});

async function publishEvent(stack: NotifierStack, object: InvolvedObject, message: string, severity: 'info' | 'error' | 'trace' = 'info'): Promise<void> {
  await stack.bus.publish('event', {
    involvedObject: object, severity, reason: severity === 'error' ? 'BuildFailed' : 'ReconciliationSucceeded', message,
    metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:0123456', 'kustomize.toolkit.fluxcd.io/token': 'internal' },
    payload: {},
  });
}

const bodies = (requests: ReadonlyArray<{ body: string }>): FluxEvent[] => requests.map((r) => JSON.parse(r.body) as FluxEvent);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('notifier on NATS and kube-sim', function () {
  this.timeout(30_000);
  let stack: NotifierStack;
  let telemetry: TestTelemetry;
  const replicas: ServiceContext[] = [];

  before(async () => {
    telemetry = setupTestTelemetry('notifier-test');
    stack = await startStack();
    await stack.apply(
      kustomization('apps', { team: 'web' }), kustomization('infra'),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'webhook', namespace: NS }, stringData: { address: `${stack.receiver.url}/apps`, headers: 'X-Api-Key: s3cr3t\n' } },
      provider('webhook', { secretRef: { name: 'webhook' } }),
      provider('team-hook', { address: `${stack.receiver.url}/team` }),
      provider('down', { address: `${stack.receiver.url}/fail`, timeout: '2s' }),
      alert('on-apps', { providerRef: { name: 'webhook' }, eventSources: [{ kind: 'Kustomization', name: 'apps' }], eventMetadata: { cluster: 'test-1' }, exclusionList: ['^ignore me'] }),
      alert('team-web', { providerRef: { name: 'team-hook' }, eventSeverity: 'error', eventSources: [{ kind: 'Kustomization', name: '*', matchLabels: { team: 'web' } }] }),
      alert('on-broken', { providerRef: { name: 'down' }, eventSources: [{ kind: 'GitRepository', name: 'broken' }] }),
    );
    const retry = { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 200 };
    replicas.push(await stack.startReplica({ retry }), await stack.startReplica({ retry }));
  });

  after(async () => {
    await stack?.stop();
    await telemetry?.shutdown();
  });

  it('delivers each matching event once across two replicas, and nothing else', async () => {
    const messages = Array.from({ length: 8 }, (_, i) => `applied revision ${i}`);
    await Promise.all(messages.map((m) => publishEvent(stack, involved('Kustomization', 'apps'), m)));
    await publishEvent(stack, involved('Kustomization', 'infra'), 'not for on-apps');
    await publishEvent(stack, involved('GitRepository', 'apps'), 'same name, other kind');
    await publishEvent(stack, involved('Kustomization', 'apps'), 'ignore me: excluded');
    await publishEvent(stack, involved('Kustomization', 'apps'), 'a trace event', 'trace');
    await eventually('8 deliveries to /apps', () => stack.receiver.on('/apps').length >= messages.length);
    await sleep(500);
    const received = bodies(stack.receiver.on('/apps'));
    assert.deepEqual(received.map((e) => e.message).sort(), [...messages].sort());
    const first = received[0]!;
    assert.deepEqual(first.involvedObject, { kind: 'Kustomization', namespace: NS, name: 'apps', apiVersion: 'kustomize.toolkit.fluxcd.io/v1' });
    assert.deepEqual(first.metadata, { cluster: 'test-1', revision: 'main@sha1:0123456' });
    assert.equal(first.reportingController, 'kustomize-controller');
    assert.match(first.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const request = stack.receiver.on('/apps')[0]!;
    assert.equal(request.headers['content-type'], 'application/json');
    assert.equal(request.headers['gotk-component'], 'kustomize-controller');
    assert.equal(request.headers['x-api-key'], 's3cr3t');
  });

  it('matches labels of the involved object read from the API, and the Alert severity', async () => {
    await publishEvent(stack, involved('Kustomization', 'apps'), 'apps failed', 'error');
    await publishEvent(stack, involved('Kustomization', 'infra'), 'infra failed', 'error');
    await publishEvent(stack, involved('Kustomization', 'apps'), 'apps fine', 'info');
    await eventually('a delivery to /team', () => stack.receiver.on('/team').length >= 1);
    await sleep(300);
    assert.deepEqual(bodies(stack.receiver.on('/team')).map((e) => e.message), ['apps failed']);
  });

  it('retries a failing receiver with backoff, then gives up and records a Warning Event on the Alert', async () => {
    await publishEvent(stack, involved('GitRepository', 'broken'), 'fetch failed', 'error');
    await eventually('3 attempts at /fail', () => stack.receiver.on('/fail').length >= 3);
    await eventually('a NotificationDispatchFailed Event', async () => (await dispatchFailures(stack)).length > 0);
    await sleep(600);
    assert.equal(stack.receiver.on('/fail').length, 3);
    const [event] = await dispatchFailures(stack);
    assert.match(String(event!['message']), /^failed to send notification for GitRepository\/flux-system\/broken: Provider\/flux-system\/down: POST http:\/\/127\.0\.0\.1:\d+\/fail: request failed with status code 503: receiver down for maintenance$/);
    const metrics = (await Promise.all(replicas.map((ctx) => ctx.metrics.registry.getSingleMetricAsString('sluice_notifier_deliveries_total')))).join('\n');
    assert.equal(sumOf(metrics, 'provider_type="generic",result="retried"'), 2);
    assert.equal(sumOf(metrics, 'provider_type="generic",result="failed"'), 1);
  });

  it('traces each delivery as a notify span in the trace of the event', async () => {
    telemetry.reset();
    const root = telemetry.tracer('test').startSpan('kustomization reconcile');
    const { context, trace } = await import('@opentelemetry/api');
    await context.with(trace.setSpan(context.active(), root), () => publishEvent(stack, involved('Kustomization', 'apps'), 'traced'));
    root.end();
    await eventually('a notify span', () => telemetry.finishedSpans().some((s) => s.name === 'notify' && s.attributes['sluice.notify.result'] === 'delivered'));
    const span = telemetry.finishedSpans().find((s) => s.name === 'notify')!;
    assert.equal(span.spanContext().traceId, root.spanContext().traceId);
    assert.deepEqual(
      [span.attributes['sluice.alert'], span.attributes['sluice.provider'], span.attributes['sluice.provider.type'], span.attributes['sluice.object']],
      ['flux-system/on-apps', 'flux-system/webhook', 'generic', 'Kustomization/flux-system/apps'],
    );
    const parent = telemetry.finishedSpans().find((s) => s.spanContext().spanId === span.parentSpanContext?.spanId);
    assert.equal(parent?.name, 'notification process');
  });
});

async function dispatchFailures(stack: NotifierStack): Promise<KubeObject[]> {
  const { items } = await stack.kube.list('v1', 'Event', { namespace: NS });
  return items.filter((e) => e['reason'] === 'NotificationDispatchFailed' && (e['involvedObject'] as { name?: string }).name === 'on-broken');
}

function sumOf(exposition: string, labels: string): number {
  return exposition.split('\n').filter((l) => l.includes(labels)).reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
}
