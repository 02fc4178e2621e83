/** CustomResourceDefinitions over HTTP: establishment, discovery, validation, pruning, defaults, subresources, removal. */
import { strict as assert } from 'node:assert';
import { startKubeSim, type KubeSim } from '@sluice/kube-sim';
import { waitFor } from '@sluice/kube-sim/testing';
import { api, meta, type Api } from '../support/api.js';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const GADGETS = '/apis/example.com/v1/namespaces/crs/gadgets';

function gadgetCrd(extraVersions: unknown[] = []): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gadgets.example.com' },
    spec: {
      group: 'example.com', scope: 'Namespaced', names: { plural: 'gadgets', kind: 'Gadget', shortNames: ['gdg'] },
      versions: [{
        name: 'v1', served: true, storage: true,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
        additionalPrinterColumns: [{ name: 'Mode', type: 'string', jsonPath: '.spec.mode' }, { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' }],
        schema: { openAPIV3Schema: { type: 'object', properties: {
          spec: { type: 'object', required: ['mode'], properties: {
            mode: { type: 'string', enum: ['fast', 'slow'] }, replicas: { type: 'integer', default: 1 }, name: { type: 'string', pattern: '^[a-z]+$', maxLength: 5 },
            free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          } },
          status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'string' }, conditions: { type: 'array', items: { type: 'object', properties: { type: { type: 'string' }, status: { type: 'string' } } } } } },
        } } },
      }, ...extraVersions],
    },
  };
}

function gadget(name: string, spec: Record<string, unknown>, apiVersion = 'example.com/v1'): unknown {
  return { apiVersion, kind: 'Gadget', metadata: { name }, spec };
}

