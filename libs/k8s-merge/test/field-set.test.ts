import assert from 'node:assert/strict';
import { FieldSet, printFieldPath, type JsonObject } from '../src/index.js';
import { deployment, deploymentSchema } from './helpers.js';

describe('FieldSet', () => {
  it('round-trips a fieldsV1 value the API server wrote', () => {
    const fieldsV1: JsonObject = {
      'f:metadata': { 'f:annotations': { '.': {}, 'f:deployment.kubernetes.io/revision': {} }, 'f:labels': { '.': {}, 'f:app': {} } },
      'f:metadata.x': {},
      'f:spec': {
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"nginx"}': {
                '.': {},
                'f:image': {},
                'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} } },
              },
            },
          },
        },
      },
      'f:status': { 'f:conditions': { '.': {}, 'k:{"type":"Available"}': { '.': {}, 'f:status': {} } } },
    };
    const set = FieldSet.fromFieldsV1(fieldsV1);
    assert.deepEqual(set.toFieldsV1(), fieldsV1);
    assert.deepEqual(JSON.stringify(set.toFieldsV1()), JSON.stringify(fieldsV1), 'keys come out in the server order');
  });

  it('reads values, indexes and keys with several fields, and prints them like the API server', () => {
    const set = FieldSet.fromFieldsV1({
      'f:metadata': { 'f:finalizers': { 'v:"example.com/x"': {} } },
      'f:spec': { 'f:ports': { 'k:{"protocol":"TCP","port":80}': { 'f:name': {} } }, 'f:list': { 'i:0': {} } },
    });
    assert.deepEqual(set.paths().map(printFieldPath), [
      '.metadata.finalizers[="example.com/x"]',
      '.spec.list[0]',
      '.spec.ports[port=80,protocol="TCP"].name',
    ]);
    assert.ok(set.toFieldsV1()['f:spec'] !== undefined);
    assert.deepEqual(Object.keys((set.toFieldsV1()['f:spec'] as JsonObject)['f:ports'] as JsonObject), ['k:{"port":80,"protocol":"TCP"}']);
  });

  it('computes the fields a value sets by the schema', () => {
    const set = FieldSet.of(deployment({ replicas: 1 }), deploymentSchema());
    const printed = set.paths().map(printFieldPath);
    assert.ok(printed.includes('.spec.replicas'));
    assert.ok(printed.includes('.spec.selector'), 'the atomic selector is one field');
    assert.ok(printed.includes('.spec.template.spec.containers[name="app"]'));
    assert.ok(printed.includes('.spec.template.spec.containers[name="app"].image'));
    assert.ok(!printed.includes('.spec.template'), 'struct fields are not members of their own');
  });

  it('unions, intersects and subtracts sets', () => {
    const a = FieldSet.fromFieldsV1({ 'f:a': {}, 'f:b': { 'f:c': {}, 'f:d': {} } });
    const b = FieldSet.fromFieldsV1({ 'f:b': { 'f:d': {}, 'f:e': {} } });
    assert.deepEqual(a.union(b).toFieldsV1(), { 'f:a': {}, 'f:b': { 'f:c': {}, 'f:d': {}, 'f:e': {} } });
    assert.deepEqual(a.intersection(b).toFieldsV1(), { 'f:b': { 'f:d': {} } });
    assert.deepEqual(a.difference(b).toFieldsV1(), { 'f:a': {}, 'f:b': { 'f:c': {} } });
    assert.ok(a.difference(a).isEmpty());
    assert.ok(FieldSet.empty().isEmpty());
  });
});
