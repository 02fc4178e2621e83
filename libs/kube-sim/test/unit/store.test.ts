import { strict as assert } from 'node:assert';
import { Store } from '../../src/storage/store.js';
import type { JsonObject } from '../../src/json.js';

function cm(name: string, ns = 'default'): JsonObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns } };
}

describe('store', () => {
  it('stamps every write with the next global resourceVersion', () => {
    const s = new Store();
    const a = s.create('/configmaps', cm('a'));
    const b = s.create('apps/deployments', { metadata: { name: 'b', namespace: 'default' } });
    const removed = s.remove('/configmaps', a);
    assert.deepEqual([a, b, removed].map((o) => (o.metadata as JsonObject).resourceVersion), ['1', '2', '3']);
    assert.equal(s.revision, 3);
    assert.equal(s.get('/configmaps', 'default', 'a'), undefined);
  });

  it('lists in namespace/name order, optionally within one namespace', () => {
    const s = new Store();
    for (const [ns, n] of [['b', 'x'], ['a', 'z'], ['a', 'y'], ['a-b', 'w']] as const) s.create('/configmaps', cm(n, ns));
    assert.deepEqual(s.list('/configmaps').map((o) => `${String((o.metadata as JsonObject).namespace)}/${String((o.metadata as JsonObject).name)}`), ['a-b/w', 'a/y', 'a/z', 'b/x']);
    assert.equal(s.list('/configmaps', 'a').length, 2);
  });

  it('serves the events after a resourceVersion until they leave the ring, then says how old it may be', () => {
    const s = new Store({ watchCacheSize: 3 });
    for (let i = 0; i < 5; i++) s.create('/configmaps', cm(`c${i}`));
    const recent = s.eventsSince('/configmaps', 3);
    assert.deepEqual(recent.ok ? recent.events.map((e) => e.rv) : [], [4, 5]);
    assert.deepEqual(s.eventsSince('/configmaps', 1), { ok: false, oldest: 2 });
    assert.deepEqual(s.eventsSince('apps/deployments', 0), { ok: true, events: [] });
  });

  it('forgets events from before a restore', () => {
    const s = new Store();
    s.load([{ storageKey: '/configmaps', object: { ...cm('kept'), metadata: { name: 'kept', namespace: 'default', resourceVersion: '40' } } }], 42);
    assert.deepEqual(s.eventsSince('/configmaps', 10), { ok: false, oldest: 42 });
    assert.equal((s.create('/configmaps', cm('new')).metadata as JsonObject).resourceVersion, '43');
  });

  it('tells listeners about every change with the previous object', () => {
    const s = new Store();
    const seen: string[] = [];
    s.subscribe((e) => seen.push(`${e.type} ${e.rv} ${e.previous ? 'prev' : '-'}`));
    const a = s.create('/configmaps', cm('a'));
    s.update('/configmaps', { ...a, metadata: { ...(a.metadata as JsonObject) }, data: { x: '1' } });
    s.remove('/configmaps', a);
    assert.deepEqual(seen, ['ADDED 1 -', 'MODIFIED 2 prev', 'DELETED 3 prev']);
  });
});
