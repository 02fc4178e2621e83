/**
 * @kubernetes/client-node 1.4 against the simulated server, unchanged from how the services use it against a real
 * cluster: typed and generic (KubernetesObjectApi) create, read, list, server-side apply, delete, watch, informer.
 */
import { strict as assert } from 'node:assert';
import {
  CoreV1Api, KubeConfig, KubernetesObjectApi, PatchStrategy, Watch, makeInformer, type KubernetesObject, type V1ConfigMap,
} from '@kubernetes/client-node';
import { startKubeSim, type KubeSim } from '@sluice/kube-sim';
import { waitFor } from '@sluice/kube-sim/testing';

for (const tls of [true, false]) {
  describe(`@kubernetes/client-node 1.4 over ${tls ? 'HTTPS' : 'HTTP'}`, () => {
    let sim: KubeSim;
    let kc: KubeConfig;
    let core: CoreV1Api;
    let objects: KubernetesObjectApi;
    const aborts: AbortController[] = [];

    before(async () => {
      sim = await startKubeSim({ tls, controllers: true });
      kc = new KubeConfig();
      kc.loadFromString(sim.kubeconfig);
      core = kc.makeApiClient(CoreV1Api);
      objects = KubernetesObjectApi.makeApiClient(kc);
      await core.createNamespace({ body: { metadata: { name: 'clients' } } });
    });

    after(async () => {
      for (const a of aborts) a.abort();
      await sim?.stop();
    });

    it('creates, reads, lists and deletes through the typed API', async () => {
      const created = await core.createNamespacedConfigMap({ namespace: 'clients', body: { metadata: { name: 'typed', labels: { suite: 'typed' } }, data: { a: '1' } } });
      assert.equal(created.metadata?.name, 'typed');
      assert.match(created.metadata?.uid ?? '', /^[0-9a-f-]{36}$/);
      const read = await core.readNamespacedConfigMap({ name: 'typed', namespace: 'clients' });
      assert.deepEqual(read.data, { a: '1' });
      const list = await core.listNamespacedConfigMap({ namespace: 'clients', labelSelector: 'suite=typed' });
      assert.deepEqual(list.items.map((c) => c.metadata?.name), ['typed']);
      await core.deleteNamespacedConfigMap({ name: 'typed', namespace: 'clients' });
      await assert.rejects(core.readNamespacedConfigMap({ name: 'typed', namespace: 'clients' }), (err: { code?: number; body?: string }) => {
        assert.equal(err.code, 404);
        assert.match(String(err.body), /configmaps \\"typed\\" not found|configmaps "typed" not found/);
        return true;
      });
    });

    it('creates, reads, lists, applies and deletes through KubernetesObjectApi', async () => {
      const spec: KubernetesObject & { data: Record<string, string> } = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'generic', namespace: 'clients' }, data: { a: '1' } };
      await objects.create(spec);
      const read = await objects.read<V1ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'generic', namespace: 'clients' } });
      assert.deepEqual(read.data, { a: '1' });
      const applied = await objects.patch<V1ConfigMap>({ ...spec, data: { a: '2', b: '3' } }, undefined, undefined, 'sluice-applier', true, PatchStrategy.ServerSideApply);
      assert.deepEqual(applied.data, { a: '2', b: '3' });
      assert.ok(applied.metadata?.managedFields?.some((m) => m.manager === 'sluice-applier' && m.operation === 'Apply'));
      const list = await objects.list<V1ConfigMap>('v1', 'ConfigMap', 'clients');
      assert.ok(list.items.some((c) => c.metadata?.name === 'generic'));
      await objects.delete({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'generic', namespace: 'clients' } });
      await assert.rejects(objects.read({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'generic', namespace: 'clients' } }));
    });

    it('server-side applies a Deployment, which the simulated controllers bring to Available', async () => {
      const deployment = {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'clients' },
        spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
      };
      await objects.patch(deployment, undefined, undefined, 'sluice-applier', false, PatchStrategy.ServerSideApply);
      const available = await waitFor('the Deployment to become Available', async () => {
        const d = await objects.read<KubernetesObject & { status?: { conditions?: { type: string; status: string }[] } }>({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'clients' } });
        return d.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True') ? d : undefined;
      });
      assert.equal(available.metadata?.generation, 1);
    });

    it('watches: ADDED, MODIFIED and DELETED events arrive in order', async () => {
      const seen: string[] = [];
      const controller = await new Watch(kc).watch('/api/v1/namespaces/clients/configmaps', { labelSelector: 'suite=watch' }, (phase, obj: V1ConfigMap) => {
        seen.push(`${phase} ${obj.metadata?.name ?? ''} ${obj.data?.v ?? ''}`);
      }, () => undefined);
      aborts.push(controller);
      await core.createNamespacedConfigMap({ namespace: 'clients', body: { metadata: { name: 'watched', labels: { suite: 'watch' } }, data: { v: '1' } } });
      await core.patchNamespacedConfigMap({ name: 'watched', namespace: 'clients', body: [{ op: 'replace', path: '/data/v', value: '2' }] });
      await core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'clients' });
      await waitFor('three watch events', () => (seen.length >= 3 ? true : undefined));
      assert.deepEqual(seen, ['ADDED watched 1', 'MODIFIED watched 2', 'DELETED watched 2']);
    });

    it('feeds an informer: its cache follows creates and deletes', async () => {
      const informer = makeInformer(kc, '/api/v1/namespaces/clients/secrets', () => core.listNamespacedSecret({ namespace: 'clients' }));
      await informer.start();
      try {
        await core.createNamespacedSecret({ namespace: 'clients', body: { metadata: { name: 'cached' }, stringData: { token: 'x' } } });
        const cached = await waitFor('the informer cache to hold the secret', () => informer.get('cached', 'clients'));
        assert.deepEqual(cached.data, { token: Buffer.from('x').toString('base64') });
        await core.deleteNamespacedSecret({ name: 'cached', namespace: 'clients' });
        await waitFor('the informer cache to drop the secret', () => (informer.get('cached', 'clients') === undefined ? true : undefined));
      } finally {
        await informer.stop();
      }
    });
  });
}
