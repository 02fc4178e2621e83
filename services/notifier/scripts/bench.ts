/**
 * Notifier figures. Pure: events matched per second against many Alerts, generic bodies encoded per second.
 * End to end (nats-server, kube-sim, two replicas, a local receiver): deliveries per second and publish-to-receive
 * latency. Prints figures, asserts nothing.
 *
 *   node --conditions=sluice-dev --import tsx services/notifier/scripts/bench.ts [events] [alerts]
 */
import { compileAlert, encodeFluxEvent, matchAlert, type CompiledAlert, type FluxEvent } from '../src/index.js';
import { parseAlert } from '@sluice/api';
import { eventually, startStack } from '../test/support/stack.js';

const events = Number(process.argv[2] ?? 1_000);
const alertCount = Number(process.argv[3] ?? 200);

function alerts(n: number): CompiledAlert[] {
  return Array.from({ length: n }, (_, i) => {
    const obj = {
      apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Alert', metadata: { name: `a${i}`, namespace: i % 2 ? 'flux-system' : `tenant-${i}` },
      spec: {
        providerRef: { name: 'p' }, eventSeverity: i % 3 ? 'info' : 'error',
        eventSources: [{ kind: 'GitRepository', name: '*' }, { kind: 'Kustomization', name: i % 5 ? `app-${i}` : '*' }],
        inclusionList: ['.*(succeeded|failed).*'], exclusionList: ['waiting.*socket', '^no changes'],
      },
    };
    const parsed = parseAlert(obj);
    if (!parsed.ok) throw new Error('bad alert');
    return compileAlert(obj, parsed.value);
  });
}

function event(i: number): FluxEvent {
  return {
    involvedObject: { kind: 'Kustomization', namespace: 'flux-system', name: `app-${i % alertCount}`, apiVersion: 'kustomize.toolkit.fluxcd.io/v1' },
    severity: i % 4 ? 'info' : 'error', timestamp: new Date().toISOString(), message: `Reconciliation succeeded for revision ${i}`,
    reason: 'ReconciliationSucceeded', metadata: { 'kustomize.toolkit.fluxcd.io/revision': `main@sha1:${i}` }, reportingController: 'applier',
  };
}

async function pureFigures(): Promise<void> {
  const compiled = alerts(alertCount);
  const noLabels = async () => ({});
  let matched = 0;
  const start = performance.now();
  for (let i = 0; i < events; i++) {
    for (const a of compiled) if ((await matchAlert(event(i), a, noLabels)).matched) matched += 1;
  }
  const ms = performance.now() - start;
  console.log(`match: ${events} events x ${alertCount} alerts in ${ms.toFixed(0)} ms = ${((events / ms) * 1000).toFixed(0)} events/s (${matched} matches)`);
  const encodeStart = performance.now();
  for (let i = 0; i < events * 10; i++) encodeFluxEvent(event(i));
  const encodeMs = performance.now() - encodeStart;
  console.log(`encode: ${events * 10} generic bodies in ${encodeMs.toFixed(0)} ms = ${(((events * 10) / encodeMs) * 1000).toFixed(0)} bodies/s`);
}

async function endToEnd(): Promise<void> {
  const stack = await startStack();
  try {
    await stack.apply(
      { apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Provider', metadata: { name: 'p', namespace: 'flux-system' }, spec: { type: 'generic', address: `${stack.receiver.url}/bench` } },
      { apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Alert', metadata: { name: 'a', namespace: 'flux-system' }, spec: { providerRef: { name: 'p' }, eventSources: [{ kind: 'Kustomization', name: '*' }] } },
    );
    const concurrency = { eventConcurrency: Number(process.env.EVENT_CONCURRENCY ?? 4), deliveryConcurrency: Number(process.env.DELIVERY_CONCURRENCY ?? 16) };
    await stack.startReplica(concurrency);
    await stack.startReplica(concurrency);
    const sentAt = new Map<string, number>();
    const start = performance.now();
    for (let i = 0; i < events; i++) {
      sentAt.set(`e${i}`, performance.now());
      await stack.bus.publish('event', { involvedObject: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name: 'apps' }, reason: 'ReconciliationSucceeded', message: `e${i}`, payload: {} });
    }
    const receivedAt = new Map<string, number>();
    let read = 0;
    await eventually(`${events} deliveries`, () => {
      for (const r of stack.receiver.requests.slice(read)) receivedAt.set((JSON.parse(r.body) as FluxEvent).message, performance.now());
      read = stack.receiver.requests.length;
      return receivedAt.size >= events;
    }, 120_000);
    const ms = performance.now() - start;
    const latencies = [...receivedAt].map(([m, t]) => t - sentAt.get(m)!).sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!.toFixed(1);
    console.log(`end to end: ${events} events delivered by 2 replicas in ${ms.toFixed(0)} ms = ${((events / ms) * 1000).toFixed(0)} deliveries/s; publish-to-receive p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`);
  } finally {
    await stack.stop();
  }
}

await pureFigures();
await endToEnd();
