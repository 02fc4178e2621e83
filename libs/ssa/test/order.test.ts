import { strict as assert } from 'node:assert';
import { applyStages, compareObjects, sortForApply } from '@sluice/ssa';

const obj = (apiVersion: string, kind: string, name: string, namespace?: string) => ({
  apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) },
});

describe('apply order', () => {
  it('puts namespaces, service accounts, RBAC and config before workloads, and webhooks last', () => {
    const sorted = sortForApply([
      obj('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'v'),
      obj('apps/v1', 'Deployment', 'web', 'apps'),
      obj('v1', 'ConfigMap', 'cfg', 'apps'),
      obj('example.com/v1', 'Widget', 'w', 'apps'),
      obj('v1', 'Namespace', 'apps'),
      obj('v1', 'ServiceAccount', 'sa', 'apps'),
      obj('v1', 'Service', 'web', 'apps'),
    ]).map((o) => o.kind);
    assert.deepEqual(sorted, ['Namespace', 'ServiceAccount', 'ConfigMap', 'Service', 'Deployment', 'Widget', 'ValidatingWebhookConfiguration']);
  });

  it('breaks ties by namespace, then name, whatever the input order', () => {
    const a = obj('v1', 'ConfigMap', 'b', 'x');
    const b = obj('v1', 'ConfigMap', 'a', 'y');
    const c = obj('v1', 'ConfigMap', 'a', 'x');
    assert.deepEqual(sortForApply([a, b, c]), [c, a, b]);
    assert.equal(compareObjects(c, c), 0);
  });

  it('splits CRDs, Namespaces and ClusterRoles, then *Class kinds, then the rest into stages', () => {
    const [definitions, classes, rest] = applyStages([
      obj('apps/v1', 'Deployment', 'web', 'apps'),
      obj('storage.k8s.io/v1', 'StorageClass', 'fast'),
      obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader'),
      obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'widgets.example.com'),
      obj('networking.k8s.io/v1', 'IngressClass', 'nginx'),
      obj('v1', 'Namespace', 'apps'),
      obj('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'reader'),
    ]);
    assert.deepEqual(definitions.map((o) => o.kind), ['CustomResourceDefinition', 'Namespace', 'ClusterRole']);
    assert.deepEqual(classes.map((o) => o.kind), ['StorageClass', 'IngressClass']);
    assert.deepEqual(rest.map((o) => o.kind), ['ClusterRoleBinding', 'Deployment']);
  });

  it('does not treat look-alike kinds from other groups as cluster definitions', () => {
    const [definitions] = applyStages([obj('example.com/v1', 'Namespace', 'n'), obj('example.com/v1', 'CustomResourceDefinition', 'c')]);
    assert.equal(definitions.length, 0);
  });
});
