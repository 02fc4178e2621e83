/** Watches over HTTP: starting points, resumption, expiry, bookmarks, selectors and tables. */
import { strict as assert } from 'node:assert';
import { startKubeSim, type KubeSim } from '@sluice/kube-sim';
import { api, meta, type Api } from '../support/api.js';
import { openWatch, type OpenWatch } from '../support/watch.js';

const CMS = '/api/v1/namespaces/watching/configmaps';

function configMap(name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}): unknown {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

function nameOf(e: { object: Record<string, unknown> }): string {
  return String(meta(e.object).name);
}

describe('watch over HTTP', () => {
  let sim: KubeSim;
  let a: Api;
  const open: OpenWatch[] = [];

  before(async () => {
    sim = await startKubeSim({ tls: false, controllers: false, watchCacheSize: 5, bookmarkIntervalMs: 100 });
    a = api(sim);
    await a.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'watching' } });
  });

  afterEach(() => {
    for (const w of open.splice(0)) w.close();
  });

  after(async () => {
    await sim?.stop();
  });

  async function watch(path: string, headers?: Record<string, string>): Promise<OpenWatch> {
    const w = await openWatch(sim, path, headers);
    open.push(w);
    return w;
  }

  it('starts with synthetic ADDED events for existing objects when no resourceVersion is given', async () => {
    await a.post(CMS, configMap('existing-1', { set: 'initial' }));
    await a.post(CMS, configMap('existing-2', { set: 'initial' }));
    const w = await watch(`${CMS}?watch=true&labelSelector=set%3Dinitial`);
    assert.equal(w.status, 200);
    assert.deepEqual([await w.next(), await w.next()].map((e) => `${e.type} ${nameOf(e)}`), ['ADDED existing-1', 'ADDED existing-2']);
  });

  it('resumes after a resourceVersion with exactly the later events', async () => {
    const created = await a.post(CMS, configMap('resume', { set: 'resume' }));
    const rv = String(meta(created.body).resourceVersion);
    await a.patch(`${CMS}/resume`, 'merge', { data: { v: '1' } });
    await a.delete(`${CMS}/resume`);
    const w = await watch(`${CMS}?watch=1&resourceVersion=${rv}&labelSelector=set%3Dresume`);
    const events = [await w.next(), await w.next()];
    assert.deepEqual(events.map((e) => e.type), ['MODIFIED', 'DELETED']);
    assert.ok(Number(meta(events[1]!.object).resourceVersion) > Number(meta(events[0]!.object).resourceVersion));
  });

  it('reports a resourceVersion older than the watch cache with an ERROR event carrying 410 Expired', async () => {
    const first = await a.post(CMS, configMap('old-0'));
    for (let i = 1; i < 8; i++) await a.post(CMS, configMap(`old-${i}`));
    const w = await watch(`${CMS}?watch=true&resourceVersion=${String(meta(first.body).resourceVersion)}`);
    const e = await w.next();
    assert.equal(e.type, 'ERROR');
    assert.equal(e.object.code, 410);
    assert.equal(e.object.reason, 'Expired');
    assert.match(String(e.object.message), /^too old resource version: \d+ \(\d+\)$/);
    await w.ended;
  });

  it('sends BOOKMARK events when asked', async () => {
    const w = await watch(`${CMS}?watch=true&allowWatchBookmarks=true&resourceVersion=${String(meta((await a.get(CMS)).body).resourceVersion)}`);
    const e = await w.next(2000);
    assert.equal(e.type, 'BOOKMARK');
    assert.deepEqual(Object.keys(e.object).sort(), ['apiVersion', 'kind', 'metadata']);
    assert.equal(e.object.kind, 'ConfigMap');
  });

  it('ends initial events of a watch-list with a BOOKMARK annotated k8s.io/initial-events-end', async () => {
    await a.post(CMS, configMap('listed', { set: 'watchlist' }));
    const w = await watch(`${CMS}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&labelSelector=set%3Dwatchlist`);
    const added = await w.next();
    const bookmark = await w.next();
    assert.equal(`${added.type} ${nameOf(added)}`, 'ADDED listed');
    assert.equal(bookmark.type, 'BOOKMARK');
    assert.deepEqual((meta(bookmark.object).annotations as Record<string, string>), { 'k8s.io/initial-events-end': 'true' });
  });

  it('turns label changes into ADDED and DELETED for a selector-filtered watch', async () => {
    await a.post(CMS, configMap('moving', { tier: 'blue' }));
    const w = await watch(`${CMS}?watch=true&labelSelector=tier%3Dgreen&resourceVersion=${String(meta((await a.get(CMS)).body).resourceVersion)}`);
    await a.patch(`${CMS}/moving`, 'merge', { metadata: { labels: { tier: 'green' } } });
    await a.patch(`${CMS}/moving`, 'merge', { data: { x: 'y' } });
    await a.patch(`${CMS}/moving`, 'merge', { metadata: { labels: { tier: 'red' } } });
    assert.deepEqual([await w.next(), await w.next(), await w.next()].map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
  });

  it('watches one object through a metadata.name field selector', async () => {
    await a.post(CMS, configMap('single'));
    const w = await watch(`${CMS}?watch=true&fieldSelector=metadata.name%3Dsingle`);
    const e = await w.next();
    assert.equal(`${e.type} ${nameOf(e)}`, 'ADDED single');
    await a.post(CMS, configMap('unrelated'));
    await a.delete(`${CMS}/single`);
    assert.equal((await w.next()).type, 'DELETED');
  });

  it('closes the stream after timeoutSeconds', async () => {
    const w = await watch(`${CMS}?watch=true&timeoutSeconds=1&fieldSelector=metadata.name%3Dnothing`);
    await w.ended;
    assert.equal(w.events.length, 0);
  });

  it('serves Table events with column definitions only on the first', async () => {
    const w = await watch(`${CMS}?watch=true&fieldSelector=metadata.name%3Dtabled`, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    await a.post(CMS, configMap('tabled', {}, { a: '1' }));
    await a.patch(`${CMS}/tabled`, 'merge', { data: { b: '2' } });
    const [first, second] = [await w.next(), await w.next()];
    assert.equal(first.object.kind, 'Table');
    assert.deepEqual((first.object.columnDefinitions as { name: string }[]).map((c) => c.name), ['Name', 'Data', 'Age']);
    assert.deepEqual((second.object.columnDefinitions as unknown[]), []);
    assert.deepEqual(((second.object.rows as { cells: unknown[] }[])[0]!.cells).slice(0, 2), ['tabled', 2]);
  });
});
