import { strict as assert } from 'node:assert';
import * as api from '@sluice/api';

describe('workspace wiring', () => {
  it('resolves workspace packages to their TypeScript sources under the sluice-dev condition', () => {
    assert.equal(typeof api, 'object');
  });
});
