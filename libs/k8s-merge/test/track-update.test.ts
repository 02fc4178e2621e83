import assert from 'node:assert/strict';
import { trackUpdate, type JsonObject } from '../src/index.js';
import { deployment, deploymentSchema, schemaOf } from './helpers.js';
import { T, applyOk, entries, entryOf, update, withValue } from './ssa-helpers.js';

const schema = deploymentSchema();

describe('trackUpdate', () => {
  it('records a create as an Update entry owning every field it set, with "." for new maps and list items', () => {
    const created = update(undefined, deployment({ replicas: 1 }), 'kubectl-create', schema, T[0]);
    assert.deepEqual(entries(created), [
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: T[0],
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              '.': {},
              'f:metadata': { '.': {}, 'f:labels': { '.': {}, 'f:app': {} } },
              'f:spec': { '.': {}, 'f:containers': { '.': {}, 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
            },
          },
        },
      },
    ]);
  });

  it('folds later changes of the same manager into its entry and moves the time', () => {
    const created = update(undefined, deployment({ replicas: 1 }), 'editor', schema, T[0]);
    const edited = update(created, withValue(created, 'spec.replicas', 2), 'editor', schema, T[1]);
    assert.equal(entries(edited).length, 1);
    assert.equal(entryOf(edited, 'editor').time, T[1]);
    assert.deepEqual(entryOf(edited, 'editor').fieldsV1, entryOf(created, 'editor').fieldsV1);
  });

  it('keeps the entry time when the write changes nothing', () => {
    const created = update(undefined, deployment(), 'editor', schema, T[0]);
    assert.equal(entryOf(update(created, created, 'editor', schema, T[2]), 'editor').time, T[0]);
  });

  it('takes changed fields from other managers and drops emptied entries', () => {
    const applied = applyOk(undefined, deployment({ replicas: 2 }), { schema, manager: 'alice' });
    const scaled = update(applied, withValue(applied, 'spec.replicas', 4), 'scaler', schema);
    assert.equal((entryOf(scaled, 'alice').fieldsV1['f:spec'] as JsonObject)['f:replicas'], undefined);
    const onlyReplicas = applyOk(undefined, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1 } }, { schema, manager: 'bob' });
    const taken = update(onlyReplicas, withValue(onlyReplicas, 'spec.replicas', 3), 'scaler', schema);
    assert.deepEqual(entries(taken).map((e) => e.manager), ['scaler'], 'bob owned nothing else and is dropped');
  });

  it('removes deleted fields from every manager', () => {
    const applied = applyOk(undefined, deployment({ replicas: 2 }), { schema, manager: 'alice' });
    const removed = update(applied, withValue(applied, 'spec.replicas', undefined), 'editor', schema);
    assert.equal((entryOf(removed, 'alice').fieldsV1['f:spec'] as JsonObject)['f:replicas'], undefined);
    assert.equal(entries(removed).some((e) => e.manager === 'editor'), false, 'a pure removal gives the writer nothing');
  });

  it('keeps one entry per manager and API version for updaters', () => {
    const created = update(undefined, deployment(), 'editor', schema, T[0]);
    const v2 = trackUpdate(created, withValue(created, 'spec.replicas', 2), { manager: 'editor', apiVersion: 'apps/v2', now: T[1], schema });
    assert.deepEqual(entries(v2).map((e) => `${e.manager} ${e.apiVersion}`), ['editor apps/v1', 'editor apps/v2']);
  });

  it('orders entries Apply first, then by time, manager and apiVersion', () => {
    let obj = update(undefined, deployment(), 'zz-updater', schema, T[0]);
    obj = update(obj, withValue(obj, 'metadata.labels.b', 'x'), 'aa-updater', schema, T[2]);
    obj = applyOk(obj, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', annotations: { a: 'b' } } }, { schema, manager: 'applier', now: T[3] });
    assert.deepEqual(entries(obj).map((e) => e.manager), ['applier', 'zz-updater', 'aa-updater']);
  });

  it('uses managedFields the request rewrites, and clears them for [] or [{}]', () => {
    const applied = applyOk(undefined, deployment({ replicas: 2 }), { schema, manager: 'alice' });
    const rewritten = withValue(applied, 'metadata.managedFields', [{ ...entryOf(applied, 'alice'), manager: 'renamed' }]);
    assert.deepEqual(entries(update(applied, rewritten, 'editor', schema)).map((e) => e.manager), ['renamed']);
    for (const reset of [[], [{}]]) {
      const cleared = update(applied, withValue(withValue(applied, 'spec.replicas', 7), 'metadata.managedFields', reset), 'editor', schema);
      assert.equal((cleared.metadata as JsonObject).managedFields, undefined, `${JSON.stringify(reset)}: the write itself is not tracked either`);
      assert.equal((cleared.spec as JsonObject).replicas, 7);
    }
  });

  it('leaves an object without managedFields untracked on update, as the API server does', () => {
    const untracked = deployment({ replicas: 1 });
    const updated = update(untracked, withValue(untracked, 'spec.replicas', 2), 'editor', schema);
    assert.equal((updated.metadata as JsonObject).managedFields, undefined);
  });

  it('falls back to the live managedFields when the request sends none or broken ones', () => {
    const applied = applyOk(undefined, deployment({ replicas: 2 }), { schema, manager: 'alice' });
    const withoutFields = withValue(applied, 'metadata.managedFields', undefined);
    assert.deepEqual(entries(update(applied, withoutFields, 'editor', schema)).map((e) => e.manager), ['alice']);
    const broken = withValue(applied, 'metadata.managedFields', [{ manager: 'x', operation: 'Frobnicate' }]);
    assert.deepEqual(entries(update(applied, broken, 'editor', schema)).map((e) => e.manager), ['alice']);
  });

  it('records status writes with the subresource and ignores everything but status there', () => {
    const applied = applyOk(undefined, deployment({ replicas: 2 }), { schema });
    const next = { ...withValue(applied, 'spec.replicas', 9), status: { replicas: 2 } };
    const obj = trackUpdate(applied, next, { manager: 'kube-controller-manager', apiVersion: 'apps/v1', now: T[1], schema, subresource: 'status' });
    const entry = entryOf(obj, 'kube-controller-manager');
    assert.equal(entry.subresource, 'status');
    assert.deepEqual(entry.fieldsV1, { 'f:status': { '.': {}, 'f:replicas': {} } });
  });

  it('does not track status written to the main resource', () => {
    const created = update(undefined, { ...deployment(), status: { replicas: 1 } }, 'editor', schema);
    assert.equal(entryOf(created, 'editor').fieldsV1['f:status'], undefined);
  });

  it('folds the oldest of more than ten updaters into ancient-changes', () => {
    const cm = schemaOf('', 'v1', 'ConfigMap');
    let obj: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    for (let i = 0; i < 12; i++) {
      const now = new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();
      obj = trackUpdate(i === 0 ? undefined : obj, withValue(obj, `data.k${i}`, 'v'), { manager: `m${String(i).padStart(2, '0')}`, apiVersion: 'v1', now, schema: cm });
    }
    const managers = entries(obj).map((e) => e.manager);
    assert.equal(managers.length, 10);
    assert.equal(managers[0], 'ancient-changes');
    assert.deepEqual(entryOf(obj, 'ancient-changes').fieldsV1, { 'f:data': { '.': {}, 'f:k0': {}, 'f:k1': {}, 'f:k2': {} } });
    assert.equal(entryOf(obj, 'ancient-changes').time, '2024-01-01T00:02:00Z');
  });
});
