import assert from 'node:assert/strict';
import { isSluiceError } from '@sluice/errors';
import { compileHealthExpressions, computeStatus, KstatusErrorCode } from '@sluice/kstatus';
import type { HealthExpressionEntry, HealthExpressionEvaluator, KubeObject } from '@sluice/kstatus';
import { manifest } from './helpers.js';

function compile(...entries: unknown[]): readonly HealthExpressionEvaluator[] {
  const compiled = compileHealthExpressions(entries);
  if (!compiled.ok) assert.fail(compiled.errors.map((e) => e.message).join('\n'));
  return compiled.evaluators;
}

function compileErrors(entries: unknown): string[] {
  const compiled = compileHealthExpressions(entries);
  assert.equal(compiled.ok, false, 'compilation should fail');
  if (compiled.ok) return [];
  for (const error of compiled.errors) assert.ok(isSluiceError(error, KstatusErrorCode.InvalidHealthExpression));
  return compiled.errors.map((e) => e.message);
}

function dataEntry(exprs: Partial<HealthExpressionEntry>): HealthExpressionEntry {
  return { apiVersion: 'example.com/v1', kind: 'Widget', current: 'data.current', ...exprs };
}

function widget(data: Record<string, unknown>): KubeObject {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' }, data };
}

const flags = { current: false, inProgress: false, failed: false };

// The SealedSecret entry from Flux's Kustomization docs.
const sealedSecretEntry: HealthExpressionEntry = {
  apiVersion: 'bitnami.com/v1alpha1',
  kind: 'SealedSecret',
  failed: "status.conditions.filter(e, e.type == 'Synced').all(e, e.status == 'False')",
  current: "status.conditions.filter(e, e.type == 'Synced').all(e, e.status == 'True')",
};

function sealedSecret(synced: string, generation = 1, observed = 1): KubeObject {
  return manifest(`
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata: {name: db-password, namespace: apps, generation: ${generation}}
status:
  observedGeneration: ${observed}
  conditions:
    - {type: Synced, status: "${synced}", reason: Unsealed}`);
}

