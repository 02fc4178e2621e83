import assert from 'node:assert/strict';
import { serverSideApply, ServerSideApplyError, type JsonObject } from '../src/index.js';
import { crdSchema, deployment, deploymentSchema, snapshot } from './helpers.js';
import { T, applyOk, entries, entryOf, update, withValue } from './ssa-helpers.js';

const schema = deploymentSchema();

function containers(obj: JsonObject): JsonObject[] {
  return (((obj.spec as JsonObject).template as JsonObject).spec as JsonObject).containers as JsonObject[];
}

describe('serverSideApply', () => {
  describe('create', () => {
    it('creates the object and records one Apply entry with the applied fields', () => {
      const obj = applyOk(undefined, deployment({ replicas: 2 }), { schema });
      assert.equal((obj.spec as JsonObject).replicas, 2);
      assert.deepEqual(entries(obj), [
        {
          manager: 'kubectl',
          operation: 'Apply',
          apiVersion: 'apps/v1',
          time: T[0],
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': {
              'f:replicas': {},
              'f:selector': {},
              'f:template': {
                'f:metadata': { 'f:labels': { 'f:app': {} } },
                'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
              },
            },
          },
        },
      ]);
    });

    it('keys container ports by containerPort and the defaulted protocol', () => {
      const obj = applyOk(undefined, deployment({ containers: [{ name: 'app', image: 'a', ports: [{ containerPort: 80 }] }] }), { schema });
      const c = (((entryOf(obj, 'kubectl').fieldsV1['f:spec'] as JsonObject)['f:template'] as JsonObject)['f:spec'] as JsonObject)['f:containers'] as JsonObject;
      assert.deepEqual((c['k:{"name":"app"}'] as JsonObject)['f:ports'], { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } });
    });
  });

  describe('conflicts', () => {
    it('reports a field another applier set to a different value, in the API server wording', () => {
      const first = applyOk(undefined, deployment({ replicas: 2 }), { schema, manager: 'alice' });
      const result = serverSideApply(first, deployment({ replicas: 3 }), { schema, manager: 'bob', force: false, apiVersion: 'apps/v1', now: T[1] });
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.deepEqual(result.conflicts, [{ manager: 'alice', field: '.spec.replicas', message: 'conflict with "alice"' }]);
      assert.equal(result.message, 'Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
    });

    it('lists every conflict, grouped by sorted manager, with the count', () => {
      let obj = applyOk(undefined, deployment({ replicas: 2 }), { schema, manager: 'zed' });
      obj = update(obj, withValue(obj, 'metadata.labels.app', 'other'), 'kubectl-label', schema);
      const config = deployment({ replicas: 5, image: 'nginx:2', labels: { app: 'mine' } });
      const result = serverSideApply(obj, config, { schema, manager: 'bob', force: false, apiVersion: 'apps/v1', now: T[2] });
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(
        result.message,
        'Apply failed with 3 conflicts: conflicts with "kubectl-label" using apps/v1:\n- .metadata.labels.app\n' +
          'conflicts with "zed":\n- .spec.replicas\n- .spec.template.spec.containers[name="app"].image',
      );
      assert.deepEqual(result.conflicts.map((c) => `${c.manager} ${c.field}`), [
        'kubectl-label .metadata.labels.app',
        'zed .spec.replicas',
        'zed .spec.template.spec.containers[name="app"].image',
      ]);
    });

    it('does not conflict when the other owner holds the same value, and then shares the field', () => {
      const first = applyOk(undefined, deployment({ replicas: 2 }), { schema, manager: 'alice' });
      const second = applyOk(first, deployment({ replicas: 2 }), { schema, manager: 'bob', now: T[1] });
      assert.deepEqual((entryOf(second, 'alice').fieldsV1['f:spec'] as JsonObject)['f:replicas'], {});
      assert.deepEqual((entryOf(second, 'bob').fieldsV1['f:spec'] as JsonObject)['f:replicas'], {});
    });

    it('conflicts with an Update owner after another client changed a field', () => {
      const applied = applyOk(undefined, deployment({ replicas: 2 }), { schema });
      const scaled = update(applied, withValue(applied, 'spec.replicas', 5), 'kube-controller-manager', schema);
      assert.deepEqual(entryOf(scaled, 'kube-controller-manager').fieldsV1, { 'f:spec': { 'f:replicas': {} } });
      assert.equal((entryOf(scaled, 'kubectl').fieldsV1['f:spec'] as JsonObject)['f:replicas'], undefined, 'the applier lost the field');
      const result = serverSideApply(scaled, deployment({ replicas: 2 }), { schema, manager: 'kubectl', force: false, apiVersion: 'apps/v1', now: T[2] });
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.message, 'Apply failed with 1 conflict: conflict with "kube-controller-manager" using apps/v1: .spec.replicas');
    });
  });

  describe('objects never tracked before', () => {
    it('gives their existing fields to before-first-apply, so changing them conflicts', () => {
      const untracked = deployment({ replicas: 1 });
      const result = serverSideApply(untracked, deployment({ replicas: 2 }), { schema, manager: 'flux', force: false, apiVersion: 'apps/v1', now: T[1] });
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.message, 'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas');
    });

    it('shares unchanged fields with before-first-apply', () => {
      const obj = applyOk(deployment({ replicas: 1 }), deployment({ replicas: 1 }), { schema, manager: 'flux', now: T[1] });
      assert.deepEqual(entries(obj).map((e) => `${e.manager} ${e.operation}`), ['flux Apply', 'before-first-apply Update']);
      assert.deepEqual((entryOf(obj, 'before-first-apply').fieldsV1['f:spec'] as JsonObject)['f:replicas'], {});
      assert.equal(entryOf(obj, 'before-first-apply').time, T[1]);
    });
  });

  describe('upgrading from client-side kubectl apply', () => {
    const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
    const clientSideApplied = (replicas: number): JsonObject => {
      const config = deployment({ replicas });
      return withValue(config, 'metadata.annotations', { [LAST_APPLIED]: `${JSON.stringify(config)}\n` });
    };

    it('lets kubectl take over the fields its last-applied annotation holds, and rewrites the annotation', () => {
      const live = update(undefined, clientSideApplied(2), 'kubectl-client-side-apply', schema, T[0]);
      const obj = applyOk(live, deployment({ replicas: 3 }), { schema, manager: 'kubectl', now: T[1] });
      assert.equal((obj.spec as JsonObject).replicas, 3);
      assert.equal((entryOf(obj, 'kubectl-client-side-apply').fieldsV1['f:spec'] as JsonObject)['f:replicas'], undefined);
      const annotation = ((obj.metadata as JsonObject).annotations as JsonObject)[LAST_APPLIED] as string;
      assert.ok(annotation.endsWith('\n'));
      assert.deepEqual(JSON.parse(annotation), deployment({ replicas: 3 }));
    });

    it('still conflicts for other managers and for fields changed since the last client-side apply', () => {
      const live = update(undefined, clientSideApplied(2), 'kubectl-client-side-apply', schema, T[0]);
      const other = serverSideApply(live, deployment({ replicas: 3 }), { schema, manager: 'flux', force: false, apiVersion: 'apps/v1', now: T[1] });
      assert.equal(other.ok, false);
      const drifted = update(live, withValue(live, 'spec.replicas', 5), 'kubectl-client-side-apply', schema, T[1]);
      const result = serverSideApply(drifted, deployment({ replicas: 3 }), { schema, manager: 'kubectl', force: false, apiVersion: 'apps/v1', now: T[2] });
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
    });
  });

  describe('force', () => {
    it('takes the contested fields over from the other manager', () => {
      const first = applyOk(undefined, deployment({ replicas: 2 }), { schema, manager: 'alice' });
      const forced = applyOk(first, deployment({ replicas: 3 }), { schema, manager: 'bob', force: true, now: T[1] });
      assert.equal((forced.spec as JsonObject).replicas, 3);
      assert.equal((entryOf(forced, 'alice').fieldsV1['f:spec'] as JsonObject)['f:replicas'], undefined);
      assert.deepEqual((entryOf(forced, 'bob').fieldsV1['f:spec'] as JsonObject)['f:replicas'], {});
    });
  });

  describe('removing fields the manager stopped applying', () => {
    it('removes a field this manager alone applied before', () => {
      const first = applyOk(undefined, deployment({ replicas: 2 }), { schema });
      const second = applyOk(first, deployment(), { schema, now: T[1] });
      assert.equal(Object.hasOwn(second.spec as JsonObject, 'replicas'), false);
      assert.equal((entryOf(second, 'kubectl').fieldsV1['f:spec'] as JsonObject)['f:replicas'], undefined);
    });

    it('keeps a field another applier still owns', () => {
      const a = applyOk(undefined, deployment({ replicas: 2 }), { schema, manager: 'alice' });
      const b = applyOk(a, deployment({ replicas: 2 }), { schema, manager: 'bob', now: T[1] });
      const dropped = applyOk(b, deployment(), { schema, manager: 'alice', now: T[2] });
      assert.equal((dropped.spec as JsonObject).replicas, 2);
      assert.deepEqual((entryOf(dropped, 'bob').fieldsV1['f:spec'] as JsonObject)['f:replicas'], {});
    });

    it('removes a whole container it created, and keeps containers others own', () => {
      const two = deployment({ containers: [{ name: 'app', image: 'a' }, { name: 'sidecar', image: 's' }] });
      const first = applyOk(undefined, two, { schema });
      const second = applyOk(first, deployment({ image: 'a' }), { schema, now: T[1] });
      assert.deepEqual(containers(second), [{ name: 'app', image: 'a' }]);
    });

    it('leaves fields nobody owns alone', () => {
      const first = applyOk(undefined, deployment({ replicas: 2 }), { schema });
      const defaulted = withValue(first, 'spec.revisionHistoryLimit', 10);
      const second = applyOk(defaulted, deployment(), { schema, now: T[1] });
      assert.equal((second.spec as JsonObject).revisionHistoryLimit, 10);
    });
  });

  describe('list semantics', () => {
    it('merges containers by name, keeping a container another manager added', () => {
      const first = applyOk(undefined, deployment(), { schema });
      const injected = update(first, withValue(first, 'spec.template.spec.containers', [...containers(first), { name: 'istio-proxy', image: 'proxy' }]), 'sidecar-injector', schema);
      const second = applyOk(injected, deployment({ image: 'nginx:2' }), { schema, now: T[2] });
      assert.deepEqual(containers(second), [{ name: 'app', image: 'nginx:2' }, { name: 'istio-proxy', image: 'proxy' }]);
    });

    it('replaces an atomic list whole', () => {
      const withArgs = (args: string[]) => deployment({ containers: [{ name: 'app', image: 'a', args }] });
      const first = applyOk(undefined, withArgs(['--a', '--b']), { schema });
      const second = applyOk(first, withArgs(['--c']), { schema, now: T[1] });
      assert.deepEqual(containers(second)[0]!.args, ['--c']);
      const c = ((((entryOf(second, 'kubectl').fieldsV1['f:spec'] as JsonObject)['f:template'] as JsonObject)['f:spec'] as JsonObject)['f:containers'] as JsonObject)['k:{"name":"app"}'] as JsonObject;
      assert.deepEqual(c['f:args'], {});
    });

    it('honours a CRD list map with two keys', () => {
      const crd = crdSchema({
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: {
              routes: {
                type: 'array',
                'x-kubernetes-list-type': 'map',
                'x-kubernetes-list-map-keys': ['host', 'port'],
                items: { type: 'object', properties: { host: { type: 'string' }, port: { type: 'integer' }, weight: { type: 'integer' } } },
              },
            },
          },
        },
      });
      const route = (routes: JsonObject[]) => ({ apiVersion: 'example.com/v1', kind: 'Router', metadata: { name: 'r' }, spec: { routes } });
      const first = applyOk(undefined, route([{ host: 'a', port: 80, weight: 1 }, { host: 'a', port: 443, weight: 1 }]), { schema: crd, apiVersion: 'example.com/v1' });
      const second = applyOk(first, route([{ host: 'a', port: 443, weight: 5 }]), { schema: crd, apiVersion: 'example.com/v1', now: T[1] });
      assert.deepEqual((second.spec as JsonObject).routes, [{ host: 'a', port: 443, weight: 5 }]);
      assert.deepEqual(entryOf(second, 'kubectl').fieldsV1, {
        'f:spec': { 'f:routes': { 'k:{"host":"a","port":443}': { '.': {}, 'f:host': {}, 'f:port': {}, 'f:weight': {} } } },
      });
    });
  });

  describe('status', () => {
    it('leaves status untouched when applying to the main resource', () => {
      const live = { ...applyOk(undefined, deployment(), { schema }), status: { replicas: 1 } };
      const obj = applyOk(live, { ...deployment({ replicas: 3 }), status: { replicas: 7 } }, { schema, now: T[1] });
      assert.deepEqual(obj.status, { replicas: 1 });
      assert.equal(entryOf(obj, 'kubectl').fieldsV1['f:status'], undefined);
    });

    it('changes only status when applying to the status subresource', () => {
      const live = applyOk(undefined, deployment({ replicas: 2 }), { schema });
      const config = { ...deployment({ replicas: 9 }), status: { replicas: 2 } };
      const obj = applyOk(live, config, { schema, manager: 'controller', subresource: 'status', now: T[1] });
      assert.deepEqual(obj.status, { replicas: 2 });
      assert.equal((obj.spec as JsonObject).replicas, 2);
      const entry = entryOf(obj, 'controller');
      assert.equal(entry.subresource, 'status');
      assert.deepEqual(entry.fieldsV1, { 'f:status': { 'f:replicas': {} } });
    });
  });

  describe('idempotence', () => {
    it('changes nothing when the same configuration is applied twice', () => {
      const first = applyOk(undefined, deployment({ replicas: 2 }), { schema });
      const again = applyOk(first, deployment({ replicas: 2 }), { schema, now: T[3] });
      assert.deepEqual(again, first);
      assert.equal(entryOf(again, 'kubectl').time, T[0], 'the entry keeps its time');
    });
  });

  describe('invalid configurations', () => {
    it('rejects a field the schema does not declare, in the API server wording', () => {
      const config = withValue(deployment(), 'spec.replicaz', 3);
      assert.throws(
        () => serverSideApply(undefined, config, { schema, manager: 'm', force: false, apiVersion: 'apps/v1', now: T[0] }),
        (err: unknown) =>
          err instanceof ServerSideApplyError &&
          err.code === 'SLUICE_SERVER_SIDE_APPLY' &&
          err.serverMessage === 'failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.replicaz: field not declared in schema',
      );
    });

    it('rejects duplicate list keys', () => {
      const config = deployment({ containers: [{ name: 'app', image: 'a' }, { name: 'app', image: 'b' }] });
      assert.throws(
        () => serverSideApply(undefined, config, { schema, manager: 'm', force: false, apiVersion: 'apps/v1', now: T[0] }),
        (err: unknown) => err instanceof ServerSideApplyError && err.serverMessage.endsWith('.spec.template.spec.containers: duplicate entries for key [name="app"]'),
      );
    });

    it('rejects managedFields in the configuration', () => {
      const config = withValue(deployment(), 'metadata.managedFields', []);
      assert.throws(() => serverSideApply(undefined, config, { schema, manager: 'm', force: false, apiVersion: 'apps/v1', now: T[0] }), /metadata.managedFields must be nil/);
    });
  });

  it('never mutates the live object or the configuration', () => {
    const live = applyOk(undefined, deployment({ replicas: 2 }), { schema, manager: 'alice' });
    const config = deployment({ replicas: 3, image: 'x' });
    const [l0, c0] = [snapshot(live), snapshot(config)];
    applyOk(live, config, { schema, manager: 'bob', force: true, now: T[1] });
    assert.deepEqual(live, l0);
    assert.deepEqual(config, c0);
  });
});
