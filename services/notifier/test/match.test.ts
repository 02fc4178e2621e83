import assert from 'node:assert/strict';
import { crossNamespaceRefusal, matchAlert, severityPasses, type FluxObjectReference, type LabelLookup } from '../src/index.js';
import { compiled, kustomizationEvent } from './helpers.js';

const noLabels: LabelLookup = async () => {
  throw new Error('labels were not expected to be read');
};

/** A lookup answering from a table keyed `Kind/namespace/name`, recording what was asked. */
function labelTable(table: Record<string, Record<string, string> | undefined>): LabelLookup & { asked: string[] } {
  const asked: string[] = [];
  const lookup = async (ref: FluxObjectReference) => {
    const key = `${ref.kind}/${ref.namespace}/${ref.name}`;
    asked.push(key);
    if (!(key in table)) throw new Error(`${key} not found`);
    return table[key];
  };
  return Object.assign(lookup, { asked });
}

const kustomizations = (extra: Record<string, unknown> = {}) => ({ eventSources: [{ kind: 'Kustomization', name: '*' }], ...extra });

describe('matchAlert', () => {
  describe('event sources', () => {
    it('matches the named object in the Alert namespace when the source has no namespace', async () => {
      const alert = compiled('on-apps', { eventSources: [{ kind: 'Kustomization', name: 'apps' }] });
      assert.equal((await matchAlert(kustomizationEvent(), alert, noLabels)).matched, true);
      assert.equal((await matchAlert(kustomizationEvent({ name: 'infra' }), alert, noLabels)).matched, false);
      assert.equal((await matchAlert(kustomizationEvent({ namespace: 'apps' }), alert, noLabels)).matched, false);
    });

    it('requires the kind to be equal', async () => {
      const alert = compiled('on-apps', { eventSources: [{ kind: 'GitRepository', name: 'apps' }] });
      assert.equal((await matchAlert(kustomizationEvent(), alert, noLabels)).matched, false);
      assert.equal((await matchAlert(kustomizationEvent({ kind: 'GitRepository' }), alert, noLabels)).matched, true);
    });

    it('takes every object of the kind in the namespace with the * name wildcard', async () => {
      const alert = compiled('all', kustomizations());
      for (const name of ['apps', 'infra', 'x']) assert.equal((await matchAlert(kustomizationEvent({ name }), alert, noLabels)).matched, true);
      assert.equal((await matchAlert(kustomizationEvent({ namespace: 'tenant' }), alert, noLabels)).matched, false);
    });

    it('matches objects of another namespace the source names', async () => {
      const alert = compiled('tenant-apps', { eventSources: [{ kind: 'Kustomization', name: '*', namespace: 'tenant' }] });
      assert.equal((await matchAlert(kustomizationEvent({ namespace: 'tenant' }), alert, noLabels)).matched, true);
      assert.equal((await matchAlert(kustomizationEvent(), alert, noLabels)).matched, false);
    });

    it('treats a * namespace literally, as Flux does (no all-namespaces wildcard)', async () => {
      const alert = compiled('everywhere', { eventSources: [{ kind: 'Kustomization', name: '*', namespace: '*' }] });
      assert.equal((await matchAlert(kustomizationEvent({ namespace: 'tenant' }), alert, noLabels)).matched, false);
      assert.equal((await matchAlert(kustomizationEvent(), alert, noLabels)).matched, false);
    });

    it('matches when any one of several sources does', async () => {
      const alert = compiled('two', { eventSources: [{ kind: 'GitRepository', name: '*' }, { kind: 'Kustomization', name: 'apps' }] });
      assert.equal((await matchAlert(kustomizationEvent(), alert, noLabels)).matched, true);
    });
  });

  describe('matchLabels', () => {
    const alert = compiled('team', kustomizations({ eventSources: [{ kind: 'Kustomization', name: '*', matchLabels: { team: 'web', tier: 'front' } }] }));

    it('reads the involved object and matches when it has every label', async () => {
      const lookup = labelTable({ 'Kustomization/flux-system/apps': { team: 'web', tier: 'front', extra: 'x' } });
      assert.equal((await matchAlert(kustomizationEvent(), alert, lookup)).matched, true);
      assert.deepEqual(lookup.asked, ['Kustomization/flux-system/apps']);
    });

    it('does not match when a label is missing or differs', async () => {
      const lookup = labelTable({ 'Kustomization/flux-system/apps': { team: 'web' }, 'Kustomization/flux-system/b': { team: 'web', tier: 'back' } });
      assert.equal((await matchAlert(kustomizationEvent(), alert, lookup)).matched, false);
      assert.equal((await matchAlert(kustomizationEvent({ name: 'b' }), alert, lookup)).matched, false);
    });

    it('does not match an object without labels', async () => {
      assert.equal((await matchAlert(kustomizationEvent(), alert, labelTable({ 'Kustomization/flux-system/apps': undefined }))).matched, false);
    });

    it('reports SourceFetchFailed and does not match when the object cannot be read', async () => {
      const result = await matchAlert(kustomizationEvent(), alert, labelTable({}));
      assert.deepEqual(result, { matched: false, problems: [{ reason: 'SourceFetchFailed', message: 'error getting source object Kustomization/flux-system/apps' }] });
    });

    it('reads no labels for events the kind, namespace, severity or name already rule out', async () => {
      const lookup = labelTable({});
      const named = compiled('named', { eventSources: [{ kind: 'Kustomization', name: 'infra', matchLabels: { team: 'web' } }] });
      await matchAlert(kustomizationEvent({ kind: 'GitRepository' }), alert, lookup);
      await matchAlert(kustomizationEvent(), named, lookup);
      assert.deepEqual(lookup.asked, []);
    });

    it('reports an invalid selector as InvalidConfig and does not match', async () => {
      const bad = compiled('bad', { eventSources: [{ kind: 'Kustomization', name: '*', matchLabels: { 'team/a/b': 'web', ok: 'not valid!' } }] });
      const result = await matchAlert(kustomizationEvent(), bad, labelTable({ 'Kustomization/flux-system/apps': {} }));
      assert.equal(result.matched, false);
      assert.equal(result.problems[0]!.reason, 'InvalidConfig');
      assert.match(result.problems[0]!.message, /^error using matchLabels from event source Kustomization\/flux-system\/\*: key "team\/a\/b": prefix part .*; values\[0\]\[ok\]: Invalid value: "not valid!"/);
    });
  });

  describe('severity', () => {
    it('gives info Alerts (the default) info and error events, error Alerts only errors', async () => {
      const info = compiled('info', kustomizations());
      const error = compiled('error', kustomizations({ eventSeverity: 'error' }));
      assert.equal((await matchAlert(kustomizationEvent({ severity: 'info' }), info, noLabels)).matched, true);
      assert.equal((await matchAlert(kustomizationEvent({ severity: 'error' }), info, noLabels)).matched, true);
      assert.equal((await matchAlert(kustomizationEvent({ severity: 'info' }), error, noLabels)).matched, false);
      assert.equal((await matchAlert(kustomizationEvent({ severity: 'error' }), error, noLabels)).matched, true);
    });

    it('follows the rule as written for other severities', () => {
      assert.equal(severityPasses('trace', 'info'), true);
      assert.equal(severityPasses('trace', 'error'), false);
      assert.equal(severityPasses('error', undefined), true);
    });
  });

  describe('inclusion and exclusion lists', () => {
    it('takes only messages matching one inclusion regex', async () => {
      const alert = compiled('incl', kustomizations({ inclusionList: ['.*succeeded.*', '^Health'] }));
      assert.equal((await matchAlert(kustomizationEvent({ message: 'Reconciliation succeeded' }), alert, noLabels)).matched, true);
      assert.equal((await matchAlert(kustomizationEvent({ message: 'Health check passed' }), alert, noLabels)).matched, true);
      assert.equal((await matchAlert(kustomizationEvent({ message: 'Reconciliation failed' }), alert, noLabels)).matched, false);
    });

    it('drops messages matching any exclusion regex', async () => {
      const alert = compiled('excl', kustomizations({ exclusionList: ['waiting.*socket', 'no changes'] }));
      assert.equal((await matchAlert(kustomizationEvent({ message: 'Error waiting on socket' }), alert, noLabels)).matched, false);
      assert.equal((await matchAlert(kustomizationEvent({ message: 'applied 3 objects' }), alert, noLabels)).matched, true);
    });

    it('lets exclusion win over inclusion', async () => {
      const alert = compiled('both', kustomizations({ inclusionList: ['.*succeeded.*'], exclusionList: ['.*uninstall.*'] }));
      assert.equal((await matchAlert(kustomizationEvent({ message: 'Helm uninstall succeeded' }), alert, noLabels)).matched, false);
      assert.equal((await matchAlert(kustomizationEvent({ message: 'Helm upgrade succeeded' }), alert, noLabels)).matched, true);
    });

    it('skips regexes that do not compile and reports them as InvalidConfig', async () => {
      const alert = compiled('broken', kustomizations({ inclusionList: ['(?=lookahead)', 'succeeded'], exclusionList: ['[unclosed'] }));
      const result = await matchAlert(kustomizationEvent({ message: 'succeeded' }), alert, noLabels);
      assert.equal(result.matched, true);
      assert.deepEqual(result.problems.map((p) => p.reason), ['InvalidConfig', 'InvalidConfig']);
      assert.match(result.problems[0]!.message, /^failed to compile inclusion regex: \(\?=lookahead\): /);
      assert.match(result.problems[1]!.message, /^failed to compile exclusion regex: \[unclosed: /);
    });

    it('includes nothing when every inclusion regex is invalid', async () => {
      const alert = compiled('none', kustomizations({ inclusionList: ['(?!x)'] }));
      assert.equal((await matchAlert(kustomizationEvent(), alert, noLabels)).matched, false);
    });

    it('tests the lists only for events a source matched', async () => {
      const alert = compiled('broken', { eventSources: [{ kind: 'GitRepository', name: '*' }], inclusionList: ['(?=x)'] });
      assert.deepEqual(await matchAlert(kustomizationEvent(), alert, noLabels), { matched: false, problems: [] });
    });
  });

  it('matches nothing while the Alert is suspended', async () => {
    const alert = compiled('paused', kustomizations({ suspend: true }));
    assert.equal((await matchAlert(kustomizationEvent(), alert, noLabels)).matched, false);
  });
});

describe('crossNamespaceRefusal', () => {
  const alert = compiled('tenant-apps', { eventSources: [{ kind: 'Kustomization', name: '*', namespace: 'tenant' }] });

  it('allows events from other namespaces by default, as Flux does', () => {
    assert.equal(crossNamespaceRefusal(kustomizationEvent({ namespace: 'tenant' }), alert, false), undefined);
  });

  it('refuses them with --no-cross-namespace-refs, in Flux words', () => {
    assert.equal(crossNamespaceRefusal(kustomizationEvent({ namespace: 'tenant' }), alert, true),
      "discarding event, access denied to cross-namespace sources: alert 'flux-system/tenant-apps' can't process event from 'Kustomization/tenant/apps', cross-namespace references have been blocked");
    assert.equal(crossNamespaceRefusal(kustomizationEvent(), alert, true), undefined);
  });
});
