import { strict as assert } from 'node:assert';
import { WatchHub } from '../src/watches.js';
import { FakeCluster, configMap, deployment } from '../src/testing.js';
import { sleep, targetOf } from './helpers.js';

describe('shared watches', () => {
  let hub: WatchHub | undefined;
  afterEach(async () => {
    await hub?.stop();
    hub = undefined;
  });

  it('runs one watch per kind however many objects are tracked', async () => {
    const cluster = new FakeCluster();
    hub = new WatchHub(cluster.factory);
    const trackers = ['a', 'b', 'c'].map((name) => hub!.track(targetOf(deployment('apps', name, 1, { available: 1 })), () => undefined));
    hub.track(targetOf(configMap('apps', 'settings')), () => undefined);
    await sleep(5);
    assert.deepEqual(Object.fromEntries(cluster.informersCreated), { 'apps/v1|Deployment': 1, 'v1|ConfigMap': 1 });
    assert.deepEqual(hub.stats(), { watches: 2, trackers: 4 });
    for (const t of trackers) t.release();
    assert.deepEqual(hub.stats(), { watches: 2, trackers: 1 });
  });

  it('tells only the trackers of the object that changed', async () => {
    const cluster = new FakeCluster();
    hub = new WatchHub(cluster.factory);
    const calls = { a: 0, b: 0 };
    const a = hub.track(targetOf(deployment('apps', 'a', 1, { available: 0 })), () => calls.a++);
    hub.track(targetOf(deployment('apps', 'b', 1, { available: 0 })), () => calls.b++);
    await sleep(5);
    assert.deepEqual(calls, { a: 1, b: 1 }, 'both are told once when the watch is listed');
    cluster.put(deployment('apps', 'a', 1, { available: 1 }));
    cluster.put(deployment('other', 'b', 1, { available: 1 }));
    assert.deepEqual(calls, { a: 2, b: 1 });
    const seen = a.observe();
    assert.ok(seen.synced && seen.object?.metadata.name === 'a');
  });

  it('stops a watch once its last tracker is gone for the linger time', async () => {
    const cluster = new FakeCluster();
    hub = new WatchHub(cluster.factory, { lingerMs: 20 });
    const t = hub.track(targetOf(configMap('apps', 'x')), () => undefined);
    await sleep(5);
    t.release();
    t.release();
    assert.equal(cluster.liveInformers, 1, 'lingers');
    await sleep(40);
    assert.equal(cluster.liveInformers, 0);
    assert.deepEqual(hub.stats(), { watches: 0, trackers: 0 });
  });

  it('keeps a lingering watch when a new tracker comes in time', async () => {
    const cluster = new FakeCluster();
    hub = new WatchHub(cluster.factory, { lingerMs: 20 });
    hub.track(targetOf(configMap('apps', 'x')), () => undefined).release();
    hub.track(targetOf(configMap('apps', 'y')), () => undefined);
    await sleep(40);
    assert.equal(cluster.liveInformers, 1);
    assert.equal(cluster.informersCreated.get('v1|ConfigMap'), 1);
  });

  it('retries a kind that cannot be listed and reports why meanwhile', async () => {
    const cluster = new FakeCluster();
    cluster.unlistable.add('example.com/v1|Widget');
    const errors: string[] = [];
    hub = new WatchHub(cluster.factory, { retryMs: [10, 10], onError: (kind, err) => errors.push(`${kind.kind}: ${(err as Error).message}`) });
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { namespace: 'apps', name: 'w' } };
    let changes = 0;
    const t = hub.track(targetOf(widget), () => changes++);
    await sleep(5);
    assert.deepEqual(t.observe(), { synced: false, error: 'no matches for kind "Widget" in version "example.com/v1"' });
    assert.ok(changes >= 1 && errors.length >= 1);
    cluster.put(widget);
    cluster.unlistable.clear();
    await sleep(30);
    const seen = t.observe();
    assert.ok(seen.synced && seen.object?.metadata.name === 'w');
  });

  it('finds a cluster-scoped object for a reference that carries a namespace', async () => {
    const cluster = new FakeCluster();
    hub = new WatchHub(cluster.factory);
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } };
    cluster.put(ns);
    let changes = 0;
    const t = hub.track({ apiVersion: 'v1', kind: 'Namespace', namespace: 'flux-system', name: 'apps' }, () => changes++);
    await sleep(5);
    const seen = t.observe();
    assert.ok(seen.synced && seen.object?.metadata.name === 'apps');
    cluster.put({ ...ns, metadata: { ...ns.metadata, labels: { a: 'b' } } });
    assert.equal(changes, 2);
  });
});
