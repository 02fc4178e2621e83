import { strict as assert } from 'node:assert';
import { formatLabelSelector, labelSelectorFromObject, matchesLabels, parseFieldSelector, parseLabelSelector } from '../../src/api/selectors.js';
import { isKubeApiError } from '../../src/api/status.js';

describe('label selectors', () => {
  it('parses equality, set-based, existence and numeric requirements', () => {
    const sel = parseLabelSelector('app=web, tier in (front,back),!legacy,env!=prod,gen>2,owner');
    assert.deepEqual(sel.map((r) => `${r.key} ${r.op} ${r.values.join('|')}`), ['app = web', 'tier in front|back', 'legacy !exists ', 'env != prod', 'gen gt 2', 'owner exists ']);
  });

  it('matches the way the API server does', () => {
    const sel = parseLabelSelector('app=web,tier notin (db),!legacy');
    assert.equal(matchesLabels(sel, { app: 'web', tier: 'front' }), true);
    assert.equal(matchesLabels(sel, { app: 'web' }), true);
    assert.equal(matchesLabels(sel, { app: 'web', tier: 'db' }), false);
    assert.equal(matchesLabels(sel, { app: 'web', legacy: 'x' }), false);
    assert.equal(matchesLabels(parseLabelSelector(''), undefined), true);
  });

  it('refuses malformed selectors with a 400', () => {
    for (const bad of ['a b', 'in (x)', 'a in x', 'a in ()', 'a=,', 'a=b=c', 'Bad Key=1', 'a>b']) {
      assert.throws(() => parseLabelSelector(bad), (err: unknown) => isKubeApiError(err, 'BadRequest') && /^unable to parse requirement: /.test(err.message), bad);
    }
  });

  it('reads and prints LabelSelector objects', () => {
    const sel = labelSelectorFromObject({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] });
    assert.equal(formatLabelSelector(sel ?? []), 'app=web,tier in (a,b)');
  });
});

describe('field selectors', () => {
  it('parses terms with escapes', () => {
    assert.deepEqual(parseFieldSelector('metadata.name=a\\,b,status.phase!=Running'), [
      { field: 'metadata.name', op: '=', value: 'a,b' },
      { field: 'status.phase', op: '!=', value: 'Running' },
    ]);
  });

  it('refuses terms without an operator', () => {
    assert.throws(() => parseFieldSelector('metadata.name'), (err: unknown) => isKubeApiError(err, 'BadRequest') && err.message === "invalid selector: 'metadata.name'; can't understand 'metadata.name'");
  });
});
