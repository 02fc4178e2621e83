import { strict as assert } from 'node:assert';
import { countActions, formatChangeSet, hasChanges, mapLimit, type ChangeSetEntry } from '@sluice/ssa';

const e = (subject: string, action: ChangeSetEntry['action']): ChangeSetEntry => ({ subject, action, apiVersion: 'v1', kind: 'ConfigMap', name: 'x', namespace: 'y' });

describe('change sets', () => {
  const set = [e('Namespace/apps', 'created'), e('ConfigMap/apps/cfg', 'unchanged'), e('Deployment/apps/web', 'configured'), e('Service/apps/old', 'deleted')];

  it('renders changed entries one per line, as Flux events show them', () => {
    assert.equal(formatChangeSet(set), 'Namespace/apps created\nDeployment/apps/web configured\nService/apps/old deleted');
    assert.equal(formatChangeSet(set, { includeUnchanged: true }).split('\n').length, 4);
  });

  it('counts actions and knows whether anything changed', () => {
    assert.deepEqual(countActions(set), { created: 1, configured: 1, unchanged: 1, deleted: 1, skipped: 0 });
    assert.equal(hasChanges([e('ConfigMap/apps/cfg', 'unchanged')]), false);
    assert.equal(hasChanges(set), true);
  });
});

describe('mapLimit', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running -= 1;
      return n * 10;
    });
    assert.deepEqual(out, [50, 10, 40, 20, 30]);
    assert.equal(peak, 2);
  });

  it('rejects with the first failure', async () => {
    await assert.rejects(mapLimit([1, 2, 3], 3, async (n) => {
      if (n === 2) throw new Error('two failed');
      return n;
    }), /two failed/);
  });
});
