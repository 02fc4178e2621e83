/** The verbs run without HTTP, on a store and registry alone (what the controllers use). */
import { strict as assert } from 'node:assert';
import { defaultWriteOptions, type ApiCore } from '../../src/api/context.js';
import { isKubeApiError } from '../../src/api/status.js';
import { bootstrap } from '../../src/bootstrap.js';
import type { JsonObject } from '../../src/json.js';
import { k8sMergeEngine } from '../../src/merge.js';
import { Registry } from '../../src/registry/registry.js';
import { Store } from '../../src/storage/store.js';
import { applyVerb, createVerb, patchVerb, PatchType } from '../../src/verbs/mutate.js';
import { getVerb, listVerb, parseListQuery } from '../../src/verbs/read.js';

function core(): ApiCore {
  const c: ApiCore = { store: new Store(), registry: new Registry(), merge: k8sMergeEngine, now: () => new Date('2026-01-02T03:04:05.678Z') };
  bootstrap(c);
  return c;
}

describe('verbs without HTTP', () => {
  const opts = { ...defaultWriteOptions(), userAgent: 'unit/1.0' };

  it('creates, patches and reads objects, stamping the clock the core was given', () => {
    const c = core();
    const def = c.registry.find('', 'v1', 'configmaps')!;
    const target = { def, namespace: 'default', name: '', subresource: '' };
    const created = createVerb(c, target, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: 'v' } }, opts).body;
    assert.equal((created.metadata as JsonObject).creationTimestamp, '2026-01-02T03:04:05Z');
    assert.equal(((created.metadata as JsonObject).managedFields as JsonObject[])[0]!.manager, 'unit');
    patchVerb(c, { ...target, name: 'a' }, PatchType.Merge, { data: { k: 'w' } }, opts);
    assert.deepEqual(getVerb(c, def, 'default', 'a').data, { k: 'w' });
    const list = listVerb(c, def, 'default', parseListQuery(def, new URLSearchParams('')));
    assert.deepEqual(list.items.map((i) => (i.metadata as JsonObject).name), ['a']);
  });

  it('throws KubeApiErrors carrying the Status the HTTP layer answers with', () => {
    const c = core();
    const def = c.registry.find('apps', 'v1', 'deployments')!;
    assert.throws(() => getVerb(c, def, 'default', 'nope'), (err: unknown) => isKubeApiError(err, 'NotFound') && err.httpCode === 404 && err.code === 'SLUICE_KUBE_API_STATUS');
    assert.throws(
      () => applyVerb(c, { def, namespace: 'default', name: 'x', subresource: '' }, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } }, { ...opts, fieldManager: 'unit', force: false }),
      (err: unknown) => isKubeApiError(err, 'Invalid') && /spec\.selector: Required value/.test(err.message),
    );
  });
});