describe('health expressions', () => {
  describe('evaluation', () => {
    const [evaluator] = compile(dataEntry({ inProgress: 'data.inProgress', failed: 'data.failed' }));

    it('is Current when only current is true', () => {
      const result = evaluator!.evaluate(widget({ ...flags, current: true }));
      assert.equal(result.status, 'Current');
      assert.equal(result.message, 'healthCheckExprs[0].current evaluated to true');
    });

    it('is InProgress when inProgress is true, whatever the others say', () => {
      assert.equal(evaluator!.evaluate(widget({ current: true, inProgress: true, failed: true })).status, 'InProgress');
    });

    it('is Failed when failed is true, even if current is too', () => {
      assert.equal(evaluator!.evaluate(widget({ ...flags, current: true, failed: true })).status, 'Failed');
    });

    it('is InProgress when no expression is true', () => {
      const result = evaluator!.evaluate(widget(flags));
      assert.equal(result.status, 'InProgress');
      assert.equal(result.message, 'no expression of healthCheckExprs[0] evaluated to true');
    });

    it('is InProgress while status.observedGeneration lags metadata.generation, before any expression runs', () => {
      const [always] = compile(dataEntry({ current: 'true' }));
      const object = { ...widget({}), metadata: { name: 'w', generation: 3 }, status: { observedGeneration: 2 } };
      const result = always!.evaluate(object);
      assert.equal(result.status, 'InProgress');
      assert.equal(result.message, 'Widget generation is 3, but latest observed generation is 2');
    });
  });

  describe('over a custom resource\'s status', () => {
    const [evaluator] = compile(sealedSecretEntry);

    it('judges a SealedSecret by its Synced condition', () => {
      assert.equal(evaluator!.evaluate(sealedSecret('True')).status, 'Current');
      assert.equal(evaluator!.evaluate(sealedSecret('False')).status, 'Failed');
    });

    it('matches the group and kind whatever the version, as Flux does', () => {
      const v1 = { ...sealedSecret('True'), apiVersion: 'bitnami.com/v1' };
      assert.equal(evaluator!.matches(v1), true);
      assert.equal(evaluator!.matches({ ...v1, apiVersion: 'other.com/v1alpha1' }), false);
    });

    it('takes precedence over kstatus in computeStatus for matching objects only', () => {
      const expressions = compile(sealedSecretEntry);
      const failing = sealedSecret('False');
      assert.equal(computeStatus(failing).status, 'Current', 'kstatus alone sees no standard condition');
      assert.equal(computeStatus(failing, { expressions }).status, 'Failed');
      const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
      assert.equal(computeStatus(configMap, { expressions }).message, 'Resource is always ready');
    });

    it('treats integers as CEL ints, as Go decodes them', () => {
      const [replicas] = compile({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        current: 'status.readyReplicas == spec.replicas && type(spec.replicas) == int && spec.replicas / 2 == 1',
      });
      const object = { ...widget({}), spec: { replicas: 3 }, status: { readyReplicas: 3 } };
      assert.equal(replicas!.evaluate(object).status, 'Current');
    });

    it('offers optional field access, the strings, sets and base64 extensions as Flux\'s environment does', () => {
      const [extended] = compile({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        current: [
          "status.?phase.orValue('') == ''",
          "metadata.name.upperAscii() == 'W'",
          "'a-b-c'.replace('-', '+', 1) == 'a+b-c' && 'a-b'.replace('-', '') == 'ab'",
          "'abc'.charAt(1) == 'b' && 'abc'.reverse() == 'cba'",
          "sets.contains(status.zones, ['a'])",
          "base64.decode(status.token) == b'ok'",
          "base64.encode(b'ok') == status.token",
        ].join(' && '),
      });
      const object = { ...widget({}), status: { zones: ['a', 'b'], token: 'b2s=' } };
      assert.equal(extended!.evaluate(object).status, 'Current');
    });
  });

  describe('evaluation errors', () => {
    it('reports a missing field as Unknown, naming the object and the expression', () => {
      const [evaluator] = compile(sealedSecretEntry);
      const unsynced = manifest('{apiVersion: bitnami.com/v1alpha1, kind: SealedSecret, metadata: {name: s, namespace: apps}}');
      const result = evaluator!.evaluate(unsynced);
      assert.equal(result.status, 'Unknown');
      assert.ok(isSluiceError(result.error, KstatusErrorCode.HealthExpressionEvaluation));
      assert.match(result.message, /^SealedSecret\/apps\/s: healthCheckExprs\[0\]\.failed: /);
    });

    it('stops at the first failing expression in evaluation order', () => {
      const [evaluator] = compile(dataEntry({ inProgress: 'data.inProgresss', failed: 'data.failed' }));
      const result = evaluator!.evaluate(widget({ ...flags, current: true }));
      assert.equal(result.status, 'Unknown');
      assert.equal(result.message, 'Widget/ns/w: healthCheckExprs[0].inProgress: No such key: inProgresss');
    });

    it('rejects an expression that does not return a boolean', () => {
      const [evaluator] = compile(dataEntry({ current: 'data.phase' }));
      const result = evaluator!.evaluate(widget({ phase: 'Ready' }));
      assert.equal(result.status, 'Unknown');
      assert.equal(result.message, 'Widget/ns/w: healthCheckExprs[0].current: must evaluate to a boolean, got a string');
    });

    it('reports an observedGeneration that is not an integer', () => {
      const [evaluator] = compile(dataEntry({ current: 'true' }));
      const result = evaluator!.evaluate({ ...widget({}), status: { observedGeneration: 'one' } });
      assert.equal(result.status, 'Unknown');
      assert.equal(result.message, 'Widget/ns/w: status.observedGeneration: must be an integer, got a string');
    });
  });

  describe('compile errors', () => {
    it('names the entry index and field of an expression that does not parse', () => {
      const [message] = compileErrors([sealedSecretEntry, dataEntry({ current: 'data.' })]);
      assert.equal(message, 'healthCheckExprs[1].current: failed to parse: Expected IDENTIFIER, got EOF (line 1, column 6)');
    });

    it('requires apiVersion, kind and current, and reports every problem at once', () => {
      assert.deepEqual(compileErrors([{ inProgress: 'x ==', failed: 'true' }]), [
        'healthCheckExprs[0].apiVersion: required',
        'healthCheckExprs[0].kind: required',
        'healthCheckExprs[0].inProgress: failed to parse: Unexpected token: EOF (line 1, column 5)',
        'healthCheckExprs[0].current: required',
      ]);
    });

    it('rejects entries of the wrong shape', () => {
      assert.deepEqual(compileErrors('nope'), ['healthCheckExprs: must be a list, got a string']);
      assert.deepEqual(compileErrors([42]), ['healthCheckExprs[0]: must be a mapping, got an integer']);
      assert.deepEqual(compileErrors([dataEntry({ failed: 7 as unknown as string })]), [
        'healthCheckExprs[0].failed: must be a string, got an integer',
      ]);
      assert.deepEqual(compileErrors([dataEntry({ apiVersion: 'a/b/v1' })]), [
        'healthCheckExprs[0].apiVersion: unexpected GroupVersion string "a/b/v1"',
      ]);
    });

    it('prefixes messages with the path the caller gives', () => {
      const compiled = compileHealthExpressions([dataEntry({ current: '' })], { path: 'spec.healthCheckExprs' });
      assert.equal(compiled.ok, false);
      if (!compiled.ok) assert.equal(compiled.errors[0]?.message, 'spec.healthCheckExprs[0].current: required');
    });

    it('accepts an absent list as no expressions', () => {
      assert.deepEqual(compileHealthExpressions(undefined), { ok: true, evaluators: [] });
    });
  });
});
