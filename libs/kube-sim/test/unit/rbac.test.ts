import { strict as assert } from 'node:assert';
import { ruleAllows } from '../../src/auth/rbac.js';

const base = { verb: 'get', resourceRequest: true, group: 'apps', resource: 'deployments', subresource: '', namespace: 'ns', name: 'web', path: '' };

describe('RBAC rules', () => {
  it('match verbs, groups and resources, with wildcards', () => {
    assert.equal(ruleAllows({ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] }, base), true);
    assert.equal(ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, base), true);
    assert.equal(ruleAllows({ verbs: ['list'], apiGroups: ['apps'], resources: ['deployments'] }, base), false);
    assert.equal(ruleAllows({ verbs: ['get'], apiGroups: [''], resources: ['deployments'] }, base), false);
  });

  it('match subresources exactly or through */subresource', () => {
    const scale = { ...base, subresource: 'scale' };
    assert.equal(ruleAllows({ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] }, scale), false);
    assert.equal(ruleAllows({ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments/scale'] }, scale), true);
    assert.equal(ruleAllows({ verbs: ['get'], apiGroups: ['apps'], resources: ['*/scale'] }, scale), true);
  });

  it('restrict to resourceNames, which never match nameless requests', () => {
    const rule = { verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] };
    assert.equal(ruleAllows(rule, base), true);
    assert.equal(ruleAllows(rule, { ...base, name: 'api' }), false);
    assert.equal(ruleAllows(rule, { ...base, verb: 'list', name: '' }), false);
  });

  it('match non-resource URLs exactly or by a trailing *', () => {
    const path = { ...base, resourceRequest: false, path: '/apis/apps/v1' };
    assert.equal(ruleAllows({ verbs: ['get'], nonResourceURLs: ['/apis/*'] }, path), true);
    assert.equal(ruleAllows({ verbs: ['get'], nonResourceURLs: ['/apis'] }, path), false);
  });
});
