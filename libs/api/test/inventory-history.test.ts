import assert from 'node:assert/strict';
import {
  HISTORY_MAX_SIZE,
  InvalidInventoryIdError,
  InvalidObjectKeyError,
  entryApiVersion,
  formatObjectKey,
  inventoryEntry,
  inventoryId,
  latestSnapshot,
  objectKey,
  parseInventoryId,
  parseObjectKey,
  recordReconciliation,
  sortEntries,
  staleEntries,
  tryParseInventoryId,
} from '../src/index.js';

describe('inventory ids', () => {
  it('writes namespaced, cluster-scoped and core objects as Flux does', () => {
    assert.deepEqual(inventoryEntry({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'podinfo', namespace: 'apps' } }), { id: 'apps_podinfo_apps_Deployment', v: 'v1' });
    assert.deepEqual(inventoryEntry({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'podinfo' } }), { id: '_podinfo__Namespace', v: 'v1' });
    assert.equal(inventoryId({ namespace: 'flux-system', name: 'sync', group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization' }), 'flux-system_sync_kustomize.toolkit.fluxcd.io_Kustomization');
  });

  it('reads ids back', () => {
    assert.deepEqual(parseInventoryId('apps_podinfo_apps_Deployment'), { namespace: 'apps', name: 'podinfo', group: 'apps', kind: 'Deployment' });
    assert.deepEqual(parseInventoryId('_podinfo__Namespace'), { namespace: '', name: 'podinfo', group: '', kind: 'Namespace' });
    assert.equal(entryApiVersion({ id: '_podinfo__Namespace', v: 'v1' }), 'v1');
    assert.equal(entryApiVersion({ id: 'apps_podinfo_apps_Deployment', v: 'v1' }), 'apps/v1');
  });

  it('escapes colons in RBAC names as cli-utils does', () => {
    const id = inventoryId({ namespace: '', name: 'system:controller:flux', group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' });
    assert.equal(id, '_system__controller__flux_rbac.authorization.k8s.io_ClusterRole');
    assert.equal(parseInventoryId(id).name, 'system:controller:flux');
  });

  it('rejects ids that are not four fields', () => {
    assert.equal(tryParseInventoryId('podinfo_Deployment'), undefined);
    assert.equal(tryParseInventoryId('apps__apps_'), undefined);
    assert.throws(() => parseInventoryId('nonsense'), (e: unknown) => e instanceof InvalidInventoryIdError && e.code === 'SLUICE_INVALID_INVENTORY_ID');
  });

  it('finds stale entries to prune, ignoring version changes', () => {
    const previous = [{ id: 'a_x_apps_Deployment', v: 'v1' }, { id: 'a_y__ConfigMap', v: 'v1' }, { id: '_a__Namespace', v: 'v1' }];
    const next = [{ id: 'a_x_apps_Deployment', v: 'v2' }, { id: '_a__Namespace', v: 'v1' }];
    assert.deepEqual(staleEntries(previous, next), [{ id: 'a_y__ConfigMap', v: 'v1' }]);
    assert.deepEqual(sortEntries(previous).map((e) => e.id), ['_a__Namespace', 'a_x_apps_Deployment', 'a_y__ConfigMap']);
  });
});

describe('recordReconciliation', () => {
  const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 10, minute, 0));

  it('starts a history with one snapshot', () => {
    const history = recordReconciliation(undefined, { digest: 'sha256:aaa', status: 'ReconciliationSucceeded', at: at(0), durationMs: 1500, metadata: { revision: 'main@sha1:1' } });
    assert.deepEqual(history, [{
      digest: 'sha256:aaa',
      firstReconciled: '2024-05-01T10:00:00Z',
      lastReconciled: '2024-05-01T10:00:00Z',
      lastReconciledDuration: '1.5s',
      lastReconciledStatus: 'ReconciliationSucceeded',
      totalReconciliations: 1,
      metadata: { revision: 'main@sha1:1' },
    }]);
  });

  it('counts repeated reconciliations of the same digest and outcome in one snapshot', () => {
    let history = recordReconciliation([], { digest: 'sha256:aaa', status: 'ReconciliationSucceeded', at: at(0), durationMs: 1000 });
    history = recordReconciliation(history, { digest: 'sha256:aaa', status: 'ReconciliationSucceeded', at: at(5), durationMs: 2000 });
    assert.equal(history.length, 1);
    assert.equal(history[0]?.totalReconciliations, 2);
    assert.equal(history[0]?.firstReconciled, '2024-05-01T10:00:00Z');
    assert.equal(history[0]?.lastReconciled, '2024-05-01T10:05:00Z');
    assert.equal(history[0]?.lastReconciledDuration, '2s');
  });

  it('starts a new snapshot when the outcome differs, newest first', () => {
    let history = recordReconciliation([], { digest: 'sha256:aaa', status: 'ReconciliationSucceeded', at: at(0), durationMs: 1000 });
    history = recordReconciliation(history, { digest: 'sha256:aaa', status: 'HealthCheckFailed', at: at(5), durationMs: 1000 });
    assert.deepEqual(history.map((s) => s.lastReconciledStatus), ['HealthCheckFailed', 'ReconciliationSucceeded']);
  });

  it('moves an older matching snapshot to the front', () => {
    let history = recordReconciliation([], { digest: 'sha256:aaa', status: 'ReconciliationSucceeded', at: at(0), durationMs: 1000 });
    history = recordReconciliation(history, { digest: 'sha256:bbb', status: 'ReconciliationSucceeded', at: at(1), durationMs: 1000 });
    history = recordReconciliation(history, { digest: 'sha256:aaa', status: 'ReconciliationSucceeded', at: at(2), durationMs: 1000 });
    assert.deepEqual(history.map((s) => `${s.digest}x${s.totalReconciliations}`), ['sha256:aaax2', 'sha256:bbbx1']);
    assert.equal(latestSnapshot(history)?.digest, 'sha256:aaa');
  });

  it('keeps at most five snapshots, dropping the oldest', () => {
    let history = recordReconciliation([], { digest: 'sha256:0', status: 'ReconciliationSucceeded', at: at(0), durationMs: 1 });
    for (let i = 1; i < 7; i++) history = recordReconciliation(history, { digest: `sha256:${i}`, status: 'ReconciliationSucceeded', at: at(i), durationMs: 1 });
    assert.equal(HISTORY_MAX_SIZE, 5);
    assert.deepEqual(history.map((s) => s.digest), ['sha256:6', 'sha256:5', 'sha256:4', 'sha256:3', 'sha256:2']);
  });
});

describe('object keys', () => {
  it('formats and parses Kind/namespace/name and Kind/name', () => {
    assert.equal(objectKey({ kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system' } }), 'Kustomization/flux-system/apps');
    assert.equal(objectKey({ kind: 'HelmRelease', metadata: { name: 'loki' } }, 'monitoring'), 'HelmRelease/monitoring/loki');
    assert.equal(formatObjectKey({ kind: 'Namespace', name: 'apps' }), 'Namespace/apps');
    assert.deepEqual(parseObjectKey('Kustomization/flux-system/apps'), { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' });
    assert.deepEqual(parseObjectKey('Namespace/apps'), { kind: 'Namespace', name: 'apps' });
  });

  it('rejects malformed keys with a coded error', () => {
    for (const bad of ['Kustomization', 'a/b/c/d', 'Kustomization//apps']) {
      assert.throws(() => parseObjectKey(bad), (e: unknown) => e instanceof InvalidObjectKeyError && e.code === 'SLUICE_INVALID_OBJECT_KEY');
    }
  });
});
