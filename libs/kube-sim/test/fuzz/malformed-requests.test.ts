/**
 * 2,000 random and malformed requests (seeded; the seed is printed, set KUBE_SIM_FUZZ_SEED to replay): every one
 * must be answered with a 4xx Kubernetes Status, never a crash or a 500, and the server must still work after.
 */
import { strict as assert } from 'node:assert';
import { startKubeSim, type KubeSim } from '@sluice/kube-sim';
import { seededRandom } from '@sluice/testing';
import { rawRequest, type RawResponse } from '@sluice/kube-sim/testing';


interface FuzzRequest {
  readonly kind: string;
  readonly method: string;
  readonly path: string;
  readonly body?: string | Buffer;
  readonly headers?: Record<string, string>;
}

type Gen = (r: Rand) => FuzzRequest;

class Rand {
  readonly next: () => number;

  constructor(next: () => number) {
    this.next = next;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  word(n = 1 + this.int(12)): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-._~%ABCXYZ!$';
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
  /** A random JSON value, nested up to `depth`. */
  json(depth: number): unknown {
    const k = this.int(depth > 0 ? 7 : 5);
    switch (k) {
      case 0: return null;
      case 1: return this.next() < 0.5;
      case 2: return this.int(2000) - 1000;
      case 3: return this.word();
      case 4: return this.next() * 1e6;
      case 5: return Array.from({ length: this.int(4) }, () => this.json(depth - 1));
      default: return Object.fromEntries(Array.from({ length: this.int(4) }, () => [this.word(), this.json(depth - 1)]));
    }
  }
}

const NS = 'fuzz';
const COLLECTIONS = [
  `/api/v1/namespaces/${NS}/configmaps`, `/api/v1/namespaces/${NS}/secrets`, `/api/v1/namespaces/${NS}/services`,
  `/apis/apps/v1/namespaces/${NS}/deployments`, `/apis/batch/v1/namespaces/${NS}/jobs`, `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`,
  `/apis/example.com/v1/namespaces/${NS}/widgets`,
];
const KINDS: Record<string, [string, string]> = {
  configmaps: ['v1', 'ConfigMap'], secrets: ['v1', 'Secret'], services: ['v1', 'Service'], deployments: ['apps/v1', 'Deployment'],
  jobs: ['batch/v1', 'Job'], roles: ['rbac.authorization.k8s.io/v1', 'Role'], widgets: ['example.com/v1', 'Widget'],
};

function typeOf(collection: string): [string, string] {
  return KINDS[collection.slice(collection.lastIndexOf('/') + 1)]!;
}

/** A body of the right kind whose content breaks the schema or the kind's rules. */
function invalidObject(r: Rand, collection: string, name: string): unknown {
  const [apiVersion, kind] = typeOf(collection);
  const breakers: (() => unknown)[] = [
    () => ({ apiVersion, kind, metadata: { name: r.pick(kind === 'Role' ? ['a/b', '..', 'x%y'] : ['Upper', 'under_score', '-lead', 'trail-', 'a'.repeat(254), 'sp ace', 'a/b']) } }),
    () => ({ apiVersion, kind, metadata: { name, labels: { [r.pick(['bad key', '-x', 'a/b/c'])]: 'v' } } }),
    () => ({ apiVersion, kind, metadata: { name, namespace: 'elsewhere' } }),
    () => ({ apiVersion, kind, metadata: r.pick([5, 'x', [1], true]) }),
    () => ({ apiVersion, kind, metadata: { name: r.pick([5, [], {}, true]) } }),
    () => ({ apiVersion: r.pick(['v9', 'nope/v1', 'apps/v2']), kind, metadata: { name } }),
    () => ({ apiVersion, kind: r.pick(['Pod', 'Nonsense', 'configmap']), metadata: { name } }),
    () => ({ apiVersion, kind, metadata: {} }),
    () => ({ apiVersion, kind, metadata: { name, resourceVersion: '12' } }),
    () => ({ apiVersion, kind, metadata: { name, ownerReferences: [{ apiVersion: '', kind: '', name: '', uid: '' }] } }),
    () => ({ apiVersion, kind, metadata: { name, finalizers: ['Bad Finalizer'] } }),
    () => kindSpecificBreak(r, kind, apiVersion, name),
  ];
  return r.pick(breakers)();
}

function kindSpecificBreak(r: Rand, kind: string, apiVersion: string, name: string): unknown {
  const base = { apiVersion, kind, metadata: { name } };
  switch (kind) {
    case 'ConfigMap': return { ...base, data: r.pick([{ a: 1 }, { 'bad key': 'x' }, 'str', [1]]) };
    case 'Secret': return { ...base, data: r.pick([{ a: 'not base64!' }, { a: 5 }]) };
    case 'Service': return { ...base, spec: r.pick([{ ports: [{ port: 0 }] }, { type: 'Weird', ports: [{ port: 80 }] }, { ports: 'x' }, {}]) };
    case 'Deployment': return { ...base, spec: r.pick([{}, { replicas: 'two' }, { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'c' } }, spec: { containers: [{ name: 'x', image: 'y' }] } } }, { replicas: -1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [] } } }]) };
    case 'Job': return { ...base, spec: r.pick([{}, { template: { spec: { restartPolicy: 'Always', containers: [{ name: 'x', image: 'y' }] } } }, { backoffLimit: 'many' }]) };
    case 'Role': return { ...base, rules: r.pick(['all', [{ verbs: 'get' }], 7]) };
    default: return { ...base, spec: r.pick([{}, { size: 'big' }, { size: 0 }, { size: 3, color: 'green' }, { size: 1.5 }]) };
  }
}

