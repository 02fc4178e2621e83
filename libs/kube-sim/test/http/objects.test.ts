/** Object semantics over HTTP: metadata the server owns, errors, validation, defaulting, immutability, dry runs. */
import { strict as assert } from 'node:assert';
import { startKubeSim, type KubeSim } from '@sluice/kube-sim';
import { api, meta, unique, type Api } from '../support/api.js';

const CMS = '/api/v1/namespaces/objects/configmaps';
const DEPLOYS = '/apis/apps/v1/namespaces/objects/deployments';
const SERVICES = '/api/v1/namespaces/objects/services';

function deployment(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, labels: { app: name } },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } }, ...extra },
  };
}

describe('objects over HTTP', () => {
  let sim: KubeSim;
  let a: Api;

  before(async () => {
    sim = await startKubeSim({ tls: false, controllers: false });
    a = api(sim);
    assert.equal((await a.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'objects' } })).status, 201);
  });

  after(async () => {
    await sim?.stop();
  });

  describe('server-owned metadata', () => {
    it('assigns uid, creationTimestamp and increasing resourceVersions from one global counter', async () => {
      const one = await a.post(CMS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: unique('cm') } });
      const two = await a.post(DEPLOYS, deployment(unique('d')));
      assert.equal(one.status, 201);
      assert.match(String(meta(one.body).uid), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.match(String(meta(one.body).creationTimestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(Number(meta(two.body).resourceVersion), Number(meta(one.body).resourceVersion) + 1);
    });

    it('sets generation 1 on kinds with a spec and none on ConfigMaps', async () => {
      const cm = await a.post(CMS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: unique('cm') } });
      const d = await a.post(DEPLOYS, deployment(unique('d')));
      assert.equal(meta(cm.body).generation, undefined);
      assert.equal(meta(d.body).generation, 1);
    });

    it('bumps generation on spec changes only', async () => {
      const name = unique('gen');
      const created = await a.post(DEPLOYS, deployment(name));
      const relabelled = await a.patch(`${DEPLOYS}/${name}`, 'merge', { metadata: { labels: { extra: 'yes' } } });
      assert.equal(meta(relabelled.body).generation, 1);
      const scaled = await a.patch(`${DEPLOYS}/${name}`, 'merge', { spec: { replicas: 3 } });
      assert.equal(meta(scaled.body).generation, 2);
      assert.notEqual(meta(scaled.body).resourceVersion, meta(created.body).resourceVersion);
    });

    it('keeps the status of the main resource and the spec of the status subresource', async () => {
      const name = unique('status');
      await a.post(DEPLOYS, { ...deployment(name), status: { replicas: 7 } });
      const got = await a.get(`${DEPLOYS}/${name}`);
      assert.deepEqual(got.body.status, {});
      const status = await a.put(`${DEPLOYS}/${name}/status`, { ...got.body, spec: { ...(got.body.spec as object), replicas: 9 }, status: { replicas: 2, observedGeneration: 1 } });
      assert.equal(status.status, 200, JSON.stringify(status.body));
      assert.deepEqual(status.body.status, { replicas: 2, observedGeneration: 1 });
      assert.equal((status.body.spec as { replicas: number }).replicas, 1);
      assert.equal(meta(status.body).generation, 1);
      const main = await a.patch(`${DEPLOYS}/${name}`, 'merge', { status: { replicas: 99 } });
      assert.deepEqual(main.body.status, { replicas: 2, observedGeneration: 1 });
    });
  });

  describe('errors', () => {
    it('answers a missing object with NotFound naming the resource', async () => {
      const r = await a.get(`${DEPLOYS}/missing`);
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'deployments.apps "missing" not found', reason: 'NotFound',
        details: { name: 'missing', group: 'apps', kind: 'deployments' }, code: 404,
      });
    });

    it('refuses objects in a namespace that does not exist', async () => {
      const r = await a.post('/api/v1/namespaces/nowhere/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
      assert.equal(r.status, 404);
      assert.equal(r.body.message, 'namespaces "nowhere" not found');
    });

    it('answers a duplicate create with AlreadyExists', async () => {
      const name = unique('dup');
      await a.post(CMS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
      const r = await a.post(CMS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
      assert.equal(r.status, 409);
      assert.equal(r.body.reason, 'AlreadyExists');
      assert.equal(r.body.message, `configmaps "${name}" already exists`);
    });

    it('answers a stale update with the optimistic-lock Conflict', async () => {
      const name = unique('stale');
      const created = await a.post(CMS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } });
      await a.put(`${CMS}/${name}`, { ...created.body, data: { a: '2' } });
      const r = await a.put(`${CMS}/${name}`, { ...created.body, data: { a: '3' } });
      assert.equal(r.status, 409);
      assert.equal(r.body.message, `Operation cannot be fulfilled on configmaps "${name}": the object has been modified; please apply your changes to the latest version and try again`);
    });

    it('validates names per kind with apimachinery\'s wording', async () => {
      const r = await a.post(CMS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } });
      assert.equal(r.status, 422);
      assert.equal(r.body.message, 'ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')');
      const svc = await a.post(SERVICES, { apiVersion: 'v1', kind: 'Service', metadata: { name: '1svc' }, spec: { ports: [{ port: 80 }] } });
      assert.match(String(svc.body.message), /metadata\.name: Invalid value: "1svc": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character/);
    });

    it('answers a body that is not JSON with 400', async () => {
      const r = await a.post(CMS, '{"apiVersion": "v1", "kind": ');
      assert.equal(r.status, 400);
      assert.match(String(r.body.message), /^couldn't get version\/kind; json parse error: /);
    });
  });

  describe('immutable fields', () => {
    it('refuses a Deployment selector change with the real Invalid message', async () => {
      const name = unique('sel');
      await a.post(DEPLOYS, deployment(name));
      const r = await a.patch(`${DEPLOYS}/${name}`, 'merge', { spec: { selector: { matchLabels: { app: 'other' } }, template: { metadata: { labels: { app: 'other' } } } } });
      assert.equal(r.status, 422);
      assert.equal(r.body.message, `Deployment.apps "${name}" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable`);
      assert.deepEqual((r.body.details as { causes: unknown[] }).causes, [{ reason: 'FieldValueInvalid', message: 'Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable', field: 'spec.selector' }]);
    });

    it('refuses changes to an immutable ConfigMap', async () => {
      const name = unique('frozen');
      await a.post(CMS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' }, immutable: true });
      const r = await a.patch(`${CMS}/${name}`, 'merge', { data: { a: '2' } });
      assert.equal(r.status, 422);
      assert.equal(r.body.message, `ConfigMap "${name}" is invalid: data: Forbidden: field is immutable when \`immutable\` is set`);
    });

    it('allocates a Service clusterIP that may not change', async () => {
      const name = unique('svc');
      const created = await a.post(SERVICES, { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'x' }, ports: [{ port: 80 }] } });
      const spec = created.body.spec as Record<string, unknown>;
      assert.match(String(spec.clusterIP), /^10\.96\.\d+\.\d+$/);
      assert.deepEqual(spec.clusterIPs, [spec.clusterIP]);
      const r = await a.patch(`${SERVICES}/${name}`, 'merge', { spec: { clusterIP: '10.96.200.200', clusterIPs: ['10.96.200.200'] } });
      assert.equal(r.status, 422);
      assert.equal(r.body.message, `Service "${name}" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.200.200"}: may not change once set`);
    });

    it('refuses a Job template change', async () => {
      const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: unique('job') }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } };
      const created = await a.post('/apis/batch/v1/namespaces/objects/jobs', job);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const r = await a.patch(`/apis/batch/v1/namespaces/objects/jobs/${job.metadata.name}`, 'json', [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'alpine' }]);
      assert.equal(r.status, 422);
      assert.match(String(r.body.message), /is invalid: spec\.template: Invalid value: core\.PodTemplateSpec\{.*\}: field is immutable$/);
    });
  });

  describe('defaulting', () => {
    it('fills in what the real server defaults on a Deployment and its pod template', async () => {
      const r = await a.post(DEPLOYS, deployment(unique('def')));
      const spec = r.body.spec as Record<string, unknown>;
      assert.equal(spec.replicas, 1);
      assert.equal(spec.revisionHistoryLimit, 10);
      assert.equal(spec.progressDeadlineSeconds, 600);
      assert.deepEqual(spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
      const pod = (spec.template as { spec: Record<string, unknown> }).spec;
      assert.deepEqual({ ...pod, containers: undefined }, { containers: undefined, dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', terminationGracePeriodSeconds: 30, securityContext: {}, schedulerName: 'default-scheduler' });
      assert.deepEqual((pod.containers as unknown[])[0], {
        name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], imagePullPolicy: 'IfNotPresent',
        terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {},
      });
    });

    it('defaults Services and folds Secret stringData into base64 data', async () => {
      const svc = await a.post(SERVICES, { apiVersion: 'v1', kind: 'Service', metadata: { name: unique('svc') }, spec: { type: 'NodePort', ports: [{ port: 8080 }] } });
      const spec = svc.body.spec as Record<string, unknown>;
      assert.equal(spec.sessionAffinity, 'None');
      assert.equal(spec.externalTrafficPolicy, 'Cluster');
      assert.deepEqual(spec.ipFamilies, ['IPv4']);
      const port = (spec.ports as Record<string, unknown>[])[0]!;
      assert.deepEqual({ ...port, nodePort: typeof port.nodePort }, { port: 8080, protocol: 'TCP', targetPort: 8080, nodePort: 'number' });
      const secret = await a.post('/api/v1/namespaces/objects/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: unique('s') }, stringData: { password: 'hunter2' } });
      assert.equal(secret.body.type, 'Opaque');
      assert.deepEqual(secret.body.data, { password: Buffer.from('hunter2').toString('base64') });
      assert.equal(secret.body.stringData, undefined);
    });

    it('generates a name from generateName', async () => {
      const r = await a.post(CMS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } });
      assert.match(String(meta(r.body).name), /^gen-[a-z0-9]{5}$/);
    });
  });

  describe('dryRun=All', () => {
    it('validates fully, stores nothing and consumes no resourceVersion', async () => {
      const before = meta((await a.get(CMS)).body).resourceVersion;
      const ok = await a.post(`${CMS}?dryRun=All`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry' } });
      assert.equal(ok.status, 201);
      assert.equal(meta(ok.body).resourceVersion, undefined);
      const bad = await a.post(`${CMS}?dryRun=All`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Dry' } });
      assert.equal(bad.status, 422);
      assert.equal((await a.get(`${CMS}/dry`)).status, 404);
      assert.equal(meta((await a.get(CMS)).body).resourceVersion, before);
    });

    it('leaves the object in place on dry-run delete and update', async () => {
      const name = unique('keep');
      await a.post(CMS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } });
      assert.equal((await a.delete(`${CMS}/${name}?dryRun=All`)).status, 200);
      const updated = await a.patch(`${CMS}/${name}?dryRun=All`, 'merge', { data: { a: '2' } });
      assert.deepEqual(updated.body.data, { a: '2' });
      assert.deepEqual((await a.get(`${CMS}/${name}`)).body.data, { a: '1' });
    });
  });

  describe('fieldValidation', () => {
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fv', bogus: 1 }, data: { a: '1' }, extra: true };

    it('Strict: refuses unknown fields with the decoder\'s wording', async () => {
      const r = await a.post(`${CMS}?fieldValidation=Strict`, body);
      assert.equal(r.status, 400);
      assert.equal(r.body.message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.bogus", unknown field "extra"');
    });

    it('Warn (the default): accepts, drops the fields and says so in Warning headers', async () => {
      const r = await a.post(CMS, { ...body, metadata: { name: unique('fv'), bogus: 1 } });
      assert.equal(r.status, 201);
      assert.deepEqual(r.raw.headers.warning, '299 - "unknown field \\"metadata.bogus\\"", 299 - "unknown field \\"extra\\""');
      assert.equal(r.body.extra, undefined);
    });

    it('Ignore: accepts silently', async () => {
      const r = await a.post(`${CMS}?fieldValidation=Ignore`, { ...body, metadata: { name: unique('fv') } });
      assert.equal(r.status, 201);
      assert.equal(r.raw.headers.warning, undefined);
    });

    it('answers a value of the wrong type with the JSON decoder\'s error', async () => {
      const r = await a.post(DEPLOYS, deployment(unique('typed'), { replicas: 'three' }));
      assert.equal(r.status, 400);
      assert.match(String(r.body.message), /^Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec\.spec\.replicas of type /);
    });
  });

  describe('list', () => {
    before(async () => {
      for (let i = 0; i < 5; i++) {
        await a.post('/api/v1/namespaces/objects/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: `page-${i}`, labels: { page: 'yes', parity: i % 2 ? 'odd' : 'even' } }, type: i === 0 ? 'kubernetes.io/tls' : 'Opaque', data: {} });
      }
    });

    it('filters by label and field selectors', async () => {
      const odd = await a.get('/api/v1/namespaces/objects/secrets?labelSelector=page%3Dyes,parity%20in%20(odd)');
      assert.deepEqual((odd.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name), ['page-1', 'page-3']);
      const tls = await a.get('/api/v1/namespaces/objects/secrets?fieldSelector=type%3Dkubernetes.io%2Ftls');
      assert.deepEqual((tls.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name), ['page-0']);
    });

    it('pages with limit and continue, reporting the remaining count', async () => {
      const first = await a.get('/api/v1/namespaces/objects/secrets?labelSelector=page&limit=2');
      const m = meta(first.body);
      assert.equal((first.body.items as unknown[]).length, 2);
      assert.equal(typeof m.continue, 'string');
      const rest = await a.get(`/api/v1/namespaces/objects/secrets?labelSelector=page&limit=10&continue=${encodeURIComponent(String(m.continue))}`);
      assert.deepEqual((rest.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name), ['page-2', 'page-3', 'page-4']);
      assert.equal(meta(rest.body).resourceVersion, m.resourceVersion);
      assert.equal(meta(rest.body).continue, undefined);
    });

    it('serves built-in list items without apiVersion and kind, as the real server does', async () => {
      const r = await a.get('/api/v1/namespaces/objects/secrets?limit=1');
      assert.equal(r.body.kind, 'SecretList');
      assert.equal(r.body.apiVersion, 'v1');
      const item = (r.body.items as Record<string, unknown>[])[0]!;
      assert.equal(item.kind, undefined);
      assert.equal(item.apiVersion, undefined);
    });

    it('deletes a collection by label selector and answers with what it deleted', async () => {
      for (const n of ['sweep-a', 'sweep-b', 'keep-c']) await a.post(CMS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: n, labels: { sweep: n.startsWith('sweep') ? 'yes' : 'no' } } });
      const r = await a.delete(`${CMS}?labelSelector=sweep%3Dyes`);
      assert.equal(r.status, 200);
      assert.equal(r.body.kind, 'ConfigMapList');
      assert.deepEqual((r.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name), ['sweep-a', 'sweep-b']);
      const left = (await a.get(`${CMS}?labelSelector=sweep`)).body.items as { metadata: { name: string } }[];
      assert.deepEqual(left.map((i) => i.metadata.name), ['keep-c']);
    });

    it('refuses selectors on unsupported fields and malformed label selectors', async () => {
      const field = await a.get('/api/v1/namespaces/objects/configmaps?fieldSelector=spec.nope%3Dx');
      assert.equal(field.status, 400);
      assert.equal(field.body.message, 'field label not supported: spec.nope');
      const label = await a.get('/api/v1/namespaces/objects/configmaps?labelSelector=a%20b');
      assert.equal(label.status, 400);
      assert.match(String(label.body.message), /^unable to parse requirement: /);
    });
  });
});
