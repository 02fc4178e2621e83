/** A state directory keeps objects, tokens, CRDs and the resourceVersion counter across restarts. */
import { strict as assert } from 'node:assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeSimStateError, startKubeSim, type KubeSim } from '@sluice/kube-sim';
import { waitFor } from '@sluice/kube-sim/testing';
import { api, meta } from '../support/api.js';
import { openWatch } from '../support/watch.js';

describe('state directory', () => {
  let dir: string;
  const running: KubeSim[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kube-sim-state-'));
  });

  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function start(): Promise<KubeSim> {
    const sim = await startKubeSim({ tls: false, stateDir: dir, readyDelayMs: 10 });
    running.push(sim);
    return sim;
  }

  it('restores objects, the admin token and the resourceVersion counter after a restart', async () => {
    const first = await start();
    const a = api(first);
    const created = await a.post('/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept' }, data: { a: '1' } });
    const userToken = first.addUser('dana');
    await first.stop();
    running.splice(0);

    const second = await start();
    assert.equal(second.adminToken, first.adminToken);
    const b = api(second);
    const got = await b.get('/api/v1/namespaces/default/configmaps/kept');
    assert.equal(got.status, 200);
    assert.equal(meta(got.body).uid, meta(created.body).uid);
    const next = await b.post('/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'later' } });
    assert.ok(Number(meta(next.body).resourceVersion) > Number(meta(created.body).resourceVersion));
    assert.equal((await api(second, userToken).get('/api/v1/namespaces/default/configmaps')).status, 403);
  });

  it('serves custom resources again once their restored CRD is established', async () => {
    const first = await start();
    const a = api(first);
    await a.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'notes.example.com' },
      spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'notes', kind: 'Note' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
    });
    const notes = '/apis/example.com/v1/namespaces/default/notes';
    await waitFor('notes served', async () => ((await a.get(notes)).status === 200 ? true : undefined));
    const created = await a.post(notes, { apiVersion: 'example.com/v1', kind: 'Note', metadata: { name: 'n1' }, text: 'hello' });
    // Events from before the restart are gone: a watch from before the note's creation cannot be served.
    const rv = String(Number(meta(created.body).resourceVersion) - 1);
    await first.stop();
    running.splice(0);

    const second = await start();
    const b = api(second);
    const n1 = await waitFor('n1 served again', async () => {
      const r = await b.get(`${notes}/n1`);
      return r.status === 200 ? r : undefined;
    });
    assert.equal(n1.body.text, 'hello');
    const w = await openWatch(second, `${notes}?watch=true&resourceVersion=${rv}`);
    try {
      const e = await w.next();
      assert.equal(e.type, 'ERROR');
      assert.equal(e.object.code, 410);
    } finally {
      w.close();
    }
  });

  it('keeps serving with the same certificate, so an earlier kubeconfig stays valid', async () => {
    const first = await startKubeSim({ stateDir: dir, controllers: false });
    running.push(first);
    await first.stop();
    running.splice(0);
    const second = await startKubeSim({ stateDir: dir, controllers: false });
    running.push(second);
    const ca = (k: string): string => /certificate-authority-data: (\S+)/.exec(k)![1]!;
    assert.equal(ca(second.kubeconfig), ca(first.kubeconfig));
  });

  it('refuses a state directory holding something else', async () => {
    await writeFile(join(dir, 'state.json'), '{"not":"a snapshot"}');
    await assert.rejects(startKubeSim({ tls: false, stateDir: dir }), (err: unknown) => {
      assert.ok(err instanceof KubeSimStateError);
      assert.equal(err.code, 'SLUICE_KUBE_SIM_STATE');
      assert.match(err.message, /^kube-sim state directory .*: state\.json: not a kube-sim snapshot$/);
      return true;
    });
  });
});
