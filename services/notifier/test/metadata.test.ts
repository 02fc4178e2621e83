import assert from 'node:assert/strict';
import { combineEventMetadata, excludeInternalMetadata } from '../src/index.js';
import { compiled, kustomizationEvent } from './helpers.js';

const alertSpec = (extra: Record<string, unknown> = {}) => compiled('a', { eventSources: [{ kind: 'Kustomization', name: '*' }], ...extra }).alert;

describe('combineEventMetadata', () => {
  it('strips the controller group prefix and drops keys of other groups (Flux RFC 0008)', () => {
    const event = kustomizationEvent({ metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:abc', 'source.toolkit.fluxcd.io/revision': 'x', plain: 'y' } });
    const { event: out, conflicts } = combineEventMetadata(event, alertSpec());
    assert.deepEqual(out.metadata, { revision: 'main@sha1:abc' });
    assert.deepEqual(conflicts, []);
  });

  it('merges the Alert eventMetadata and summary', () => {
    const event = kustomizationEvent({ metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'r1' } });
    const { event: out } = combineEventMetadata(event, alertSpec({ eventMetadata: { env: 'prod', cluster: 'eu-1' }, summary: 'Cluster addons impacted' }));
    assert.deepEqual(out.metadata, { env: 'prod', cluster: 'eu-1', summary: 'Cluster addons impacted', revision: 'r1' });
  });

  it('applies the precedence annotations < eventMetadata < summary < controller metadata, reporting conflicts', () => {
    const event = kustomizationEvent({ metadata: {
      'event.toolkit.fluxcd.io/summary': 'from annotation', 'event.toolkit.fluxcd.io/env': 'annotated',
      'kustomize.toolkit.fluxcd.io/env': 'controller',
    } });
    const { event: out, conflicts } = combineEventMetadata(event, alertSpec({ eventMetadata: { env: 'prod', summary: 'alert meta' }, summary: 'alert summary' }));
    assert.deepEqual(out.metadata, { summary: 'alert summary', env: 'controller' });
    assert.deepEqual(conflicts, [
      { key: 'env', sources: ['involved object annotations', 'Alert object .spec.eventMetadata', 'involved object controller metadata'] },
      { key: 'summary', sources: ['involved object annotations', 'Alert object .spec.eventMetadata', 'Alert object .spec.summary'] },
    ]);
  });

  it('keeps metadata that combines to nothing as it was, as Flux does', () => {
    const event = kustomizationEvent({ metadata: { test: 'metadata' } });
    assert.deepEqual(combineEventMetadata(event, alertSpec()).event.metadata, { test: 'metadata' });
  });

  it('does not change the event it was given', () => {
    const event = kustomizationEvent({ metadata: { 'kustomize.toolkit.fluxcd.io/revision': 'r1' } });
    combineEventMetadata(event, alertSpec({ summary: 's' }));
    assert.deepEqual(event.metadata, { 'kustomize.toolkit.fluxcd.io/revision': 'r1' });
  });
});

describe('excludeInternalMetadata', () => {
  it('removes the controller group token key and nothing else', () => {
    const event = kustomizationEvent({ metadata: { 'kustomize.toolkit.fluxcd.io/token': 't', 'kustomize.toolkit.fluxcd.io/revision': 'r', token: 'kept' } });
    assert.deepEqual(excludeInternalMetadata(event).metadata, { 'kustomize.toolkit.fluxcd.io/revision': 'r', token: 'kept' });
  });
});
