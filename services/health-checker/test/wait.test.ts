import { strict as assert } from 'node:assert';
import { compileHealthExpressions } from '@sluice/kstatus';
import { waitForHealth, type WaitOptions } from '../src/wait.js';
import { WatchHub } from '../src/watches.js';
import { FakeCluster, configMap, deployment } from '../src/testing.js';
import { sleep, targetOf } from './helpers.js';

describe('waitForHealth', () => {
  let cluster: FakeCluster;
  let hub: WatchHub;
  const base: WaitOptions = { timeoutMs: 5_000, expressions: [], failFast: true, now: () => Date.now() };
  beforeEach(() => {
    cluster = new FakeCluster();
    hub = new WatchHub(cluster.factory, { lingerMs: 0 });
  });
  afterEach(() => hub.stop());

  it('ends healthy when the last object becomes Current, and releases its trackers', async () => {
    cluster.put(configMap('apps', 'settings'));
    cluster.put(deployment('apps', 'web', 2, { available: 0 }));
    const waiting = waitForHealth(hub, [targetOf(configMap('apps', 'settings')), targetOf(deployment('apps', 'web', 2, { available: 0 }))], base);
    await sleep(5);
    cluster.put(deployment('apps', 'web', 2, { available: 1 }));
    await sleep(5);
    cluster.put(deployment('apps', 'web', 2, { available: 2 }));
    const outcome = await waiting;
    assert.equal(outcome.result, 'healthy');
    assert.deepEqual(outcome.objects.map((o) => o.status), ['Current', 'Current']);
    assert.equal(hub.stats().trackers, 0);
  });

  it('fails fast on a Failed object, long before the timeout', async () => {
    cluster.put(deployment('apps', 'web', 2, { available: 0 }));
    cluster.put(deployment('apps', 'api', 1, { available: 0 }));
    const targets = [targetOf(deployment('apps', 'web', 2, { available: 0 })), targetOf(deployment('apps', 'api', 1, { available: 0 }))];
    const waiting = waitForHealth(hub, targets, { ...base, timeoutMs: 60_000 });
    await sleep(5);
    cluster.put(deployment('apps', 'api', 1, 'deadline-exceeded'));
    const outcome = await waiting;
    assert.equal(outcome.result, 'failed');
    assert.deepEqual(outcome.failed.map((o) => o.target.name), ['api']);
    assert.deepEqual(outcome.notCurrent.map((o) => o.summary), ['Deployment/apps/web: 0 of 2 replicas available', 'Deployment/apps/api: Progress deadline exceeded']);
  });

  it('waits out the timeout without fail fast, and reports every object that is not Current', async () => {
    cluster.put(deployment('apps', 'api', 1, 'deadline-exceeded'));
    const targets = [targetOf(deployment('apps', 'api', 1, { available: 0 })), targetOf(configMap('apps', 'missing'))];
    const outcome = await waitForHealth(hub, targets, { ...base, timeoutMs: 30, failFast: false });
    assert.equal(outcome.result, 'timeout');
    assert.deepEqual(outcome.notCurrent.map((o) => o.status), ['Failed', 'NotFound']);
    assert.equal(outcome.notCurrent[1]!.summary, 'ConfigMap/apps/missing: not found');
  });

  it('ends canceled with the abort reason, at once', async () => {
    cluster.put(deployment('apps', 'web', 1, { available: 0 }));
    const controller = new AbortController();
    const waiting = waitForHealth(hub, [targetOf(deployment('apps', 'web', 1, { available: 0 }))], { ...base, signal: controller.signal });
    await sleep(5);
    controller.abort({ why: 'new revision' });
    const outcome = await waiting;
    assert.equal(outcome.result, 'canceled');
    assert.deepEqual(outcome.abortReason, { why: 'new revision' });
    assert.equal(hub.stats().trackers, 0);
  });

  it('does not start when already aborted, and passes with nothing to wait for', async () => {
    const controller = new AbortController();
    controller.abort('stop');
    assert.equal((await waitForHealth(hub, [targetOf(configMap('apps', 'x'))], { ...base, signal: controller.signal })).result, 'canceled');
    assert.equal((await waitForHealth(hub, [], base)).result, 'healthy');
  });

  it('judges a custom resource by the CEL expression that names its kind', async () => {
    const widget = (phase: string) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { namespace: 'apps', name: 'w', resourceVersion: phase }, status: { phase } });
    const compiled = compileHealthExpressions([{ apiVersion: 'example.com/v1', kind: 'Widget', current: "status.phase == 'Ready'", failed: "status.phase == 'Broken'" }]);
    assert.ok(compiled.ok);
    cluster.put(widget('Pending'));
    const waiting = waitForHealth(hub, [targetOf(widget('Pending'))], { ...base, expressions: compiled.evaluators });
    await sleep(5);
    cluster.put(widget('Ready'));
    assert.equal((await waiting).result, 'healthy');
  });
});
