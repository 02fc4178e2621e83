/** Deletion over HTTP: finalizers, propagation policies, garbage collection, preconditions, namespaces. */
import { strict as assert } from 'node:assert';
import { startKubeSim, type KubeSim } from '@sluice/kube-sim';
import { waitFor } from '@sluice/kube-sim/testing';
import { api, meta, unique, type Api } from '../support/api.js';

const NS = '/api/v1/namespaces';
const CMS = `${NS}/deleting/configmaps`;

function configMap(name: string, extra: Record<string, unknown> = {}): unknown {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra } };
}

function ownerRef(owner: Record<string, unknown>): Record<string, unknown> {
  const m = meta(owner);
  return { apiVersion: 'v1', kind: 'ConfigMap', name: m.name, uid: m.uid };
}

describe('deletion over HTTP', () => {
  let sim: KubeSim;
  let a: Api;

  before(async () => {
    sim = await startKubeSim({ tls: false, readyDelayMs: 10 });
    a = api(sim);
    await a.post(NS, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'deleting' } });
  });

  after(async () => {
    await sim?.stop();
  });

  const gone = (path: string): Promise<true> => waitFor(`${path} to be gone`, async () => ((await a.get(path)).status === 404 ? true : undefined));

  it('answers deletes of most kinds with a Success Status naming the object', async () => {
    const created = await a.post(CMS, configMap('plain'));
    const r = await a.delete(`${CMS}/plain`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'plain', kind: 'configmaps', uid: meta(created.body).uid } });
  });

  it('keeps an object with finalizers until they are removed', async () => {
    await a.post(CMS, configMap('held', { finalizers: ['example.com/hold'] }));
    const r = await a.delete(`${CMS}/held`);
    assert.equal(r.status, 200);
    assert.match(String(meta(r.body).deletionTimestamp), /Z$/);
    assert.equal(meta(r.body).deletionGracePeriodSeconds, 0);
    assert.equal((await a.get(`${CMS}/held`)).status, 200);
    const add = await a.patch(`${CMS}/held`, 'merge', { metadata: { finalizers: ['example.com/hold', 'example.com/more'] } });
    assert.equal(add.status, 422);
    assert.match(String(add.body.message), /metadata\.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers \[\]string\{"example\.com\/more"\}/);
    await a.patch(`${CMS}/held`, 'merge', { metadata: { finalizers: null } });
    assert.equal((await a.get(`${CMS}/held`)).status, 404);
  });

  it('checks uid and resourceVersion preconditions', async () => {
    await a.post(CMS, configMap('guarded'));
    const r = await a.delete(`${CMS}/guarded`, { preconditions: { uid: 'not-it' } });
    assert.equal(r.status, 409);
    assert.match(String(r.body.message), /^Operation cannot be fulfilled on configmaps "guarded": Precondition failed: UID in precondition: not-it, UID in object meta: [0-9a-f-]+$/);
  });

  it('collects dependents in the background once their owner is gone', async () => {
    const owner = await a.post(CMS, configMap('bg-owner'));
    await a.post(CMS, configMap('bg-child', { ownerReferences: [ownerRef(owner.body)] }));
    await a.delete(`${CMS}/bg-owner`);
    await gone(`${CMS}/bg-child`);
  });

  it('deletes dependents first with Foreground, holding the owner with the foregroundDeletion finalizer', async () => {
    const owner = await a.post(CMS, configMap('fg-owner'));
    await a.post(CMS, configMap('fg-child', { ownerReferences: [{ ...ownerRef(owner.body), blockOwnerDeletion: true }], finalizers: ['example.com/slow'] }));
    const r = await a.delete(`${CMS}/fg-owner`, { propagationPolicy: 'Foreground' });
    assert.deepEqual(meta(r.body).finalizers, ['foregroundDeletion']);
    const child = await waitFor('the child to be deleting', async () => {
      const c = await a.get(`${CMS}/fg-child`);
      return meta(c.body).deletionTimestamp ? c : undefined;
    });
    assert.ok(child);
    assert.equal((await a.get(`${CMS}/fg-owner`)).status, 200);
    await a.patch(`${CMS}/fg-child`, 'merge', { metadata: { finalizers: null } });
    await gone(`${CMS}/fg-owner`);
  });

  it('orphans dependents with Orphan, removing their owner references', async () => {
    const owner = await a.post(CMS, configMap('or-owner'));
    await a.post(CMS, configMap('or-child', { ownerReferences: [ownerRef(owner.body)] }));
    await a.delete(`${CMS}/or-owner?propagationPolicy=Orphan`);
    await gone(`${CMS}/or-owner`);
    const child = await a.get(`${CMS}/or-child`);
    assert.equal(child.status, 200);
    assert.equal(meta(child.body).ownerReferences, undefined);
  });

  it('collects objects whose owner never existed', async () => {
    await a.post(CMS, configMap('dangling', { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-4000-8000-000000000000' }] }));
    await gone(`${CMS}/dangling`);
  });

  it('orphans Job pods by default, as batch/v1 does', async () => {
    const name = unique('job');
    const created = await a.post('/apis/batch/v1/namespaces/deleting/jobs', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, spec: { template: { metadata: { annotations: { 'kube-sim.sluice.dev/ready-delay': '1h' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } });
    const uid = String(meta(created.body).uid);
    await waitFor('the Job pod', async () => ((await a.get(`${NS}/deleting/pods?labelSelector=batch.kubernetes.io%2Fcontroller-uid%3D${uid}`)).body.items as unknown[]).length > 0 ? true : undefined);
    await a.delete(`/apis/batch/v1/namespaces/deleting/jobs/${name}`);
    await gone(`/apis/batch/v1/namespaces/deleting/jobs/${name}`);
    const pods = (await a.get(`${NS}/deleting/pods?labelSelector=batch.kubernetes.io%2Fcontroller-uid%3D${uid}`)).body.items as { metadata: Record<string, unknown> }[];
    assert.equal(pods.length, 1);
    assert.equal(pods[0]!.metadata.ownerReferences, undefined);
  });

  describe('namespaces', () => {
    it('terminates a namespace: contents first, then the namespace itself', async () => {
      await a.post(NS, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
      await a.post(`${NS}/doomed/configmaps`, configMap('held', { finalizers: ['example.com/hold'] }));
      const r = await a.delete(`${NS}/doomed`);
      assert.equal(r.status, 200);
      assert.equal((r.body.status as { phase: string }).phase, 'Terminating');
      const refused = await a.post(`${NS}/doomed/configmaps`, configMap('late'));
      assert.equal(refused.status, 403);
      assert.equal(refused.body.message, 'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated');
      await waitFor('the held config map to be deleting', async () => (meta((await a.get(`${NS}/doomed/configmaps/held`)).body).deletionTimestamp ? true : undefined));
      assert.equal((await a.get(`${NS}/doomed`)).status, 200);
      await a.patch(`${NS}/doomed/configmaps/held`, 'merge', { metadata: { finalizers: null } });
      await gone(`${NS}/doomed`);
    });

    it('never deletes the system namespaces', async () => {
      const r = await a.delete(`${NS}/kube-system`);
      assert.equal(r.status, 403);
      assert.equal(r.body.message, 'namespaces "kube-system" is forbidden: this namespace may not be deleted');
    });

    it('gives new namespaces their default ServiceAccount and root CA ConfigMap', async () => {
      await a.post(NS, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fresh' } });
      await waitFor('the default service account', async () => ((await a.get(`${NS}/fresh/serviceaccounts/default`)).status === 200 ? true : undefined));
      assert.equal((await a.get(`${NS}/fresh/configmaps/kube-root-ca.crt`)).status, 200);
      const ns = await a.get(`${NS}/fresh`);
      assert.deepEqual(meta(ns.body).labels, { 'kubernetes.io/metadata.name': 'fresh' });
      assert.deepEqual(ns.body.spec, { finalizers: ['kubernetes'] });
      assert.deepEqual(ns.body.status, { phase: 'Active' });
    });
  });
});
