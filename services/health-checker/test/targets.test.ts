import { strict as assert } from 'node:assert';
import { InvalidHealthTargetError, selectTargets } from '../src/targets.js';
import { configMap, deployment } from '../src/testing.js';
import { inventoryOf, kustomization } from './helpers.js';

describe('selectTargets', () => {
  const web = deployment('apps', 'web', 2, { available: 2 });
  const settings = configMap('apps', 'settings');
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } };
  const self = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system' } };

  it('waits for every applied object with wait: true, sorted by inventory id', () => {
    const selection = selectTargets(kustomization('apps', { wait: true }), inventoryOf(web, settings, namespace));
    assert.equal(selection.mode, 'wait');
    assert.deepEqual(selection.targets.map((t) => `${t.apiVersion} ${t.kind} ${t.namespace}/${t.name}`), [
      'v1 Namespace /apps', 'v1 ConfigMap apps/settings', 'apps/v1 Deployment apps/web',
    ]);
  });

  it('never waits for the Kustomization itself', () => {
    const selection = selectTargets(kustomization('apps', { wait: true }), inventoryOf(self, web));
    assert.deepEqual(selection.targets.map((t) => t.name), ['web']);
  });

  it('ignores healthChecks when wait is true, as Flux does', () => {
    const k = kustomization('apps', { wait: true, healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'other', namespace: 'apps' }] });
    assert.deepEqual(selectTargets(k, inventoryOf(web)).targets.map((t) => t.name), ['web']);
  });

  it('waits only for the objects healthChecks names, also ones it did not apply', () => {
    const k = kustomization('apps', {
      healthChecks: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'apps' },
        { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'redis', namespace: 'data' },
      ],
    });
    const selection = selectTargets(k, inventoryOf(web, settings));
    assert.equal(selection.mode, 'healthChecks');
    assert.deepEqual(selection.targets.map((t) => t.id), ['apps_web_apps_Deployment', 'data_redis_helm.toolkit.fluxcd.io_HelmRelease']);
  });

  it("defaults a healthChecks namespace to the Kustomization's and its apiVersion to the applied object's", () => {
    const k = kustomization('apps', { healthChecks: [{ kind: 'Kustomization', name: 'infra' }, { kind: 'Deployment', name: 'web', namespace: 'apps' }] });
    const selection = selectTargets(k, inventoryOf(web));
    assert.deepEqual(selection.targets.map((t) => [t.apiVersion, t.kind, t.namespace, t.name]), [
      ['apps/v1', 'Deployment', 'apps', 'web'],
      ['v1', 'Kustomization', 'flux-system', 'infra'],
    ]);
  });

  it('has nothing to check without wait or healthChecks, even with healthCheckExprs', () => {
    const k = kustomization('apps', { healthCheckExprs: [{ apiVersion: 'example.com/v1', kind: 'Widget', current: 'true' }] });
    assert.deepEqual(selectTargets(k, inventoryOf(web)), { mode: 'none', targets: [] });
  });

  it('rejects an inventory id that is not one, naming the Kustomization and entry', () => {
    assert.throws(() => selectTargets(kustomization('apps', { wait: true }), [...inventoryOf(web), { id: 'broken', v: 'v1' }]), (err: unknown) => {
      assert.ok(err instanceof InvalidHealthTargetError);
      assert.equal(err.code, 'SLUICE_HEALTH_TARGET');
      assert.equal(err.message, 'Kustomization/flux-system/apps: inventory[1].id: "broken" is not <namespace>_<name>_<group>_<kind>');
      return true;
    });
  });
});
