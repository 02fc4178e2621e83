import assert from 'node:assert/strict';
import { buildSubject, decodeToken, encodeToken, parseSubject, topicFilter } from '../src/index.js';

describe('subjects', () => {
  it('builds <prefix>.v1.<topic>.<kind>.<namespace>.<name> with the kind lowercased and dots encoded', () => {
    const subject = buildSubject('sluice', 'revision', { kind: 'GitRepository', namespace: 'flux-system', name: 'podinfo.example.com' });
    assert.equal(subject, 'sluice.v1.revision.gitrepository.flux-system.podinfo_example_com');
  });

  it('parses what it builds, restoring dots', () => {
    const parts = parseSubject('team-a.v1.ready.kustomization.apps.infra_controllers');
    assert.deepEqual(parts, { prefix: 'team-a', topic: 'ready', kind: 'kustomization', namespace: 'apps', name: 'infra.controllers' });
  });

  it('writes an empty namespace as "-" and reads it back', () => {
    const subject = buildSubject('sluice', 'event', { kind: 'ClusterRole', namespace: '', name: 'view' });
    assert.equal(subject, 'sluice.v1.event.clusterrole.-.view');
    assert.equal(parseSubject(subject).namespace, '');
  });

  it('encodes tokens reversibly', () => {
    for (const name of ['a', 'a.b.c', 'web-1.prod']) assert.equal(decodeToken(encodeToken(name, 'name')), name);
  });

  it('rejects names that are not DNS subdomains, naming the field', () => {
    assert.throws(() => encodeToken('Has_Upper', 'name'), { code: 'SLUICE_BUS_SUBJECT', message: /^name "Has_Upper"/ });
    assert.throws(() => encodeToken('a*b', 'name'), { code: 'SLUICE_BUS_SUBJECT' });
    assert.throws(() => buildSubject('Bad.Prefix', 'event', { kind: 'X', namespace: 'n', name: 'x' }), { message: /^prefix "Bad.Prefix"/ });
  });

  it('rejects subjects of another version, topic or shape', () => {
    assert.throws(() => parseSubject('sluice.v2.event.x.n.name'), { message: /unsupported version/ });
    assert.throws(() => parseSubject('sluice.v1.gossip.x.n.name'), { message: /unknown topic/ });
    assert.throws(() => parseSubject('sluice.v1.event.x.n'), { message: /expected <prefix>/ });
  });

  it('builds consumer filters per topic and optionally per kind', () => {
    assert.equal(topicFilter('sluice', 'reconcile', 'GitRepository'), 'sluice.v1.reconcile.gitrepository.>');
    assert.equal(topicFilter('sluice', 'build'), 'sluice.v1.build.>');
  });
});
