import assert from 'node:assert/strict';
import { StrategicMergePatchError, strategicMergePatch, type JsonObject, type JsonValue } from '../src/index.js';
import { deploymentSchema, schemaOf, snapshot } from './helpers.js';

const schema = deploymentSchema();

/** A Deployment whose pod template holds these containers (and optionally volumes). */
function withPodSpec(podSpec: JsonObject): JsonObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: podSpec } } };
}

function podSpecOf(obj: JsonObject): JsonObject {
  return ((obj.spec as JsonObject).template as JsonObject).spec as JsonObject;
}

function patchPod(live: JsonObject, podPatch: JsonObject): JsonObject {
  return podSpecOf(strategicMergePatch(withPodSpec(live), { spec: { template: { spec: podPatch } } }, schema));
}

function failure(fn: () => unknown): StrategicMergePatchError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof StrategicMergePatchError, `expected StrategicMergePatchError, got ${String(err)}`);
    assert.equal(err.code, 'SLUICE_STRATEGIC_MERGE');
    return err;
  }
  assert.fail('expected the patch to be rejected');
}

const twoContainers = (): JsonObject => ({
  containers: [
    { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
    { name: 'sidecar', image: 'proxy:1' },
  ],
});

describe('strategicMergePatch', () => {
  describe('containers merged by name', () => {
    it('changes a field of the named container and keeps the others', () => {
      const out = patchPod(twoContainers(), { containers: [{ name: 'sidecar', image: 'proxy:2' }] });
      assert.deepEqual(out.containers, [
        { name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
        { name: 'sidecar', image: 'proxy:2' },
      ]);
    });

    it('puts a new container before the live ones, as apimachinery orders patch items first', () => {
      const out = patchPod(twoContainers(), { containers: [{ name: 'init', image: 'busybox' }] });
      assert.deepEqual((out.containers as JsonObject[]).map((c) => c.name), ['init', 'app', 'sidecar']);
    });

    it('orders changed and new containers by the patch, live-only ones by their live position', () => {
      const out = patchPod(twoContainers(), { containers: [{ name: 'new', image: 'n' }, { name: 'sidecar', image: 'proxy:2' }] });
      assert.deepEqual((out.containers as JsonObject[]).map((c) => c.name), ['new', 'app', 'sidecar']);
    });

    it('deletes a container with $patch: delete', () => {
      const out = patchPod(twoContainers(), { containers: [{ name: 'app', $patch: 'delete' }] });
      assert.deepEqual(out.containers, [{ name: 'sidecar', image: 'proxy:1' }]);
    });

    it('reorders containers with $setElementOrder without changing them', () => {
      const out = patchPod(twoContainers(), { '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'app' }] });
      assert.deepEqual((out.containers as JsonObject[]).map((c) => c.name), ['sidecar', 'app']);
      assert.deepEqual((out.containers as JsonObject[])[1], (twoContainers().containers as JsonValue[])[0]);
    });

    it('applies kubectl-style patches: changes plus $setElementOrder for the full order', () => {
      const out = patchPod(twoContainers(), {
        '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'extra' }, { name: 'app' }],
        containers: [{ name: 'extra', image: 'e:1' }, { name: 'app', image: 'app:2' }],
      });
      assert.deepEqual(
        (out.containers as JsonObject[]).map((c) => [c.name, c.image]),
        [['sidecar', 'proxy:1'], ['extra', 'e:1'], ['app', 'app:2']],
      );
    });

    it('rejects a container without its merge key, naming the element', () => {
      const err = failure(() => patchPod(twoContainers(), { containers: [{ image: 'x' }] }));
      assert.equal(err.field, 'spec.template.spec.containers[0]');
      assert.match(err.message, /does not contain declared merge key: name/);
    });

    it('rejects $setElementOrder lists that contradict the patch order', () => {
      const err = failure(() => patchPod(twoContainers(), {
        '$setElementOrder/containers': [{ name: 'app' }, { name: 'sidecar' }],
        containers: [{ name: 'sidecar', image: 's' }, { name: 'app', image: 'a' }],
      }));
      assert.match(err.message, /doesn't match \$setElementOrder list/);
    });
  });

  describe('nested merge keys', () => {
    it('merges env entries by name', () => {
      const out = patchPod(twoContainers(), { containers: [{ name: 'app', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }] }] });
      const env = ((out.containers as JsonObject[])[0]!).env;
      assert.deepEqual(env, [{ name: 'A', value: '1' }, { name: 'B', value: 'two' }, { name: 'C', value: '3' }]);
    });

    it('merges ports by containerPort', () => {
      const live = { containers: [{ name: 'app', ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443, name: 'https' }] }] };
      const out = patchPod(live, { containers: [{ name: 'app', ports: [{ containerPort: 443, name: 'tls' }, { containerPort: 9090, name: 'metrics' }] }] });
      assert.deepEqual(((out.containers as JsonObject[])[0]!).ports, [
        { containerPort: 80, name: 'http' },
        { containerPort: 443, name: 'tls' },
        { containerPort: 9090, name: 'metrics' },
      ]);
    });

    it('removes an env entry with $patch: delete and clears a field with null', () => {
      const out = patchPod(twoContainers(), { containers: [{ name: 'app', image: null, env: [{ name: 'A', $patch: 'delete' }] }] });
      assert.deepEqual((out.containers as JsonObject[])[0], { name: 'app', env: [{ name: 'B', value: '2' }] });
    });
  });

  describe('$patch: replace', () => {
    it('replaces a map instead of merging it', () => {
      const live = { metadata: { name: 'web', labels: { a: '1', b: '2' } } };
      const out = strategicMergePatch(live, { metadata: { labels: { $patch: 'replace', c: '3' } } }, schema);
      assert.deepEqual(out, { metadata: { name: 'web', labels: { c: '3' } } });
    });

    it('replaces a merge list with the rest of the patch list', () => {
      const out = patchPod(twoContainers(), { containers: [{ $patch: 'replace' }, { name: 'only', image: 'o:1' }] });
      assert.deepEqual(out.containers, [{ name: 'only', image: 'o:1' }]);
    });

    it('empties a map with $patch: delete', () => {
      const live = { metadata: { name: 'web', labels: { a: '1' } } };
      assert.deepEqual(strategicMergePatch(live, { metadata: { labels: { $patch: 'delete' } } }, schema), { metadata: { name: 'web', labels: {} } });
    });

    it('rejects $patch: merge, as the API server does', () => {
      assert.match(failure(() => strategicMergePatch({ metadata: { labels: {} } }, { metadata: { labels: { $patch: 'merge' } } }, schema)).message, /unknown patch type: "merge"/);
      assert.match(failure(() => patchPod(twoContainers(), { containers: [{ name: 'app', $patch: 'merge' }] })).message, /merging lists cannot yet be specified/);
    });
  });

  describe('$retainKeys', () => {
    it('clears the keys of a retainKeys struct that the directive does not list', () => {
      const live = { spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } } };
      const out = strategicMergePatch(live, { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }, schema);
      assert.deepEqual(out, { spec: { strategy: { type: 'Recreate' } } });
    });

    it('switches a volume source inside a merge,retainKeys list', () => {
      const live = { volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c' } }] };
      const out = patchPod(live, { volumes: [{ name: 'data', $retainKeys: ['name', 'hostPath'], hostPath: { path: '/data' } }] });
      assert.deepEqual(out.volumes, [{ name: 'data', hostPath: { path: '/data' } }, { name: 'cfg', configMap: { name: 'c' } }]);
    });

    it('rejects patch keys missing from the $retainKeys list', () => {
      const live = { spec: { strategy: { type: 'RollingUpdate' } } };
      const err = failure(() => strategicMergePatch(live, { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }, schema));
      assert.equal(err.field, 'spec.strategy.$retainKeys');
    });
  });

  describe('primitive lists with merge strategy', () => {
    const obj = (finalizers: string[]) => ({ metadata: { name: 'x', finalizers } });

    it('adds finalizers as a set, new ones first as apimachinery orders them', () => {
      const out = strategicMergePatch(obj(['a', 'b']), { metadata: { finalizers: ['b', 'c'] } }, schema);
      assert.deepEqual((out.metadata as JsonObject).finalizers, ['a', 'b', 'c']);
      const first = strategicMergePatch(obj(['a', 'b']), { metadata: { finalizers: ['c'] } }, schema);
      assert.deepEqual((first.metadata as JsonObject).finalizers, ['c', 'a', 'b']);
    });

    it('removes finalizers with $deleteFromPrimitiveList', () => {
      const out = strategicMergePatch(obj(['a', 'b', 'c']), { metadata: { '$deleteFromPrimitiveList/finalizers': ['b'] } }, schema);
      assert.deepEqual((out.metadata as JsonObject).finalizers, ['a', 'c']);
    });

    it('orders finalizers by $setElementOrder', () => {
      const out = strategicMergePatch(obj(['a', 'b']), { metadata: { '$setElementOrder/finalizers': ['b', 'c', 'a'], finalizers: ['c'] } }, schema);
      assert.deepEqual((out.metadata as JsonObject).finalizers, ['b', 'c', 'a']);
    });

    it('replaces lists whose schema gives no merge strategy', () => {
      const live = { containers: [{ name: 'app', args: ['--a', '--b'] }] };
      const out = patchPod(live, { containers: [{ name: 'app', args: ['--c'] }] });
      assert.deepEqual(((out.containers as JsonObject[])[0]!).args, ['--c']);
    });
  });

  describe('without schema', () => {
    it('merges maps and replaces lists like a JSON merge patch', () => {
      const live = { spec: { list: [{ name: 'a' }], map: { a: 1, b: 2 } } };
      const out = strategicMergePatch(live, { spec: { list: [{ name: 'b' }], map: { b: null, c: 3 } } }, undefined);
      assert.deepEqual(out, { spec: { list: [{ name: 'b' }], map: { a: 1, c: 3 } } });
    });
  });

  it('drops nulls and directives from values the original does not have', () => {
    const out = strategicMergePatch({ metadata: { name: 'x' } }, { spec: { template: { metadata: { labels: { a: 'b', gone: null } } } } }, schema);
    assert.deepEqual(out, { metadata: { name: 'x' }, spec: { template: { metadata: { labels: { a: 'b' } } } } });
  });

  it('merges a Service port list by port', () => {
    const svc = schemaOf('', 'v1', 'Service');
    const live = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443, targetPort: 8443 }] } };
    const out = strategicMergePatch(live, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }, svc);
    assert.deepEqual(out, { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443, targetPort: 8443 }] } });
  });

  it('never mutates the original or the patch', () => {
    const live = withPodSpec(twoContainers());
    const patch = { spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'A', $patch: 'delete' }] }] } } } };
    const [l0, p0] = [snapshot(live), snapshot(patch)];
    const out = strategicMergePatch(live, patch, schema);
    ((podSpecOf(out).containers as JsonObject[])[1]!).image = 'changed';
    assert.deepEqual(live, l0);
    assert.deepEqual(patch, p0);
  });
});
