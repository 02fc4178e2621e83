import { strict as assert } from 'node:assert';
import { humanDuration } from '../../src/tables/duration.js';
import { jsonPathValues } from '../../src/tables/jsonpath.js';

describe('human durations', () => {
  it('prints ages as kubectl shows them', () => {
    const s = 1000;
    const cases: [number, string][] = [[-2 * s, '<invalid>'], [-0.5 * s, '0s'], [45 * s, '45s'], [119 * s, '119s'], [150 * s, '2m30s'], [10 * 60 * s, '10m'], [3 * 3600 * s, '3h'],
      [3.5 * 3600 * s, '3h30m'], [30 * 3600 * s, '30h'], [50 * 3600 * s, '2d2h'], [20 * 86400 * s, '20d'], [800 * 86400 * s, '2y70d'], [3000 * 86400 * s, '8y']];
    for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, String(ms));
  });
});

describe('JSONPath of printer columns', () => {
  const obj = { spec: { replicas: 3, 'dotted.key': 'd' }, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Stalled', status: 'False' }] } };

  it('reads fields, filters, indexes and quoted keys', () => {
    assert.deepEqual(jsonPathValues(obj, '.spec.replicas'), [3]);
    assert.deepEqual(jsonPathValues(obj, '.status.conditions[?(@.type=="Ready")].status'), ['True']);
    assert.deepEqual(jsonPathValues(obj, '.status.conditions[-1].type'), ['Stalled']);
    assert.deepEqual(jsonPathValues(obj, ".spec['dotted.key']"), ['d']);
    assert.deepEqual(jsonPathValues(obj, '{.status.conditions[*].type}'), ['Ready', 'Stalled']);
    assert.deepEqual(jsonPathValues(obj, '..type'), ['Ready', 'Stalled']);
  });

  it('matches nothing for unparsable paths', () => {
    assert.deepEqual(jsonPathValues(obj, '.spec[unclosed'), []);
    assert.deepEqual(jsonPathValues(obj, 'spec'), []);
  });
});
