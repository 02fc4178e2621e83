import assert from 'node:assert/strict';
import { assertEnvelope, completeEnvelope, envelopeProblems, parseEnvelope, type Envelope, type Topic, type TopicPayloads } from '../src/index.js';
import { apps } from './helpers.js';

const now = new Date('2025-01-02T03:04:05Z');

function envelopeOf<T extends Topic>(payload: TopicPayloads[T]): Envelope<T> {
  return completeEnvelope({ involvedObject: apps, reason: 'Progressing', payload }, { controller: 'builder', instance: 'builder-0' }, now);
}

const validPayloads: { [T in Topic]: TopicPayloads[T] } = {
  reconcile: { trigger: 'interval', scheduledAt: now.toISOString(), notBefore: '2025-01-02T03:05:00Z' },
  revision: {
    sourceGeneration: 2,
    artifact: {
      revision: 'main@sha1:abc', digest: 'sha256:def', size: 10, lastUpdateTime: now.toISOString(), objectName: 'gitrepository/flux-system/podinfo/def.tar.gz',
      path: 'gitrepository/flux-system/podinfo/def.tar.gz', url: 'http://source/gitrepository/flux-system/podinfo/def.tar.gz',
    },
  },
  build: { result: 'failed', sourceRevision: 'main@sha1:abc', error: { message: 'target not found', file: 'apps/kustomization.yaml', field: 'patches[1]' } },
  apply: {
    revision: 'main@sha1:abc', healthCheck: true, inventory: [{ id: 'apps_web_apps_Deployment', v: 'v1' }],
    changeSet: { counts: { created: 1, configured: 0, unchanged: 0, deleted: 0, skipped: 0 }, entries: [{ subject: 'Deployment/apps/web', action: 'created' }] },
  },
  health: { revision: 'main@sha1:abc', result: 'healthy', objects: [{ id: 'apps_web_apps_Deployment', status: 'Current' }] },
  ready: { ready: true, reason: 'ReconciliationSucceeded', revision: 'main@sha1:abc', observedGeneration: 3 },
  event: {},
  notification: { alert: { namespace: 'flux-system', name: 'on-call', uid: '2b7a1c9e-0d4f-4e0a-9a57-3f1c2b8d6e10' } },
};

describe('envelopes', () => {
  it('fills severity, timestamp, metadata and the reporter', () => {
    const envelope = envelopeOf<'event'>({});
    assert.equal(envelope.severity, 'info');
    assert.equal(envelope.timestamp, '2025-01-02T03:04:05.000Z');
    assert.deepEqual(envelope.metadata, {});
    assert.equal(envelope.reportingController, 'builder');
  });

  for (const [topic, payload] of Object.entries(validPayloads) as Array<[Topic, TopicPayloads[Topic]]>) {
    it(`accepts a valid ${topic} payload`, () => {
      assert.deepEqual(envelopeProblems(topic, envelopeOf(payload)), []);
    });
  }

  it('names the field of each problem', () => {
    const bad = { ...envelopeOf(validPayloads.apply), severity: 'warning', payload: { ...validPayloads.apply, changeSet: { counts: {}, entries: [{ subject: 'x', action: 'moved' }] } } };
    assert.deepEqual(envelopeProblems('apply', bad), ['envelope.severity: expected one of info, error, trace, got "warning"']);
    const badPayload = { ...bad, severity: 'info' };
    assert.deepEqual(envelopeProblems('apply', badPayload), [
      'envelope.payload.changeSet.counts.created: required',
      'envelope.payload.changeSet.counts.configured: required',
      'envelope.payload.changeSet.counts.unchanged: required',
      'envelope.payload.changeSet.counts.deleted: required',
      'envelope.payload.changeSet.counts.skipped: required',
      'envelope.payload.changeSet.entries[0].action: expected one of created, configured, unchanged, deleted, skipped, got "moved"',
    ]);
  });

  it('requires the Alert a notification is for', () => {
    assert.deepEqual(envelopeProblems('notification', envelopeOf({ alert: { namespace: 'flux-system' } } as never)), [
      'envelope.payload.alert.name: required',
    ]);
  });

  it('checks the build payload by its result', () => {
    assert.deepEqual(envelopeProblems('build', envelopeOf({ result: 'built', sourceRevision: 'r' } as never)), [
      'envelope.payload.digest: required', 'envelope.payload.objectCount: required',
      'envelope.payload: expected exactly one of objectName, manifests, got none',
    ]);
  });

  it('reports bodies that are not JSON instead of throwing', () => {
    const parsed = parseEnvelope('event', new TextEncoder().encode('{not json'));
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.problems[0]!, /^body is not UTF-8 JSON/);
  });

  it('refuses to publish an invalid envelope, naming the object', () => {
    const bad = envelopeOf({ trigger: 'whenever', scheduledAt: 'yesterday' } as never);
    assert.throws(() => assertEnvelope('reconcile', bad), {
      code: 'SLUICE_BUS_ENVELOPE', message: /^reconcile message for Kustomization\/flux-system\/apps: envelope.payload.trigger/,
    });
  });
});
