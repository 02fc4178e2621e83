import { strict as assert } from 'node:assert';
import { hasDrifted } from '@sluice/ssa';

const live = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cfg', namespace: 'apps', resourceVersion: '7', uid: 'u1', labels: { app: 'web' }, managedFields: [{ manager: 'a' }] },
  data: { key: 'value' },
};

describe('drift detection', () => {
  it('sees no drift when only server-managed metadata differs', () => {
    const dryRun = { ...live, metadata: { ...live.metadata, resourceVersion: '8', managedFields: [{ manager: 'b' }] } };
    assert.equal(hasDrifted(live, dryRun), false);
  });

  it('sees drift in data, labels and annotations', () => {
    assert.equal(hasDrifted(live, { ...live, data: { key: 'other' } }), true);
    assert.equal(hasDrifted(live, { ...live, metadata: { ...live.metadata, labels: { app: 'api' } } }), true);
    assert.equal(hasDrifted(live, { ...live, metadata: { ...live.metadata, annotations: { note: 'x' } } }), true);
  });

  it('ignores status and treats missing and empty label maps alike', () => {
    const noLabels = { ...live, metadata: { ...live.metadata, labels: undefined } };
    assert.equal(hasDrifted(noLabels, { ...noLabels, metadata: { ...noLabels.metadata, labels: {} }, status: { x: 1 } }), false);
  });

  it('treats an object the dry run did not find as new', () => {
    assert.equal(hasDrifted(undefined, live), true);
    assert.equal(hasDrifted(live, { ...live, metadata: { name: 'cfg' } }), true);
  });
});
