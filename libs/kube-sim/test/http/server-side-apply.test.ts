/** Server-side apply over HTTP: ownership, conflicts, force, removal of dropped fields, list semantics. */
import { strict as assert } from 'node:assert';
import { startKubeSim, type KubeSim } from '@sluice/kube-sim';
import { api, managers, meta, type Api } from '../support/api.js';

const NS = '/api/v1/namespaces/ssa';
const CMS = `${NS}/configmaps`;
const DEPLOYS = '/apis/apps/v1/namespaces/ssa/deployments';

function configMap(name: string, data: Record<string, string>): unknown {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data };
}

function deployment(name: string, containers: { name: string; image: string }[]): unknown {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers } } },
  };
}

describe('server-side apply over HTTP', () => {
  let sim: KubeSim;
  let a: Api;

  before(async () => {
    sim = await startKubeSim({ tls: false, controllers: false });
    a = api(sim);
    assert.equal((await a.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ssa' } })).status, 201);
  });

  after(async () => {
    await sim?.stop();
  });

  it('creates the object on first apply and records an Apply entry for the manager', async () => {
    const r = await a.apply(`${CMS}/first`, configMap('first', { k: 'v' }), 'alpha');
    assert.equal(r.status, 201);
    assert.deepEqual(managers(r.body), ['alpha/Apply']);
    assert.deepEqual((meta(r.body).managedFields as { fieldsV1: unknown }[])[0]!.fieldsV1, { 'f:data': { 'f:k': {} } });
  });

  it('answers 409 naming the other manager when two managers apply different values', async () => {
    await a.apply(`${CMS}/contested`, configMap('contested', { key: 'one' }), 'alpha');
    const r = await a.apply(`${CMS}/contested`, configMap('contested', { key: 'two' }), 'beta');
    assert.equal(r.status, 409);
    assert.equal(r.body.reason, 'Conflict');
    assert.equal(r.body.message, 'Apply failed with 1 conflict: conflict with "alpha": .data.key');
    assert.deepEqual((r.body.details as { causes: unknown[] }).causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "alpha"', field: '.data.key' }]);
  });

  it('names every co-owner when a field is shared by two managers', async () => {
    await a.apply(`${CMS}/shared`, configMap('shared', { key: 'same' }), 'alpha');
    assert.equal((await a.apply(`${CMS}/shared`, configMap('shared', { key: 'same' }), 'beta')).status, 200);
    const r = await a.apply(`${CMS}/shared`, configMap('shared', { key: 'other' }), 'gamma');
    assert.equal(r.status, 409);
    assert.match(String(r.body.message), /^Apply failed with 2 conflicts: conflicts with "alpha":\n- \.data\.key\nconflicts with "beta":\n- \.data\.key$/);
  });

  it('takes ownership with force=true', async () => {
    await a.apply(`${CMS}/forced`, configMap('forced', { key: 'one' }), 'alpha');
    const r = await a.apply(`${CMS}/forced`, configMap('forced', { key: 'two' }), 'beta', { force: true });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data, { key: 'two' });
    assert.deepEqual(managers(r.body), ['beta/Apply']);
  });

  it('removes a field the manager stops applying when nobody else owns it', async () => {
    await a.apply(`${CMS}/dropped`, configMap('dropped', { keep: '1', drop: '2' }), 'alpha');
    const r = await a.apply(`${CMS}/dropped`, configMap('dropped', { keep: '1' }), 'alpha');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data, { keep: '1' });
  });

  it('keeps a dropped field another manager also owns', async () => {
    await a.apply(`${CMS}/kept`, configMap('kept', { both: 'x' }), 'alpha');
    await a.apply(`${CMS}/kept`, configMap('kept', { both: 'x' }), 'beta');
    const r = await a.apply(`${CMS}/kept`, configMap('kept', {}), 'alpha');
    assert.deepEqual(r.body.data, { both: 'x' });
  });

  it('merges containers by name across managers', async () => {
    assert.equal((await a.apply(`${DEPLOYS}/web`, deployment('web', [{ name: 'app', image: 'nginx:1.27' }]), 'alpha')).status, 201);
    const withSidecar = await a.apply(`${DEPLOYS}/web`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.36' }] } } } }, 'beta');
    assert.equal(withSidecar.status, 200, JSON.stringify(withSidecar.body));
    const again = await a.apply(`${DEPLOYS}/web`, deployment('web', [{ name: 'app', image: 'nginx:1.28' }]), 'alpha');
    const containers = ((again.body.spec as { template: { spec: { containers: { name: string; image: string }[] } } }).template.spec.containers);
    assert.deepEqual(containers.map((c) => `${c.name}=${c.image}`), ['app=nginx:1.28', 'sidecar=busybox:1.36']);
  });

  it('reports the conflicting container field in the API server notation', async () => {
    const r = await a.apply(`${DEPLOYS}/web`, deployment('web', [{ name: 'sidecar', image: 'busybox:1.99' }]), 'gamma');
    assert.equal(r.status, 409);
    assert.equal(r.body.message, 'Apply failed with 1 conflict: conflict with "beta": .spec.template.spec.containers[name="sidecar"].image');
  });

  it('requires a fieldManager with the server\'s Invalid wording', async () => {
    const r = await a.apply(`${CMS}/nomanager`, configMap('nomanager', {}), undefined);
    assert.equal(r.status, 422);
    assert.equal(r.body.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  });

  it('leaves an unchanged object and its resourceVersion alone on a repeated apply', async () => {
    const first = await a.apply(`${CMS}/stable`, configMap('stable', { a: '1' }), 'alpha');
    const second = await a.apply(`${CMS}/stable`, configMap('stable', { a: '1' }), 'alpha');
    assert.equal(meta(second.body).resourceVersion, meta(first.body).resourceVersion);
  });

  it('still detects changes made by others between two identical applies', async () => {
    await a.apply(`${CMS}/repeat`, configMap('repeat', { a: '1' }), 'alpha');
    await a.apply(`${CMS}/repeat`, configMap('repeat', { a: '1' }), 'alpha');
    await a.patch(`${CMS}/repeat`, 'merge', { data: { a: 'changed' } });
    const r = await a.apply(`${CMS}/repeat`, configMap('repeat', { a: '1' }), 'alpha');
    assert.equal(r.status, 409);
    assert.match(String(r.body.message), /conflict with "unknown"/);
    const forced = await a.apply(`${CMS}/repeat`, configMap('repeat', { a: '1' }), 'alpha', { force: true });
    assert.deepEqual(forced.body.data, { a: '1' });
  });

  it('stores nothing and consumes no resourceVersion with dryRun=All', async () => {
    const before = await a.get(CMS);
    const r = await a.apply(`${CMS}/dry`, configMap('dry', { a: '1' }), 'alpha', { query: 'dryRun=All' });
    assert.equal(r.status, 201);
    assert.equal(meta(r.body).resourceVersion, undefined);
    assert.equal((await a.get(`${CMS}/dry`)).status, 404);
    assert.equal(meta((await a.get(CMS)).body).resourceVersion, meta(before.body).resourceVersion);
  });

  describe('on custom resources', () => {
    const WIDGETS = '/apis/example.com/v1/namespaces/ssa/widgets';

    before(async () => {
      await sim.stop();
      sim = await startKubeSim({ tls: false });
      a = api(sim);
      await a.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ssa' } });
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
        spec: {
          group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
          versions: [{
            name: 'v1', served: true, storage: true,
            schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: {
              ports: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name', 'protocol'], items: { type: 'object', required: ['name', 'protocol'], properties: { name: { type: 'string' }, protocol: { type: 'string' }, port: { type: 'integer' } } } },
              tags: { type: 'array', items: { type: 'string' } },
            } } } } },
          }],
        },
      };
      assert.equal((await a.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).status, 201);
      for (let i = 0; i < 200 && (await a.get(WIDGETS)).status !== 200; i++) await new Promise((r) => setTimeout(r, 10));
    });

    function widget(ports: { name: string; protocol: string; port: number }[], tags?: string[]): unknown {
      return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { ports, ...(tags ? { tags } : {}) } };
    }

    it('merges list-map entries by their keys from the CRD schema', async () => {
      assert.equal((await a.apply(`${WIDGETS}/w`, widget([{ name: 'http', protocol: 'TCP', port: 80 }]), 'alpha')).status, 201);
      const r = await a.apply(`${WIDGETS}/w`, widget([{ name: 'http', protocol: 'UDP', port: 53 }]), 'beta');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const ports = (r.body.spec as { ports: { name: string; protocol: string; port: number }[] }).ports;
      assert.deepEqual(ports.map((p) => `${p.name}/${p.protocol}=${p.port}`), ['http/TCP=80', 'http/UDP=53']);
    });

    it('conflicts only on the entry with the same keys', async () => {
      const r = await a.apply(`${WIDGETS}/w`, widget([{ name: 'http', protocol: 'TCP', port: 8080 }]), 'gamma');
      assert.equal(r.status, 409);
      assert.equal(r.body.message, 'Apply failed with 1 conflict: conflict with "alpha": .spec.ports[name="http",protocol="TCP"].port');
    });

    it('treats lists without list-map keys as atomic', async () => {
      const r = await a.apply(`${WIDGETS}/w`, widget([{ name: 'http', protocol: 'UDP', port: 53 }], ['a']), 'beta');
      assert.equal(r.status, 200);
      const conflict = await a.apply(`${WIDGETS}/w`, widget([{ name: 'http', protocol: 'TCP', port: 80 }], ['b']), 'alpha');
      assert.equal(conflict.status, 409);
      assert.match(String(conflict.body.message), /conflict with "beta": \.spec\.tags/);
    });
  });
});
