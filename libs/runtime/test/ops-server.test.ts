import { strict as assert } from 'node:assert';
import { createServiceMetrics, startOpsServer, type OpsServer } from '@sluice/runtime';

/** The value of the sample `name` whose labels include `labels`, from Prometheus text exposition. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...m[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('ops server', () => {
  let ops: OpsServer | undefined;
  afterEach(async () => {
    await ops?.close();
    ops = undefined;
  });

  it('answers /healthz always, /readyz only while ready, and serves gotk_* metrics with the queue depth', async () => {
    const metrics = createServiceMetrics('applier', { defaultMetrics: false });
    let ready = false;
    ops = await startOpsServer({ port: 0, registry: metrics.registry, ready: () => ready });
    assert.equal((await fetch(`${ops.url}/healthz`)).status, 200);
    assert.equal((await fetch(`${ops.url}/readyz`)).status, 503);
    ready = true;
    assert.equal((await fetch(`${ops.url}/readyz`)).status, 200);
    assert.equal((await fetch(`${ops.url}/nope`)).status, 404);

    const subject = { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' };
    metrics.observeReconcile(subject, 'success', 0.3);
    metrics.observeReconcile(subject, 'failure', 1.2);
    metrics.setCondition(subject, 'Ready', 'True');
    metrics.trackQueueDepth('applier', () => Promise.resolve(7));
    const text = await (await fetch(`${ops.url}/metrics`)).text();
    const apps = { kind: 'Kustomization', name: 'apps', namespace: 'flux-system', service: 'applier' };
    assert.equal(sample(text, 'gotk_reconcile_duration_seconds_count', apps), 2);
    assert.equal(sample(text, 'gotk_reconcile_total', { kind: 'Kustomization', result: 'success', service: 'applier' }), 1);
    assert.equal(sample(text, 'gotk_reconcile_condition', { ...apps, type: 'Ready', status: 'True' }), 1);
    assert.equal(sample(text, 'gotk_reconcile_condition', { ...apps, type: 'Ready', status: 'False' }), 0);
    assert.equal(sample(text, 'sluice_queue_depth', { consumer: 'applier', service: 'applier' }), 7);
  });
});
