/** Authentication, RBAC and impersonation over HTTP, with the real server's 401/403 bodies. */
import { strict as assert } from 'node:assert';
import { startKubeSim, type KubeSim } from '@sluice/kube-sim';
import { api, type Api } from '../support/api.js';

describe('authentication and RBAC over HTTP', () => {
  let sim: KubeSim;
  let admin: Api;
  let alice: Api;
  let aliceToken: string;

  before(async () => {
    sim = await startKubeSim({ tls: false, controllers: false });
    admin = api(sim);
    aliceToken = sim.addUser('alice', ['developers']);
    alice = api(sim, aliceToken);
    await admin.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } });
    await admin.post('/apis/rbac.authorization.k8s.io/v1/namespaces/team/roles', {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'cm-reader' },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }, { apiGroups: [''], resources: ['secrets'], resourceNames: ['shared'], verbs: ['get'] }],
    });
    await admin.post('/apis/rbac.authorization.k8s.io/v1/namespaces/team/rolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'developers-read' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'cm-reader' }, subjects: [{ kind: 'Group', name: 'developers' }],
    });
  });

  after(async () => {
    await sim?.stop();
  });

  it('answers an unknown token with 401 Unauthorized', async () => {
    const r = await api(sim, 'not-a-token').get('/api/v1/namespaces');
    assert.equal(r.status, 401);
    assert.deepEqual(r.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });

  it('lets anonymous requests read /version and /healthz only', async () => {
    const anon = api(sim, '');
    assert.equal((await anon.get('/version')).status, 200);
    assert.equal((await anon.get('/healthz')).raw.body, 'ok');
    const r = await anon.get('/api');
    assert.equal(r.status, 403);
    assert.equal(r.body.message, 'forbidden: User "system:anonymous" cannot get path "/api"');
  });

  it('grants what a RoleBinding to the user\'s group allows, in its namespace only', async () => {
    assert.equal((await alice.get('/api/v1/namespaces/team/configmaps')).status, 200);
    const elsewhere = await alice.get('/api/v1/namespaces/default/configmaps');
    assert.equal(elsewhere.status, 403);
    assert.deepEqual(elsewhere.body, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" in the namespace "default"',
      reason: 'Forbidden', details: { kind: 'configmaps' }, code: 403,
    });
  });

  it('honours resourceNames and names the object in the Forbidden message', async () => {
    await admin.post('/api/v1/namespaces/team/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'shared' } });
    await admin.post('/api/v1/namespaces/team/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'private' } });
    assert.equal((await alice.get('/api/v1/namespaces/team/secrets/shared')).status, 200);
    const r = await alice.get('/api/v1/namespaces/team/secrets/private');
    assert.equal(r.status, 403);
    assert.equal(r.body.message, 'secrets "private" is forbidden: User "alice" cannot get resource "secrets" in API group "" in the namespace "team"');
  });

  it('names the scope of cluster-scoped denials', async () => {
    const r = await alice.delete('/apis/apps/v1/namespaces/team/deployments/x');
    assert.equal(r.body.message, 'deployments.apps "x" is forbidden: User "alice" cannot delete resource "deployments" in API group "apps" in the namespace "team"');
    const ns = await alice.get('/api/v1/namespaces');
    assert.equal(ns.body.message, 'namespaces is forbidden: User "alice" cannot list resource "namespaces" in API group "" at the cluster scope');
  });

  it('applies binding changes to the very next request', async () => {
    assert.equal((await alice.get('/apis/apps/v1/namespaces/team/deployments')).status, 403);
    await admin.post('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'alice-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }],
    });
    assert.equal((await alice.get('/apis/apps/v1/namespaces/team/deployments')).status, 200);
    await admin.delete('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/alice-view');
    assert.equal((await alice.get('/apis/apps/v1/namespaces/team/deployments')).status, 403);
  });

  it('answers SelfSubjectAccessReview for the caller and SubjectAccessReview for anyone', async () => {
    const review = (spec: unknown) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec });
    const yes = await alice.post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', review({ resourceAttributes: { namespace: 'team', verb: 'list', resource: 'configmaps' } }));
    assert.equal(yes.status, 201);
    assert.equal((yes.body.status as { allowed: boolean }).allowed, true);
    const no = await alice.post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', review({ resourceAttributes: { namespace: 'team', verb: 'delete', resource: 'configmaps' } }));
    assert.deepEqual(no.body.status, { allowed: false });
    const sar = await admin.post('/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { user: 'bob', groups: ['developers'], resourceAttributes: { namespace: 'team', verb: 'get', resource: 'configmaps' } },
    });
    assert.equal((sar.body.status as { allowed: boolean }).allowed, true);
  });

  it('lists the caller\'s rules with SelfSubjectRulesReview and identifies it with SelfSubjectReview', async () => {
    const rules = await alice.post('/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace: 'team' } });
    const resourceRules = (rules.body.status as { resourceRules: { resources: string[] }[] }).resourceRules;
    assert.ok(resourceRules.some((r) => r.resources.includes('configmaps')));
    const me = await alice.post('/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' });
    assert.deepEqual((me.body.status as { userInfo: unknown }).userInfo, { username: 'alice', groups: ['developers', 'system:authenticated'] });
  });

  describe('impersonation', () => {
    it('runs the request as the impersonated user and groups', async () => {
      const r = await admin.get('/api/v1/namespaces/team/configmaps', { 'Impersonate-User': 'carol', 'Impersonate-Group': 'developers' });
      assert.equal(r.status, 200);
      const denied = await admin.get('/api/v1/namespaces/team/configmaps', { 'Impersonate-User': 'carol' });
      assert.equal(denied.status, 403);
      assert.match(String(denied.body.message), /User "carol" cannot list/);
    });

    it('requires the impersonate verb', async () => {
      const r = await alice.get('/api/v1/namespaces/team/configmaps', { 'Impersonate-User': 'admin' });
      assert.equal(r.status, 403);
      assert.equal(r.body.message, 'users "admin" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope');
    });

    it('impersonates service accounts with their groups', async () => {
      const me = await admin.post('/apis/authentication.k8s.io/v1/selfsubjectreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }, { 'Impersonate-User': 'system:serviceaccount:team:builder' });
      assert.deepEqual((me.body.status as { userInfo: { groups: string[] } }).userInfo.groups, ['system:serviceaccounts', 'system:serviceaccounts:team', 'system:authenticated']);
    });
  });
});
