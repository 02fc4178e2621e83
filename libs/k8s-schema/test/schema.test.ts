import { strict as assert } from 'node:assert';
import {
  builtinResourceTypes, builtinSchema, crdObjectSchema, fieldSchema, findBuiltinResource, formatApiVersion,
  parseApiVersion, schemaFromOpenApiV3,
} from '@sluice/k8s-schema';

describe('builtin resource types', () => {
  it('derives plural, scope, verbs and subresources of Deployment from the spec paths', () => {
    const d = findBuiltinResource({ group: 'apps', kind: 'Deployment' });
    assert.ok(d);
    assert.equal(d.resource, 'deployments');
    assert.equal(d.namespaced, true);
    assert.deepEqual(d.verbs, ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
    assert.deepEqual(d.subresources, ['scale', 'status']);
    const scale = d.subresourceDetails.find((s) => s.name === 'scale');
    assert.deepEqual({ ...scale, verbs: undefined }, { name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: undefined });
    assert.deepEqual(d.shortNames, ['deploy']);
    assert.deepEqual(d.categories, ['all']);
  });

  it('marks cluster-scoped resources as not namespaced', () => {
    for (const kind of ['Namespace', 'ClusterRole', 'CustomResourceDefinition', 'Node', 'StorageClass']) {
      assert.equal(findBuiltinResource({ kind })?.namespaced, false, kind);
    }
    assert.equal(findBuiltinResource({ kind: 'ConfigMap' })?.namespaced, true);
  });

  it('serves only GA versions unless prerelease versions are asked for', () => {
    const ga = builtinResourceTypes();
    assert.ok(ga.every((r) => !/alpha|beta/.test(r.version)));
    assert.ok(builtinResourceTypes({ includePrerelease: true }).length > ga.length);
  });
});

describe('builtin schemas', () => {
  const deployment = builtinSchema({ group: 'apps', version: 'v1', kind: 'Deployment' });
  const podSpec = deployment?.properties?.spec?.properties?.template?.properties?.spec;

  it('carries patch merge keys and list-map keys for containers', () => {
    const containers = podSpec?.properties?.containers;
    assert.equal(containers?.patchStrategy, 'merge');
    assert.equal(containers?.patchMergeKey, 'name');
    assert.equal(containers?.listType, 'map');
    assert.deepEqual(containers?.listMapKeys, ['name']);
    assert.equal(containers?.items?.ref, 'io.k8s.api.core.v1.Container');
  });

  it('marks IntOrString fields without a fixed type', () => {
    const maxSurge = deployment?.properties?.spec?.properties?.strategy?.properties?.rollingUpdate?.properties?.maxSurge;
    assert.equal(maxSurge?.intOrString, true);
    assert.equal(maxSurge?.type, undefined);
  });

  it('treats labels as a granular string map and selectors as atomic', () => {
    const labels = fieldSchema(deployment?.properties?.metadata, 'labels');
    assert.equal(labels?.additionalProperties?.type, 'string');
    assert.equal(deployment?.properties?.spec?.properties?.selector?.mapType, 'atomic');
  });

  it('resolves self-referencing definitions into a cyclic graph', () => {
    const crd = builtinSchema({ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' });
    const props = crd?.properties?.spec?.properties?.versions?.items?.properties?.schema?.properties?.openAPIV3Schema;
    assert.ok(props);
    assert.equal(props.properties?.properties?.additionalProperties, props);
  });

  it('answers undefined for unknown kinds', () => {
    assert.equal(builtinSchema({ group: 'example.com', version: 'v1', kind: 'Widget' }), undefined);
  });
});

describe('CRD schemas', () => {
  it('keeps list and map extensions from openAPIV3Schema and grafts ObjectMeta in', () => {
    const schema = crdObjectSchema({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            ports: {
              type: 'array',
              'x-kubernetes-list-type': 'map',
              'x-kubernetes-list-map-keys': ['name', 'protocol'],
              items: { type: 'object', properties: { name: { type: 'string' }, protocol: { type: 'string' } } },
            },
            extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
      },
    });
    const ports = schema.properties?.spec?.properties?.ports;
    assert.equal(ports?.listType, 'map');
    assert.deepEqual(ports?.listMapKeys, ['name', 'protocol']);
    assert.equal(schema.properties?.spec?.properties?.extra?.preserveUnknownFields, true);
    assert.equal(schema.properties?.metadata?.ref, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    assert.equal(fieldSchema(schema.properties?.spec?.properties?.extra, 'anything')?.preserveUnknownFields, true);
  });

  it('turns malformed schemas into free-form nodes instead of throwing', () => {
    for (const bad of [null, 42, 'x', [], { type: 7, properties: 'nope', items: [1] }]) {
      assert.doesNotThrow(() => schemaFromOpenApiV3(bad));
    }
    assert.equal(schemaFromOpenApiV3('x').preserveUnknownFields, true);
  });
});

describe('apiVersion', () => {
  it('splits and joins core and grouped versions', () => {
    assert.deepEqual(parseApiVersion('v1'), { group: '', version: 'v1' });
    assert.deepEqual(parseApiVersion('apps/v1'), { group: 'apps', version: 'v1' });
    assert.equal(formatApiVersion('', 'v1'), 'v1');
    assert.equal(formatApiVersion('kustomize.toolkit.fluxcd.io', 'v1'), 'kustomize.toolkit.fluxcd.io/v1');
  });
});
