import { strict as assert } from 'node:assert';
import { parseRequestInfo } from '../../src/api/request-info.js';

function info(method: string, url: string): Record<string, unknown> {
  const u = new URL(url, 'http://x');
  return { ...parseRequestInfo(method, u.pathname, u.searchParams) };
}

describe('request info', () => {
  it('takes resource paths apart like the real server', () => {
    assert.deepEqual(info('GET', '/apis/apps/v1/namespaces/ns/deployments/web/scale'), {
      isResourceRequest: true, verb: 'get', group: 'apps', version: 'v1', namespace: 'ns', resource: 'deployments', name: 'web', subresource: 'scale', extraParts: false, namespacedPath: true, path: '/apis/apps/v1/namespaces/ns/deployments/web/scale',
    });
  });

  it('derives list, watch and deletecollection from the method and the missing name', () => {
    assert.equal(info('GET', '/api/v1/pods').verb, 'list');
    assert.equal(info('GET', '/api/v1/namespaces/ns/pods?watch=1').verb, 'watch');
    assert.equal(info('GET', '/api/v1/watch/namespaces/ns/pods').verb, 'watch');
    assert.equal(info('DELETE', '/api/v1/namespaces/ns/pods').verb, 'deletecollection');
    assert.equal(info('GET', '/api/v1/namespaces/ns/pods?fieldSelector=metadata.name%3Dp1').name, 'p1');
  });

  it('treats namespaces, their status and finalize subresources as the namespace resource', () => {
    assert.deepEqual([info('GET', '/api/v1/namespaces/ns').resource, info('GET', '/api/v1/namespaces/ns').name], ['namespaces', 'ns']);
    assert.equal(info('PUT', '/api/v1/namespaces/ns/finalize').subresource, 'finalize');
  });

  it('leaves discovery paths as non-resource requests', () => {
    for (const p of ['/api', '/api/v1', '/apis', '/apis/apps', '/apis/apps/v1', '/version', '/openapi/v3']) assert.equal(info('GET', p).isResourceRequest, false, p);
  });
});