const GENERATORS: readonly Gen[] = [
  (r) => ({ kind: 'random path under /api', method: r.pick(['GET', 'POST', 'DELETE']), path: `/api/zz${r.word()}/${r.word()}/${r.word()}` }),
  (r) => ({ kind: 'random group path', method: r.pick(['GET', 'PUT', 'PATCH']), path: `/apis/zz${r.word()}.example/${r.word()}/${r.word()}`, body: '{}', headers: { 'Content-Type': 'application/json' } }),
  (r) => ({ kind: 'unknown resource', method: 'GET', path: `/api/v1/namespaces/${NS}/zz${r.word()}` }),
  (r) => ({ kind: 'proxy-like deep path', method: 'GET', path: `/api/v1/namespaces/${NS}/pods/x/${r.pick(['log', 'exec', 'proxy', 'attach'])}/${r.word()}` }),
  (r) => ({ kind: 'missing object', method: r.pick(['GET', 'DELETE']), path: `${r.pick(COLLECTIONS)}/zz-${r.word(8).toLowerCase().replace(/[^a-z0-9]/g, 'a')}` }),
  (r) => ({ kind: 'random bytes body', method: 'POST', path: r.pick(COLLECTIONS), body: r.bytes(1 + r.int(300)), headers: { 'Content-Type': 'application/json' } }),
  (r) => ({ kind: 'truncated JSON', method: 'POST', path: r.pick(COLLECTIONS), body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }).slice(0, 1 + r.int(40)), headers: { 'Content-Type': 'application/json' } }),
  (r) => ({ kind: 'JSON that is not an object', method: r.pick(['POST', 'PUT']), path: `${r.pick(COLLECTIONS)}${r.next() < 0.5 ? '/x' : ''}`, body: JSON.stringify(r.pick([[r.json(2)], 42, 'text', null, true])), headers: { 'Content-Type': 'application/json' } }),
  (r) => {
    const c = r.pick(COLLECTIONS);
    return { kind: 'schema-breaking object', method: 'POST', path: c, body: JSON.stringify(invalidObject(r, c, `f${r.int(1e9)}`)), headers: { 'Content-Type': r.pick(['application/json', 'application/yaml']) } };
  },
  (r) => ({ kind: 'unsupported content type', method: r.pick(['POST', 'PUT']), path: `${r.pick(COLLECTIONS)}/x`.replace(/\/x$/, r.next() < 0.5 ? '' : '/x'), body: '{}', headers: { 'Content-Type': r.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', '']) } }),
  (r) => ({ kind: 'PATCH with unknown patch type', method: 'PATCH', path: `/api/v1/namespaces/${NS}/configmaps/existing`, body: '{}', headers: { 'Content-Type': r.pick(['application/json', 'text/plain', 'application/patch', 'application/merge+json']) } }),
  (r) => ({ kind: 'malformed JSON patch', method: 'PATCH', path: `/api/v1/namespaces/${NS}/configmaps/existing`, body: JSON.stringify(r.pick([{ op: 'add' }, [{ op: 'nope', path: '/x' }], [{ op: 'remove', path: '/missing/field' }], [{ op: 'test', path: '/data/a', value: 'zz' }], [1, 2], 'x'])), headers: { 'Content-Type': 'application/json-patch+json' } }),
  (r) => ({ kind: 'merge patch that breaks the object', method: 'PATCH', path: `/api/v1/namespaces/${NS}/configmaps/existing`, body: JSON.stringify(r.pick([[1], 'x', { metadata: { name: 'renamed' } }, { data: { a: 5 } }, { data: { 'bad key': 'v' } }])), headers: { 'Content-Type': 'application/merge-patch+json' } }),
  (r) => ({ kind: 'strategic patch on a custom resource', method: 'PATCH', path: `/apis/example.com/v1/namespaces/${NS}/widgets/existing`, body: JSON.stringify({ spec: { size: r.int(9) + 1 } }), headers: { 'Content-Type': 'application/strategic-merge-patch+json' } }),
  (r) => ({ kind: 'malformed strategic patch', method: 'PATCH', path: `/apis/apps/v1/namespaces/${NS}/deployments/existing`, body: JSON.stringify(r.pick([{ spec: { template: { spec: { containers: [{ image: 'no-name' }] } } } }, { spec: { replicas: 'x' } }, { $patch: 'merge' }, { spec: { selector: { matchLabels: { changed: 'yes' } } } }])), headers: { 'Content-Type': 'application/strategic-merge-patch+json' } }),
  (r) => ({ kind: 'apply without fieldManager', method: 'PATCH', path: `/api/v1/namespaces/${NS}/configmaps/x${r.int(1e6)}`, body: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n', headers: { 'Content-Type': 'application/apply-patch+yaml' } }),
  (r) => ({ kind: 'apply with broken YAML', method: 'PATCH', path: `/api/v1/namespaces/${NS}/configmaps/y?fieldManager=fuzz`, body: r.pick(['a: b: c', '{{{', 'key: [unclosed', '- a\n- b\n', '---\na: 1\n---\nb: 2\n', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n']), headers: { 'Content-Type': 'application/apply-patch+yaml' } }),
  (r) => ({ kind: 'apply with managedFields', method: 'PATCH', path: `/api/v1/namespaces/${NS}/configmaps/z${r.int(1e6)}?fieldManager=fuzz`, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'z', managedFields: [{ manager: 'x' }] } }), headers: { 'Content-Type': 'application/apply-patch+yaml' } }),
  (r) => ({ kind: 'bad list parameters', method: 'GET', path: `${r.pick(COLLECTIONS)}?${r.pick(['limit=abc', 'labelSelector=a%20b%20c', 'labelSelector=in(', 'labelSelector=!', 'fieldSelector=spec.nope%3Dx', 'fieldSelector=garbage', 'resourceVersionMatch=Exact', 'resourceVersion=abc', 'continue=notbase64!', 'timeoutSeconds=x&watch=true'])}` }),
  (r) => ({ kind: 'bad write parameters', method: 'POST', path: `/api/v1/namespaces/${NS}/configmaps?${r.pick(['dryRun=Nope', 'fieldValidation=Loose', `fieldManager=${'m'.repeat(200)}`, 'dryRun=All&dryRun=Some'])}`, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `q${r.int(1e9)}` } }), headers: { 'Content-Type': 'application/json' } }),
  (r) => ({ kind: 'bad delete options', method: 'DELETE', path: `/api/v1/namespaces/${NS}/configmaps/existing?${r.pick(['propagationPolicy=Sideways', 'gracePeriodSeconds=soon'])}` }),
  (r) => ({ kind: 'bad delete body', method: 'DELETE', path: `/api/v1/namespaces/${NS}/configmaps/existing`, body: r.pick(['[1]', '{"propagationPolicy":"Up"}', '{"preconditions":{"uid":"nope"}}', '{"propagationPolicy":"Orphan","orphanDependents":true}', '{{']), headers: { 'Content-Type': 'application/json' } }),
  (r) => ({ kind: 'stale update', method: 'PUT', path: `/api/v1/namespaces/${NS}/configmaps/existing`, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'existing', resourceVersion: String(1 + r.int(3)) }, data: { a: 'b' } }), headers: { 'Content-Type': 'application/json' } }),
  (r) => ({ kind: 'update renaming the object', method: 'PUT', path: `/api/v1/namespaces/${NS}/configmaps/existing`, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `other${r.int(100)}` } }), headers: { 'Content-Type': 'application/json' } }),
  (r) => ({ kind: 'wrong method on a collection', method: r.pick(['PUT', 'PATCH']), path: r.pick(COLLECTIONS), body: '{}', headers: { 'Content-Type': 'application/merge-patch+json' } }),
  (r) => ({ kind: 'object in a missing namespace', method: 'POST', path: `/api/v1/namespaces/zz${r.int(1e6)}/configmaps`, body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }), headers: { 'Content-Type': 'application/json' } }),
  (r) => ({ kind: 'unknown bearer token', method: 'GET', path: r.pick(['/api', ...COLLECTIONS]), headers: { Authorization: `Bearer ${r.word(20)}` } }),
  (r) => ({ kind: 'unprivileged user', method: r.pick(['GET', 'DELETE']), path: r.pick(COLLECTIONS), headers: { Authorization: 'Bearer USER' } }),
  (r) => ({ kind: 'impersonation without rights', method: 'GET', path: r.pick(COLLECTIONS), headers: { Authorization: 'Bearer USER', 'Impersonate-User': r.pick(['admin', 'system:admin', r.word()]) } }),
  (r) => ({ kind: 'only protobuf accepted', method: 'GET', path: r.pick(COLLECTIONS), headers: { Accept: r.pick(['application/vnd.kubernetes.protobuf', 'text/html', 'application/xml']) } }),
  (r) => ({ kind: 'malformed protobuf', method: 'POST', path: r.pick(COLLECTIONS), body: Buffer.concat([Buffer.from('k8s\u0000'), r.bytes(1 + r.int(64))]), headers: { 'Content-Type': 'application/vnd.kubernetes.protobuf' } }),
  (r) => ({ kind: 'bad table options', method: 'GET', path: `${r.pick(COLLECTIONS)}?includeObject=${r.pick(['All', 'nope'])}`, headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } }),
  (r) => ({ kind: 'deeply nested JSON', method: 'POST', path: r.pick(COLLECTIONS), body: `${'{"a":'.repeat(2000 + r.int(2000))}1${'}'.repeat(2000 + r.int(2000))}`, headers: { 'Content-Type': 'application/json' } }),
  (r) => ({ kind: 'random JSON object', method: 'POST', path: r.pick(COLLECTIONS), body: JSON.stringify(r.json(4) ?? {}).replace(/^(?!\{)/, '{"x":').replace(/^(\{"x":.*)$/, '$1}'), headers: { 'Content-Type': 'application/json' } }),
  (r) => ({ kind: 'protected namespace delete', method: 'DELETE', path: `/api/v1/namespaces/${r.pick(['default', 'kube-system', 'kube-public'])}` }),
  (r) => ({ kind: 'invalid review', method: 'POST', path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', body: JSON.stringify(r.pick([{}, { spec: {} }, { spec: 5 }, [1]])), headers: { 'Content-Type': 'application/json' } }),
];

const TOO_LARGE = (): FuzzRequest => ({ kind: 'body over the limit', method: 'POST', path: COLLECTIONS[0]!, body: Buffer.alloc(3 * 1024 * 1024 + 10, 0x20), headers: { 'Content-Type': 'application/json' } });

function describeFailure(req: FuzzRequest, res: RawResponse): string {
  const body = typeof req.body === 'string' ? req.body.slice(0, 200) : req.body ? `<${req.body.length} bytes>` : '';
  return `${req.kind}: ${req.method} ${req.path.slice(0, 200)} ${body} -> ${res.status} ${res.body.slice(0, 300)}`;
}

function isStatus(res: RawResponse): boolean {
  return res.json?.kind === 'Status' && res.json.code === res.status && res.json.status === 'Failure' && typeof res.json.message === 'string';
}

describe('fuzz: random and malformed requests', function () {
  this.timeout(90_000);
  let sim: KubeSim;
  let userToken: string;

  before(async () => {
    sim = await startKubeSim({ tls: false });
    userToken = sim.addUser('fuzzer');
    const setup: [string, unknown][] = [
      ['/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }],
      [`/api/v1/namespaces/${NS}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'existing' }, data: { a: 'b' } }],
      [`/apis/apps/v1/namespaces/${NS}/deployments`, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'existing' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } }],
      ['/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
        apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
        spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1 }, color: { type: 'string', enum: ['red', 'blue'] } } } } } } }] },
      }],
    ];
    for (const [path, body] of setup) {
      const r = await rawRequest(sim, 'POST', path, { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
      assert.equal(r.status, 201, r.body);
    }
    for (let i = 0; i < 200 && (await rawRequest(sim, 'GET', `/apis/example.com/v1/namespaces/${NS}/widgets`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 10));
    const w = await rawRequest(sim, 'POST', `/apis/example.com/v1/namespaces/${NS}/widgets`, { body: JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'existing' }, spec: { size: 1 } }), headers: { 'Content-Type': 'application/json' } });
    assert.equal(w.status, 201, w.body);
  });

  after(async () => {
    await sim?.stop();
  });

  it('answers 2,000 malformed requests with 4xx Status objects and keeps serving', async () => {
    const seed = Number(process.env.KUBE_SIM_FUZZ_SEED ?? Date.now() % 2 ** 31);
    console.log(`      fuzz seed ${seed} (replay with KUBE_SIM_FUZZ_SEED=${seed})`);
    const r = new Rand(seededRandom(seed));
    const requests = Array.from({ length: 1999 }, () => r.pick(GENERATORS)(r));
    requests.push(TOO_LARGE());
    const failures: string[] = [];
    const byStatus = new Map<number, number>();
    for (let i = 0; i < requests.length; i += 25) {
      await Promise.all(requests.slice(i, i + 25).map(async (req) => {
        const headers = { ...req.headers };
        if (headers.Authorization === 'Bearer USER') headers.Authorization = `Bearer ${userToken}`;
        const res = await rawRequest(sim, req.method, req.path, { ...(req.body === undefined ? {} : { body: req.body }), headers });
        byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
        if (res.status < 400 || res.status > 499 || !isStatus(res)) failures.push(describeFailure(req, res));
      }));
    }
    console.log(`      status codes: ${[...byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ')}`);
    assert.equal(failures.length, 0, `${failures.length} requests not answered with a 4xx Status, e.g.:\n${failures.slice(0, 5).join('\n')}`);
    const version = await rawRequest(sim, 'GET', '/version');
    assert.equal(version.status, 200);
    const created = await rawRequest(sim, 'POST', `/api/v1/namespaces/${NS}/configmaps`, { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-fuzz' } }), headers: { 'Content-Type': 'application/json' } });
    assert.equal(created.status, 201, created.body);
  });
});
