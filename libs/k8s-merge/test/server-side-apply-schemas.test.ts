import assert from 'node:assert/strict';
import { serverSideApply, type JsonObject } from '../src/index.js';
import { crdSchema, deployment, deploymentSchema, fixture, schemaOf } from './helpers.js';
import { T, applyOk, entries, entryOf, withValue } from './ssa-helpers.js';

const schema = deploymentSchema();

describe('serverSideApply by schema', () => {
  it('stores the documentation ConfigMap example with its managedFields', () => {
    const { applied, live } = fixture<{ applied: JsonObject; live: JsonObject }>('k8s-docs/configmap-apply.json');
    const obj = applyOk(undefined, applied, { schema: schemaOf('', 'v1', 'ConfigMap'), apiVersion: 'v1', now: '2010-10-10T00:00:00Z' });
    assert.deepEqual(obj, live);
  });

  it('without a schema, merges maps key by key and replaces lists whole', () => {
    const cr = (spec: JsonObject) => ({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't' }, spec });
    const first = applyOk(undefined, cr({ items: [1, 2], settings: { a: 1 } }), { schema: undefined, manager: 'one', apiVersion: 'example.com/v1' });
    const second = applyOk(first, cr({ settings: { b: 2 } }), { schema: undefined, manager: 'two', apiVersion: 'example.com/v1', now: T[1] });
    assert.deepEqual(second.spec, { items: [1, 2], settings: { a: 1, b: 2 } });
    assert.deepEqual(entryOf(second, 'one').fieldsV1, { 'f:spec': { '.': {}, 'f:items': {}, 'f:settings': { '.': {}, 'f:a': {} } } });
    const result = serverSideApply(second, cr({ items: [3] }), { schema: undefined, manager: 'two', force: false, apiVersion: 'example.com/v1', now: T[2] });
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.message, 'Apply failed with 1 conflict: conflict with "one": .spec.items');
  });

  it('accepts and tracks fields under x-kubernetes-preserve-unknown-fields', () => {
    const crd = crdSchema({ type: 'object', properties: { spec: { type: 'object', properties: { values: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } } });
    const obj = applyOk(undefined, { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'h' }, spec: { values: { replicaCount: 2, image: { tag: 'x' } } } }, { schema: crd, apiVersion: 'helm.toolkit.fluxcd.io/v2' });
    assert.deepEqual(entryOf(obj, 'kubectl').fieldsV1, { 'f:spec': { 'f:values': { 'f:image': { '.': {}, 'f:tag': {} }, 'f:replicaCount': {} } } });
  });

  it('rejects undeclared fields of a structural CRD schema', () => {
    const crd = crdSchema({ type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } });
    assert.throws(
      () => serverSideApply(undefined, { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't' }, spec: { sise: 1 } }, { schema: crd, manager: 'm', force: false, apiVersion: 'example.com/v1', now: T[0] }),
      /\.spec\.sise: field not declared in schema/,
    );
  });

  it('rejects a scalar of the wrong type', () => {
    assert.throws(() => applyOk(undefined, deployment({ replicas: '3' as unknown as number }), { schema }), /\.spec\.replicas: expected numeric \(int or float\), got string/);
  });

  it('owns an atomic map (the label selector) as one field and replaces it whole', () => {
    const first = applyOk(undefined, withValue(deployment(), 'spec.selector', { matchLabels: { app: 'web', tier: 'fe' } }), { schema });
    const second = applyOk(first, withValue(deployment(), 'spec.selector', { matchLabels: { app: 'web' } }), { schema, now: T[1] });
    assert.deepEqual((second.spec as JsonObject).selector, { matchLabels: { app: 'web' } });
    assert.deepEqual((entryOf(second, 'kubectl').fieldsV1['f:spec'] as JsonObject)['f:selector'], {});
  });

  it('treats IntOrString values as scalars that conflict by value', () => {
    const withSurge = (v: number | string) => withValue(deployment(), 'spec.strategy', { rollingUpdate: { maxSurge: v } });
    const first = applyOk(undefined, withSurge('25%'), { schema, manager: 'a' });
    const result = serverSideApply(first, withSurge(1), { schema, manager: 'b', force: false, apiVersion: 'apps/v1', now: T[1] });
    assert.equal(result.ok, false);
    if (!result.ok) assert.deepEqual(result.conflicts.map((c) => c.field), ['.spec.strategy.rollingUpdate.maxSurge']);
  });

  it('owns fields applied as null while dropping the null from the object', () => {
    const obj = applyOk(undefined, withValue(deployment(), 'metadata.creationTimestamp', null), { schema });
    assert.equal(Object.hasOwn(obj.metadata as JsonObject, 'creationTimestamp'), false);
    const withNullStrategy = applyOk(obj, withValue(deployment(), 'spec.strategy', null), { schema, now: T[1] });
    assert.equal(Object.hasOwn(withNullStrategy.spec as JsonObject, 'strategy'), false);
    assert.deepEqual((entryOf(withNullStrategy, 'kubectl').fieldsV1['f:spec'] as JsonObject)['f:strategy'], {});
  });

  it('keeps one entry per applier across API versions, recording the latest', () => {
    const first = applyOk(undefined, deployment(), { schema, apiVersion: 'apps/v1' });
    const second = applyOk(first, deployment({ replicas: 1 }), { schema, apiVersion: 'apps/v1beta2', now: T[1] });
    assert.deepEqual(entries(second).map((e) => `${e.manager} ${e.apiVersion}`), ['kubectl apps/v1beta2']);
  });

  it('names a status-subresource owner as the API server does', () => {
    const live = applyOk(undefined, deployment(), { schema });
    const owned = applyOk(live, { ...deployment(), status: { replicas: 1 } }, { schema, manager: 'kcm', subresource: 'status', now: T[1] });
    const conflict = serverSideApply(owned, { ...deployment(), status: { replicas: 3 } }, { schema, manager: 'other', force: false, apiVersion: 'apps/v1', now: T[2], subresource: 'status' });
    assert.equal(conflict.ok, false);
    if (!conflict.ok) assert.equal(conflict.message, 'Apply failed with 1 conflict: conflict with "kcm" with subresource "status": .status.replicas');
  });

  it('re-reads ownership when a CRD turns an atomic list into a list map', () => {
    const items = (extra: JsonObject) => ({ type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string' } } }, ...extra });
    const before = crdSchema({ type: 'object', properties: { spec: { type: 'object', properties: { items: items({ 'x-kubernetes-list-type': 'atomic' }) } } } });
    const after = crdSchema({ type: 'object', properties: { spec: { type: 'object', properties: { items: items({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] }) } } } });
    const cr = (value: string) => ({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't' }, spec: { items: [{ name: 'a', value }] } });
    const first = applyOk(undefined, cr('1'), { schema: before, manager: 'one', apiVersion: 'example.com/v1' });
    assert.deepEqual(entryOf(first, 'one').fieldsV1, { 'f:spec': { 'f:items': {} } });
    const result = serverSideApply(first, cr('2'), { schema: after, manager: 'two', force: false, apiVersion: 'example.com/v1', now: T[1] });
    assert.equal(result.ok, false);
    if (!result.ok) assert.deepEqual(result.conflicts.map((c) => c.field), ['.spec.items[name="a"].value']);
  });

  it('lets a CRD without a status subresource treat status as an ordinary field', () => {
    const crd = crdSchema({ type: 'object', properties: { status: { type: 'object', properties: { phase: { type: 'string' } } } } });
    const obj = applyOk(undefined, { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 't' }, status: { phase: 'Ready' } }, { schema: crd, apiVersion: 'example.com/v1', statusSubresource: false });
    assert.deepEqual(obj.status, { phase: 'Ready' });
    assert.deepEqual(entryOf(obj, 'kubectl').fieldsV1, { 'f:status': { 'f:phase': {} } });
  });
});
