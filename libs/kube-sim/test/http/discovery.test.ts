/** Discovery, OpenAPI and content negotiation (Tables, PartialObjectMetadata) over HTTP. */
import { strict as assert } from 'node:assert';
import { startKubeSim, type KubeSim } from '@sluice/kube-sim';
import { api, meta, type Api } from '../support/api.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('discovery and negotiation over HTTP', () => {
  let sim: KubeSim;
  let a: Api;

  before(async () => {
    sim = await startKubeSim({ tls: false, controllers: false });
    a = api(sim);
  });

  after(async () => {
    await sim?.stop();
  });

  it('reports its version', async () => {
    const r = await a.get('/version');
    assert.equal(r.body.major, '1');
    assert.equal(r.body.minor, '36');
    assert.match(String(r.body.gitVersion), /^v1\.36\.\d+\+kube-sim$/);
  });

  it('serves legacy discovery documents', async () => {
    const core = await a.get('/api');
    assert.deepEqual(core.body, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: new URL(sim.url).host }] });
    const groups = (await a.get('/apis')).body.groups as { name: string; preferredVersion: { version: string } }[];
    assert.equal(groups.find((g) => g.name === 'autoscaling')?.preferredVersion.version, 'v2');
    const apps = (await a.get('/apis/apps/v1')).body.resources as Record<string, unknown>[];
    assert.deepEqual(apps.find((r) => r.name === 'deployments'), {
      name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['deploy'], categories: ['all'],
      storageVersionHash: (apps.find((r) => r.name === 'deployments') as { storageVersionHash: string }).storageVersionHash,
    });
    assert.deepEqual(apps.find((r) => r.name === 'deployments/scale'), { name: 'deployments/scale', singularName: '', namespaced: true, kind: 'Scale', verbs: ['get', 'patch', 'update'], group: 'autoscaling', version: 'v1' });
  });

  it('serves aggregated discovery (apidiscovery.k8s.io/v2) when asked, with its content type', async () => {
    const r = await a.get('/apis', { Accept: AGGREGATED });
    assert.equal(r.raw.headers['content-type'], 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    assert.equal(r.body.kind, 'APIGroupDiscoveryList');
    assert.equal(r.body.apiVersion, 'apidiscovery.k8s.io/v2');
    const apps = (r.body.items as { metadata: { name: string }; versions: { version: string; resources: Record<string, unknown>[]; freshness: string }[] }[]).find((g) => g.metadata.name === 'apps')!;
    assert.equal(apps.versions[0]!.freshness, 'Current');
    assert.deepEqual(apps.versions[0]!.resources.find((x) => x.resource === 'deployments'), {
      resource: 'deployments', responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' }, scope: 'Namespaced', singularResource: 'deployment',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: ['deploy'], categories: ['all'],
      subresources: [
        { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
        { subresource: 'status', responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' }, verbs: ['get', 'patch', 'update'] },
      ],
    });
    const core = await a.get('/api', { Accept: AGGREGATED });
    assert.deepEqual((core.body.items as { metadata: unknown }[]).map((i) => i.metadata), [{ creationTimestamp: null }]);
  });

  it('serves OpenAPI v2 as JSON and as the protobuf kubectl asks for', async () => {
    const json = await a.get('/openapi/v2', { Accept: 'application/json' });
    assert.equal(json.body.swagger, '2.0');
    const pb = await a.get('/openapi/v2', { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
    assert.equal(pb.status, 200);
    assert.equal(pb.raw.headers['content-type'], 'application/octet-stream');
    assert.ok(pb.raw.body.startsWith('\n\u00032.0'));
  });

  it('lists OpenAPI v3 documents per group/version, with fieldValidation on PATCH', async () => {
    const root = await a.get('/openapi/v3');
    const paths = root.body.paths as Record<string, { serverRelativeURL: string }>;
    assert.match(paths['apis/apps/v1']!.serverRelativeURL, /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    const doc = await a.get(paths['api/v1']!.serverRelativeURL);
    assert.equal(doc.body.openapi, '3.0.0');
    const patch = (doc.body.paths as Record<string, { patch: { parameters: { name: string }[]; 'x-kubernetes-group-version-kind': unknown } }>)['/api/v1/namespaces/{namespace}/configmaps/{name}']!.patch;
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: '', kind: 'ConfigMap', version: 'v1' });
    assert.ok(patch.parameters.some((p) => p.name === 'fieldValidation'));
  });

  describe('tables', () => {
    before(async () => {
      await a.post('/apis/apps/v1/namespaces/default/deployments', {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'tabled' },
        spec: { replicas: 3, selector: { matchLabels: { app: 'tabled' } }, template: { metadata: { labels: { app: 'tabled' } }, spec: { containers: [{ name: 'a', image: 'nginx:1' }, { name: 'b', image: 'redis:7' }] } } },
      });
      await a.post('/api/v1/namespaces/default/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'tabled' }, spec: { selector: { app: 'tabled' }, ports: [{ port: 80 }, { name: 'x', port: 81, protocol: 'UDP' }].map((p, i) => ({ name: `p${i}`, ...p })) } });
    });

    it('renders Deployments with the real server\'s columns', async () => {
      const r = await a.get('/apis/apps/v1/namespaces/default/deployments/tabled', { Accept: TABLE });
      assert.equal(r.body.kind, 'Table');
      const cols = r.body.columnDefinitions as { name: string; type: string; format: string; priority: number }[];
      assert.deepEqual(cols.map((c) => `${c.name}/${c.type}/${c.priority}`), ['Name/string/0', 'Ready/string/0', 'Up-to-date/integer/0', 'Available/integer/0', 'Age/string/0', 'Containers/string/1', 'Images/string/1', 'Selector/string/1']);
      assert.equal(cols[0]!.format, 'name');
      const row = (r.body.rows as { cells: unknown[]; object: Record<string, unknown> }[])[0]!;
      assert.deepEqual([...row.cells.slice(0, 4), ...row.cells.slice(5)], ['tabled', '0/3', 0, 0, 'a,b', 'nginx:1,redis:7', 'app=tabled']);
      assert.match(String(row.cells[4]), /^\d+s$/);
      assert.equal(row.object.kind, 'PartialObjectMetadata');
      assert.equal((row.object.metadata as Record<string, unknown>).managedFields, undefined);
    });

    it('renders Services and honours includeObject', async () => {
      const r = await a.get('/api/v1/namespaces/default/services?fieldSelector=metadata.name%3Dtabled&includeObject=None', { Accept: TABLE });
      const row = (r.body.rows as { cells: unknown[]; object?: unknown }[])[0]!;
      assert.deepEqual([row.cells[0], row.cells[1], row.cells[3], row.cells[4]], ['tabled', 'ClusterIP', '<none>', '80/TCP,81/UDP']);
      assert.equal(row.object, undefined);
      const full = await a.get('/api/v1/namespaces/default/services?fieldSelector=metadata.name%3Dtabled&includeObject=Object', { Accept: TABLE });
      assert.equal(((full.body.rows as { object: { kind: string } }[])[0]!.object).kind, 'Service');
    });

    it('uses Name and Created At for kinds without a printer', async () => {
      const r = await a.get('/apis/rbac.authorization.k8s.io/v1/clusterroles/view', { Accept: TABLE });
      assert.deepEqual((r.body.columnDefinitions as { name: string }[]).map((c) => c.name), ['Name', 'Created At']);
      assert.match(String((r.body.rows as { cells: unknown[] }[])[0]!.cells[1]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });
  });

  it('serves PartialObjectMetadataList for metadata-only clients', async () => {
    const r = await a.get('/api/v1/namespaces', { Accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json' });
    assert.equal(r.body.kind, 'PartialObjectMetadataList');
    assert.ok((r.body.items as { metadata: Record<string, unknown> }[]).some((i) => i.metadata.name === 'default'));
    assert.equal(typeof meta(r.body).resourceVersion, 'string');
  });

  it('answers JSON when protobuf is offered first, and 406 when only protobuf is acceptable', async () => {
    const both = await a.get('/api/v1/namespaces/default', { Accept: 'application/vnd.kubernetes.protobuf,application/json' });
    assert.equal(both.raw.headers['content-type'], 'application/json');
    const only = await a.get('/api/v1/namespaces/default', { Accept: 'application/vnd.kubernetes.protobuf' });
    assert.equal(only.status, 406);
    assert.equal(only.body.reason, 'NotAcceptable');
  });
});