describe('custom resources over HTTP', () => {
  let sim: KubeSim;
  let a: Api;

  before(async () => {
    sim = await startKubeSim({ tls: false });
    a = api(sim);
    await a.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'crs' } });
    const created = await a.post(CRDS, gadgetCrd([{ name: 'v1beta1', served: true, storage: false, deprecated: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }]));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await waitFor('the CRD to be served', async () => ((await a.get(GADGETS)).status === 200 ? true : undefined));
  });

  after(async () => {
    await sim?.stop();
  });

  it('marks the CRD NamesAccepted and Established and serves it in discovery', async () => {
    const crd = await a.get(`${CRDS}/gadgets.example.com`);
    const conditions = (crd.body.status as { conditions: { type: string; status: string; reason: string }[] }).conditions;
    assert.deepEqual(conditions.map((c) => `${c.type}=${c.status}/${c.reason}`), ['NamesAccepted=True/NoConflicts', 'Established=True/InitialNamesAccepted']);
    assert.deepEqual((crd.body.status as { storedVersions: string[] }).storedVersions, ['v1']);
    assert.deepEqual(meta(crd.body).finalizers, ['customresourcecleanup.apiextensions.k8s.io']);
    const group = await a.get('/apis/example.com');
    assert.deepEqual(group.body, { kind: 'APIGroup', apiVersion: 'v1', name: 'example.com', versions: [{ groupVersion: 'example.com/v1', version: 'v1' }, { groupVersion: 'example.com/v1beta1', version: 'v1beta1' }], preferredVersion: { groupVersion: 'example.com/v1', version: 'v1' } });
    const resources = (await a.get('/apis/example.com/v1')).body.resources as { name: string }[];
    assert.deepEqual(resources.map((r) => r.name), ['gadgets', 'gadgets/scale', 'gadgets/status']);
  });

  it('rejects a CRD whose name does not match plural.group', async () => {
    const bad = gadgetCrd();
    (bad.metadata as Record<string, unknown>).name = 'wrong.example.com';
    const r = await a.post(CRDS, bad);
    assert.equal(r.status, 422);
    assert.equal(r.body.message, 'CustomResourceDefinition.apiextensions.k8s.io "wrong.example.com" is invalid: metadata.name: Invalid value: "wrong.example.com": must be spec.names.plural+"."+spec.group');
  });

  it('refuses names another CRD of the group already uses with NamesAccepted=False', async () => {
    const clash = gadgetCrd();
    clash.metadata = { name: 'gizmos.example.com' };
    (clash.spec as Record<string, unknown>).names = { plural: 'gizmos', kind: 'Gizmo', shortNames: ['gdg'] };
    await a.post(CRDS, clash);
    const crd = await waitFor('the names verdict', async () => {
      const r = await a.get(`${CRDS}/gizmos.example.com`);
      return (r.body.status as { conditions?: unknown[] } | undefined)?.conditions ? r : undefined;
    });
    const conditions = (crd.body.status as { conditions: { type: string; status: string; message: string }[] }).conditions;
    assert.deepEqual(conditions.map((c) => `${c.type}=${c.status}`), ['NamesAccepted=False', 'Established=False']);
    assert.equal(conditions[0]!.message, '"gdg" is already in use');
    assert.equal((await a.get('/apis/example.com/v1/namespaces/crs/gizmos')).status, 404);
    await a.delete(`${CRDS}/gizmos.example.com`);
  });

  it('validates against the schema with apiextensions\' wording', async () => {
    const r = await a.post(GADGETS, gadget('bad', { mode: 'warp', name: 'UPPERCASE', replicas: 'many' }));
    assert.equal(r.status, 422);
    assert.equal(r.body.message, 'Gadget.example.com "bad" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"');
    const r2 = await a.post(GADGETS, gadget('bad', { mode: 'warp', name: 'UPPERCASE' }));
    assert.equal(r2.body.message, 'Gadget.example.com "bad" is invalid: [spec.mode: Unsupported value: "warp": supported values: "fast", "slow", spec.name: Too long: may not be more than 5 bytes, spec.name: Invalid value: "UPPERCASE": spec.name in body should match \'^[a-z]+$\']');
    const r3 = await a.post(GADGETS, gadget('bad', {}));
    assert.equal(r3.body.message, 'Gadget.example.com "bad" is invalid: spec.mode: Required value');
  });

  it('prunes unknown fields (refusing them under Strict), keeps preserved ones, and applies schema defaults', async () => {
    const body = gadget('pruned', { mode: 'fast', unknown: 1, free: { anything: { goes: true } } });
    const strict = await a.post(`${GADGETS}?fieldValidation=Strict`, body);
    assert.equal(strict.status, 400);
    assert.equal(strict.body.message, 'Gadget in version "v1" cannot be handled as a Gadget: strict decoding error: unknown field "spec.unknown"');
    const r = await a.post(GADGETS, body);
    assert.equal(r.status, 201);
    assert.deepEqual(r.body.spec, { mode: 'fast', free: { anything: { goes: true } }, replicas: 1 });
    assert.deepEqual(r.raw.headers.warning, '299 - "unknown field \\"spec.unknown\\""');
  });

  it('keeps status out of main-resource writes and serves status and scale subresources', async () => {
    await a.post(GADGETS, { ...(gadget('scaled', { mode: 'slow', replicas: 2 }) as object), status: { replicas: 9 } });
    const created = await a.get(`${GADGETS}/scaled`);
    assert.equal(created.body.status, undefined);
    const status = await a.patch(`${GADGETS}/scaled/status`, 'merge', { status: { replicas: 2, selector: 'app=scaled', conditions: [{ type: 'Ready', status: 'True' }] } });
    assert.equal(status.status, 200, JSON.stringify(status.body));
    const scale = await a.get(`${GADGETS}/scaled/scale`);
    assert.deepEqual({ ...scale.body, metadata: undefined }, { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata: undefined, spec: { replicas: 2 }, status: { replicas: 2, selector: 'app=scaled' } });
    const scaled = await a.patch(`${GADGETS}/scaled/scale`, 'merge', { spec: { replicas: 5 } });
    assert.equal((scaled.body.spec as { replicas: number }).replicas, 5);
    const after = await a.get(`${GADGETS}/scaled`);
    assert.equal((after.body.spec as { replicas: number }).replicas, 5);
    assert.equal(meta(after.body).generation, 2);
  });

  it('lists with the CRD printer columns as a Table', async () => {
    const r = await a.get(`${GADGETS}?fieldSelector=metadata.name%3Dscaled`, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    assert.equal(r.raw.headers['content-type'], 'application/json;as=Table;v=v1;g=meta.k8s.io');
    assert.deepEqual((r.body.columnDefinitions as { name: string; type: string }[]).map((c) => `${c.name}:${c.type}`), ['Name:string', 'Mode:string', 'Ready:string']);
    assert.deepEqual((r.body.rows as { cells: unknown[] }[])[0]!.cells, ['scaled', 'slow', 'True']);
  });

  it('serves every served version from one storage, relabelled, warning about deprecated versions', async () => {
    const r = await a.get('/apis/example.com/v1beta1/namespaces/crs/gadgets/scaled');
    assert.equal(r.status, 200);
    assert.equal(r.body.apiVersion, 'example.com/v1beta1');
    assert.equal(r.raw.headers.warning, '299 - "example.com/v1beta1 Gadget is deprecated"');
    assert.equal((await a.get(`${GADGETS}/scaled`)).raw.headers.warning, undefined);
  });

  it('refuses an update without resourceVersion, as custom resources require it', async () => {
    const r = await a.put(`${GADGETS}/scaled`, gadget('scaled', { mode: 'fast' }));
    assert.equal(r.status, 422);
    assert.equal(r.body.message, 'Gadget.example.com "scaled" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update');
  });

  it('publishes the schema in OpenAPI v3 with a PATCH operation that takes fieldValidation', async () => {
    const root = await a.get('/openapi/v3');
    const url = (root.body.paths as Record<string, { serverRelativeURL: string }>)['apis/example.com/v1']!.serverRelativeURL;
    const doc = await a.get(url);
    const schemas = (doc.body.components as { schemas: Record<string, Record<string, unknown>> }).schemas;
    assert.deepEqual(schemas['com.example.v1.Gadget']!['x-kubernetes-group-version-kind'], [{ group: 'example.com', kind: 'Gadget', version: 'v1' }]);
    assert.ok(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
    const patch = (doc.body.paths as Record<string, { patch?: { parameters: { name: string }[] } }>)['/apis/example.com/v1/namespaces/{namespace}/gadgets/{name}']!.patch!;
    assert.ok(patch.parameters.some((p) => p.name === 'fieldValidation'));
  });

  it('deletes the custom resources with their CRD and stops serving them', async () => {
    const r = await a.delete(`${CRDS}/gadgets.example.com`);
    assert.equal(r.status, 200);
    await waitFor('the CRD to be gone', async () => ((await a.get(`${CRDS}/gadgets.example.com`)).status === 404 ? true : undefined));
    assert.equal((await a.get(GADGETS)).status, 404);
    assert.equal((await a.get('/apis/example.com')).status, 404);
  });
});
