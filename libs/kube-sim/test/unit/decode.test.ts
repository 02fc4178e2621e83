import { strict as assert } from 'node:assert';
import { builtinSchema, crdObjectSchema } from '@sluice/k8s-schema';
import { decodeAgainstSchema } from '../../src/objects/decode.js';
import type { JsonObject } from '../../src/json.js';

const deployment = builtinSchema({ group: 'apps', version: 'v1', kind: 'Deployment' });
const secret = builtinSchema({ group: '', version: 'v1', kind: 'Secret' });
const pod = builtinSchema({ group: '', version: 'v1', kind: 'Pod' });

describe('decoding against a schema', () => {
  it('drops and reports unknown fields at any depth', () => {
    const obj: JsonObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', nope: 1 }, spec: { replicas: 1, bogus: true, template: { spec: { containers: [{ name: 'c', image: 'i', extra: 1 }] } } } };
    const report = decodeAgainstSchema(obj, deployment, { builtin: true });
    assert.deepEqual(report.unknownFields, ['metadata.nope', 'spec.bogus', 'spec.template.spec.containers[0].extra']);
    assert.deepEqual(obj, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 1, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } });
  });

  it('reports values of the wrong JSON type with the Go struct that holds them', () => {
    const report = decodeAgainstSchema({ spec: { replicas: 'two', paused: 'yes' } }, deployment, { builtin: true });
    assert.deepEqual(report.mismatches.map((m) => `${m.parentType}.${m.path}:${m.expected}`), ['DeploymentSpec.spec.replicas:integer', 'DeploymentSpec.spec.paused:boolean']);
  });

  it('drops nulls in built-ins, as Go decoding leaves zero values', () => {
    const obj: JsonObject = { metadata: { name: 'x', labels: null }, spec: { replicas: null } };
    decodeAgainstSchema(obj, deployment, { builtin: true });
    assert.deepEqual(obj, { metadata: { name: 'x' }, spec: {} });
  });

  it('checks base64 in Secret data and canonicalises numeric quantities', () => {
    assert.equal(decodeAgainstSchema({ data: { a: 'not base64!' } }, secret, { builtin: true }).mismatches[0]!.formatError, 'illegal base64 data at input byte 3');
    const p: JsonObject = { spec: { containers: [{ name: 'c', image: 'i', resources: { limits: { cpu: 0.5, memory: 1024 } } }] } };
    decodeAgainstSchema(p, pod, { builtin: true });
    assert.deepEqual(((p.spec as JsonObject).containers as JsonObject[])[0]!.resources, { limits: { cpu: '500m', memory: '1024' } });
  });

  it('keeps unknown fields under x-kubernetes-preserve-unknown-fields in custom resources', () => {
    const schema = crdObjectSchema({ type: 'object', properties: { spec: { type: 'object', properties: { free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } } });
    const obj: JsonObject = { spec: { free: { any: [1, { x: 2 }] }, other: 1 } };
    const report = decodeAgainstSchema(obj, schema, { builtin: false });
    assert.deepEqual(report.unknownFields, ['spec.other']);
    assert.deepEqual(obj, { spec: { free: { any: [1, { x: 2 }] } } });
  });
});
