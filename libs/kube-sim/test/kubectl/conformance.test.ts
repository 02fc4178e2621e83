/**
 * The real kubectl 1.35.2 against the simulated server: each command is checked for what a real cluster answers
 * (output shape and content, exit code). One server for the suite; each scenario works in its own namespace so
 * independent kubectl invocations run concurrently.
 */
import { strict as assert } from 'node:assert';
import { fileURLToPath } from 'node:url';
import { startKubeSim, type KubeSim } from '@sluice/kube-sim';
import { kubectlFor, stopProcess, watchOutput, type Kubectl } from '../support/kubectl.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/kubectl/${name}`, import.meta.url));
const WIDGETS = fixture('widgets-crd-and-objects.yaml');
const WEB = fixture('web-deployment.yaml');

/** Table rows of kubectl output, split on runs of two or more spaces. */
function rows(out: string): string[][] {
  return out.trim().split('\n').map((l) => l.trim().split(/\s{2,}/));
}

describe('kubectl conformance', function () {
  this.timeout(60_000);
  let sim: KubeSim;
  let k: Kubectl;

  before(async () => {
    sim = await startKubeSim({ readyDelayMs: 50 });
    k = await kubectlFor(sim);
    const created = await Promise.all(['conformance', 'rollout', 'cascade', 'patching', 'rbac'].map((ns) => k.run(['create', 'namespace', ns])));
    for (const r of created) assert.equal(r.code, 0, r.stderr);
  });

  after(async () => {
    await k?.dispose();
    await sim?.stop();
  });

  describe('api-resources', () => {
    it('lists built-in resources with short names, API versions, scope and kind', async () => {
      const r = await k.run(['api-resources']);
      assert.equal(r.code, 0, r.stderr);
      const table = rows(r.stdout);
      assert.deepEqual(table[0], ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
      const byName = new Map(table.slice(1).map((cols) => [cols[0], cols]));
      assert.deepEqual(byName.get('deployments'), ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment']);
      assert.deepEqual(byName.get('namespaces'), ['namespaces', 'ns', 'v1', 'false', 'Namespace']);
      assert.deepEqual(byName.get('customresourcedefinitions'), ['customresourcedefinitions', 'crd,crds', 'apiextensions.k8s.io/v1', 'false', 'CustomResourceDefinition']);
      assert.deepEqual(byName.get('secrets'), ['secrets', 'v1', 'true', 'Secret']);
    });

    it('narrows to one API group', async () => {
      const r = await k.run(['api-resources', '--api-group=batch', '-o', 'name']);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.stdout.trim().split('\n').sort(), ['cronjobs.batch', 'jobs.batch']);
    });
  });

  describe('apply --server-side of a CRD with objects of that CRD', () => {
    it('creates the CRD, then fails mapping its objects as a real cluster does, and applies them on the next run', async () => {
      const first = await k.run(['apply', '--server-side', '-f', WIDGETS]);
      assert.equal(first.code, 1);
      assert.match(first.stdout, /^customresourcedefinition\.apiextensions\.k8s\.io\/widgets\.example\.com serverside-applied$/m);
      assert.match(first.stderr, /resource mapping not found for name: "small" namespace: "conformance" .*no matches for kind "Widget" in version "example\.com\/v1"/);
      assert.match(first.stderr, /ensure CRDs are installed first/);
      const second = await k.run(['apply', '--server-side', '-f', WIDGETS]);
      assert.equal(second.code, 0, second.stderr);
      assert.deepEqual(second.stdout.trim().split('\n'), [
        'customresourcedefinition.apiextensions.k8s.io/widgets.example.com serverside-applied',
        'widget.example.com/small serverside-applied',
        'widget.example.com/large serverside-applied',
      ]);
    });

    it('lists the custom resources with the CRD printer columns, and finds them by short name and category', async () => {
      const [byPlural, byShort, all] = await Promise.all([
        k.run(['get', 'widgets', '-n', 'conformance']),
        k.run(['get', 'wd', 'large', '-n', 'conformance', '-o', 'name']),
        k.run(['get', 'all', '-n', 'conformance', '-o', 'name']),
      ]);
      assert.equal(byPlural.code, 0, byPlural.stderr);
      const table = rows(byPlural.stdout);
      assert.deepEqual(table[0], ['NAME', 'SIZE', 'COLOR', 'AGE']);
      assert.deepEqual(table.slice(1).map((c) => c.slice(0, 3)), [['large', '9', 'blue'], ['small', '1', 'red']]);
      assert.match(table[1]![3]!, /^\d+s$/);
      assert.equal(byShort.stdout.trim(), 'widget.example.com/large');
      assert.match(all.stdout, /^widget\.example\.com\/small$/m);
    });

    it('rejects an object the schema forbids with the real Invalid message', async () => {
      const bad = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: bad\n  namespace: conformance\nspec:\n  size: 0\n  color: green\n';
      const r = await k.run(['apply', '--server-side', '-f', '-'], bad);
      assert.equal(r.code, 1);
      // kubectl lays the Invalid Status out one cause per line.
      assert.equal(r.stderr, [
        'The Widget "bad" is invalid: ',
        '* spec.color: Unsupported value: "green": supported values: "red", "blue"',
        '* spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1',
        '',
      ].join('\n'));
    });
  });

  describe('get -o yaml', () => {
    it('shows the stored object with server-set metadata and hides managedFields unless asked', async () => {
      const [plain, managed] = await Promise.all([
        k.run(['get', 'widget', 'large', '-n', 'conformance', '-o', 'yaml']),
        k.run(['get', 'widget', 'large', '-n', 'conformance', '-o', 'yaml', '--show-managed-fields']),
      ]);
      assert.equal(plain.code, 0, plain.stderr);
      assert.match(plain.stdout, /^apiVersion: example\.com\/v1\nkind: Widget\nmetadata:\n {2}creationTimestamp: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\n {2}generation: 1\n {2}name: large\n {2}namespace: conformance\n {2}resourceVersion: "\d+"\n {2}uid: [0-9a-f-]{36}\nspec:\n {2}color: blue\n {2}ports:\n {2}- name: http\n {4}port: 80\n {2}size: 9\n$/);
      assert.match(managed.stdout, /managedFields:\n {2}- apiVersion: example\.com\/v1\n {4}fieldsType: FieldsV1\n {4}fieldsV1:\n {6}f:spec:\n {8}f:color: \{\}\n {8}f:ports:\n {10}k:\{"name":"http"\}:\n {12}\.: \{\}\n {12}f:name: \{\}\n {12}f:port: \{\}\n {8}f:size: \{\}\n {4}manager: kubectl\n {4}operation: Apply\n/);
    });

    it('answers a missing object with the NotFound wording and exit code 1', async () => {
      const r = await k.run(['get', 'deployment', 'nope', '-n', 'conformance', '-o', 'yaml']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr.trim(), 'Error from server (NotFound): deployments.apps "nope" not found');
    });
  });

  describe('get --watch', () => {
    it('prints the existing objects, then events as they happen', async () => {
      const watch = k.spawn(['get', 'configmaps', '-n', 'conformance', '--watch', '--output-watch-events']);
      const output = watchOutput(watch);
      try {
        await output.until(/kube-root-ca\.crt/);
        const created = await k.run(['create', 'configmap', 'watched', '-n', 'conformance', '--from-literal=a=b']);
        assert.equal(created.code, 0, created.stderr);
        const deleted = await k.run(['delete', 'configmap', 'watched', '-n', 'conformance']);
        assert.equal(deleted.code, 0, deleted.stderr);
        const out = await output.until(/DELETED\s+watched/);
        const table = rows(out);
        assert.deepEqual(table[0], ['EVENT', 'NAME', 'DATA', 'AGE']);
        assert.deepEqual(table.map((c) => `${c[0]} ${c[1]}`).slice(1), ['ADDED kube-root-ca.crt', 'ADDED watched', 'DELETED watched']);
      } finally {
        await stopProcess(watch);
      }
    });
  });

  describe('diff --server-side', () => {
    it('exits 0 without output when the live object matches, 1 with a unified diff when it does not', async () => {
      const applied = await k.run(['apply', '--server-side', '-n', 'conformance', '-f', WEB]);
      assert.equal(applied.code, 0, applied.stderr);
      const changed = (await import('node:fs/promises')).readFile(WEB, 'utf8').then((t) => t.replace('nginx:1.27', 'nginx:1.28'));
      const [same, different] = await Promise.all([
        k.run(['diff', '--server-side', '-n', 'conformance', '-f', WEB]),
        changed.then((text) => k.run(['diff', '--server-side', '-n', 'conformance', '-f', '-'], text)),
      ]);
      assert.equal(same.code, 0, same.stderr + same.stdout);
      assert.equal(same.stdout, '');
      assert.equal(different.code, 1, different.stderr);
      assert.match(different.stdout, /^--- .*apps\.v1\.Deployment\.conformance\.web/m);
      assert.match(different.stdout, /^-\s+- image: nginx:1\.27$/m);
      assert.match(different.stdout, /^\+\s+- image: nginx:1\.28$/m);
      assert.doesNotMatch(different.stdout, /v1\.Service\.conformance\.web/);
    });
  });

  describe('delete with cascading', () => {
    async function deploymentWithPods(name: string): Promise<void> {
      const c = await k.run(['create', 'deployment', name, '-n', 'cascade', '--image=nginx:1.27', '--replicas=2']);
      assert.equal(c.code, 0, c.stderr);
      const w = await k.run(['wait', '-n', 'cascade', '--for=condition=Available', `deployment/${name}`, '--timeout=20s']);
      assert.equal(w.code, 0, w.stderr);
    }

    async function dependents(label: string): Promise<string> {
      const r = await k.run(['get', 'replicasets,pods', '-n', 'cascade', '-l', `app=${label}`, '-o', 'name']);
      assert.equal(r.code, 0, r.stderr);
      return r.stdout.trim();
    }

    it('deletes dependents in the foreground before the owner disappears', async () => {
      await deploymentWithPods('fg');
      assert.equal((await dependents('fg')).split('\n').length, 3);
      const r = await k.run(['delete', 'deployment', 'fg', '-n', 'cascade', '--cascade=foreground']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'deployment.apps "fg" deleted from cascade namespace');
      assert.equal(await dependents('fg'), '');
    });

    it('deletes dependents in the background after the owner is gone', async () => {
      await deploymentWithPods('bg');
      const r = await k.run(['delete', 'deployment', 'bg', '-n', 'cascade']);
      assert.equal(r.code, 0, r.stderr);
      const w = await k.run(['wait', '-n', 'cascade', '--for=delete', 'replicasets', '-l', 'app=bg', '--timeout=20s']);
      assert.equal(w.code, 0, w.stderr);
      assert.equal(await dependents('bg'), '');
    });

    it('orphans dependents, dropping their owner references', async () => {
      await deploymentWithPods('orphan');
      const r = await k.run(['delete', 'deployment', 'orphan', '-n', 'cascade', '--cascade=orphan']);
      assert.equal(r.code, 0, r.stderr);
      const rs = await k.run(['get', 'replicasets', '-n', 'cascade', '-l', 'app=orphan', '-o', 'jsonpath={.items[*].metadata.ownerReferences}']);
      assert.equal(rs.code, 0, rs.stderr);
      assert.equal(rs.stdout, '');
      assert.equal((await dependents('orphan')).split('\n').length, 3);
    });
  });

  describe('wait --for=condition=Available and rollout status', () => {
    it('returns once the simulated Deployment is available and reports the rollout as done', async () => {
      const applied = await k.run(['apply', '--server-side', '-n', 'rollout', '-f', WEB]);
      assert.equal(applied.code, 0, applied.stderr);
      const w = await k.run(['wait', '-n', 'rollout', '--for=condition=Available', 'deployment/web', '--timeout=20s']);
      assert.equal(w.code, 0, w.stderr);
      assert.equal(w.stdout.trim(), 'deployment.apps/web condition met');
      const s = await k.run(['rollout', 'status', '-n', 'rollout', 'deployment/web', '--timeout=20s']);
      assert.equal(s.code, 0, s.stderr);
      assert.match(s.stdout.trim(), /deployment "web" successfully rolled out$/);
      const table = rows((await k.run(['get', 'deployment', 'web', '-n', 'rollout'])).stdout);
      assert.deepEqual(table[0], ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
      assert.deepEqual(table[1]!.slice(0, 4), ['web', '2/2', '2', '2']);
    });

    it('follows an image update to the new ReplicaSet', async () => {
      const set = await k.run(['set', 'image', '-n', 'rollout', 'deployment/web', 'app=nginx:1.28']);
      assert.equal(set.code, 0, set.stderr);
      const s = await k.run(['rollout', 'status', '-n', 'rollout', 'deployment/web', '--timeout=20s']);
      assert.equal(s.code, 0, s.stderr);
      const history = await k.run(['rollout', 'history', '-n', 'rollout', 'deployment/web']);
      assert.deepEqual(rows(history.stdout).slice(1), [['REVISION', 'CHANGE-CAUSE'], ['1', '<none>'], ['2', '<none>']]);
    });

    it('fails when the Deployment exceeds its progress deadline', async () => {
      const manifest = [
        'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: stuck', '  annotations:', '    kube-sim.sluice.dev/fail: unready',
        'spec:', '  progressDeadlineSeconds: 1', '  selector: {matchLabels: {app: stuck}}',
        '  template:', '    metadata: {labels: {app: stuck}}', '    spec: {containers: [{name: app, image: nginx:1.27}]}', '',
      ].join('\n');
      const applied = await k.run(['apply', '--server-side', '-n', 'rollout', '-f', '-'], manifest);
      assert.equal(applied.code, 0, applied.stderr);
      const s = await k.run(['rollout', 'status', '-n', 'rollout', 'deployment/stuck', '--timeout=20s']);
      assert.equal(s.code, 1);
      assert.match(s.stderr, /error: deployment "stuck" exceeded its progress deadline/);
    });
  });

  describe('auth can-i --as', () => {
    it('answers from RBAC bindings of the impersonated user', async () => {
      const bound = await k.run(['create', 'rolebinding', 'bob-view', '-n', 'rbac', '--clusterrole=view', '--user=bob']);
      assert.equal(bound.code, 0, bound.stderr);
      const [list, del, other, admin] = await Promise.all([
        k.run(['auth', 'can-i', 'list', 'pods', '-n', 'rbac', '--as=bob']),
        k.run(['auth', 'can-i', 'delete', 'pods', '-n', 'rbac', '--as=bob']),
        k.run(['auth', 'can-i', 'list', 'pods', '-n', 'conformance', '--as=bob']),
        k.run(['auth', 'can-i', 'delete', 'namespaces']),
      ]);
      assert.deepEqual([list.code, list.stdout.trim()], [0, 'yes']);
      assert.deepEqual([del.code, del.stdout.trim()], [1, 'no']);
      assert.deepEqual([other.code, other.stdout.trim()], [1, 'no']);
      assert.deepEqual([admin.code, admin.stdout.trim()], [0, 'yes']);
    });

    it('denies impersonated requests with the Forbidden wording', async () => {
      const r = await k.run(['get', 'secrets', '-n', 'rbac', '--as=bob']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr.trim(), 'Error from server (Forbidden): secrets is forbidden: User "bob" cannot list resource "secrets" in API group "" in the namespace "rbac"');
    });
  });

  describe('explain', () => {
    it('describes a CRD field from the served OpenAPI v3 schema', async () => {
      const [field, object] = await Promise.all([k.run(['explain', 'widgets.spec.size']), k.run(['explain', 'widget.spec'])]);
      assert.equal(field.code, 0, field.stderr);
      assert.match(field.stdout, /^GROUP:\s+example\.com\nKIND:\s+Widget\nVERSION:\s+v1\n\nFIELD: size <integer>\n\n\nDESCRIPTION:\n\s+Size of the widget in units\./);
      assert.match(object.stdout, /FIELD: spec <Object>/);
      assert.match(object.stdout, /^ {2}size\t<integer> -required-$/m);
      assert.match(object.stdout, /^ {2}ports\t<\[\]Object>$/m);
    });

    it('describes built-in fields', async () => {
      const r = await k.run(['explain', 'deployment.spec.replicas']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /FIELD: replicas <integer>/);
    });
  });

  describe('patch --type', () => {
    before(async () => {
      const applied = await k.run(['apply', '--server-side', '-n', 'patching', '-f', WEB]);
      assert.equal(applied.code, 0, applied.stderr);
    });

    it('strategic: merges containers by name', async () => {
      const r = await k.run(['patch', 'deployment', 'web', '-n', 'patching', '--type=strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:1.37"}]}}}}']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), 'deployment.apps/web patched');
      const images = await k.run(['get', 'deployment', 'web', '-n', 'patching', '-o', 'jsonpath={.spec.template.spec.containers[*].image}']);
      assert.equal(images.stdout, 'nginx:1.27 busybox:1.37');
    });

    it('merge: replaces lists and maps keys', async () => {
      const r = await k.run(['patch', 'service', 'web', '-n', 'patching', '--type=merge', '-p', '{"metadata":{"labels":{"tier":"front"}},"spec":{"ports":[{"name":"https","port":443,"targetPort":8443}]}}']);
      assert.equal(r.code, 0, r.stderr);
      const ports = await k.run(['get', 'service', 'web', '-n', 'patching', '-o', 'jsonpath={.spec.ports[*].port} {.metadata.labels.tier}']);
      assert.equal(ports.stdout, '443 front');
    });

    it('json: applies operations in order and reports a failed test operation', async () => {
      const ok = await k.run(['patch', 'deployment', 'web', '-n', 'patching', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":3},{"op":"add","path":"/metadata/annotations","value":{"note":"x"}}]']);
      assert.equal(ok.code, 0, ok.stderr);
      const replicas = await k.run(['get', 'deployment', 'web', '-n', 'patching', '-o', 'jsonpath={.spec.replicas}']);
      assert.equal(replicas.stdout, '3');
      const failed = await k.run(['patch', 'deployment', 'web', '-n', 'patching', '--type=json', '-p', '[{"op":"test","path":"/spec/replicas","value":5}]']);
      assert.equal(failed.code, 1);
      assert.equal(failed.stderr.trim(), 'The request is invalid: the server rejected our request due to an error in our request');
    });

    it('refuses strategic merge patches of custom resources with 415', async () => {
      const r = await k.run(['patch', 'widget', 'small', '-n', 'conformance', '--type=strategic', '-p', '{"spec":{"size":2}}']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /application\/strategic-merge-patch\+json is not supported by example\.com\/v1, Kind=Widget: the body of the request was in an unknown format - accepted media types include: application\/json-patch\+json, application\/merge-patch\+json, application\/apply-patch\+yaml/);
    });
  });
});
