// One table-driven harness over the upstream kstatus corpus (see fixtures/kstatus-corpus/README.md).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { augmentConditions, computeStatus } from '@sluice/kstatus';
import type { KubeObject, StatusCondition } from '@sluice/kstatus';

const corpusDir = fileURLToPath(new URL('./fixtures/kstatus-corpus/', import.meta.url));

// A fixed clock: placeholders are filled relative to it and the same instant is passed as `now`.
const now = Date.parse('2025-06-01T12:00:00Z');

interface ExpectedCondition {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
}

interface ComputeExpectation {
  readonly status: string;
  readonly conditions: readonly ExpectedCondition[];
  readonly absent_condition_types: readonly string[];
}

interface AugmentExpectation {
  readonly conditions_exact: readonly ExpectedCondition[];
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Replaces `{{NOW_RFC3339}}` and `{{NOW_MINUS_<n>s_RFC3339}}` with times relative to {@link now}. */
function fillPlaceholders(text: string): string {
  const filled = text.replace(/\{\{NOW(?:_MINUS_(\d+)s)?_RFC3339\}\}/g, (_match, seconds?: string) =>
    rfc3339(now - Number(seconds ?? 0) * 1000),
  );
  assert.doesNotMatch(filled, /\{\{/, 'fixture has a placeholder the harness does not know');
  return filled;
}

function loadCase<T>(group: string, name: string): { object: KubeObject; expected: T } {
  const dir = join(corpusDir, group, name);
  // Some upstream fixtures repeat a key (observedGeneration); Go's YAML decoding keeps the last one, so do we.
  const text = fillPlaceholders(readFileSync(join(dir, 'object.yaml'), 'utf8'));
  const object = parse(text, { uniqueKeys: false }) as KubeObject;
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as T;
  return { object, expected };
}

function caseNames(group: string): string[] {
  return readdirSync(join(corpusDir, group)).sort();
}

function assertHasCondition(actual: readonly StatusCondition[] | readonly unknown[], want: ExpectedCondition): void {
  const found = (actual as readonly Partial<StatusCondition>[]).find((c) => c.type === want.type);
  assert.ok(found, `missing condition ${want.type} in ${JSON.stringify(actual)}`);
  assert.equal(found.status, want.status, `status of condition ${want.type}`);
  assert.equal(found.reason, want.reason, `reason of condition ${want.type}`);
}

describe('kstatus corpus', () => {
  describe('computeStatus', () => {
    for (const name of caseNames('compute')) {
      it(`computes ${name} as upstream does`, () => {
        const { object, expected } = loadCase<ComputeExpectation>('compute', name);
        const result = computeStatus(object, { now });
        assert.equal(result.status, expected.status, result.message);
        for (const want of expected.conditions) assertHasCondition(result.conditions, want);
        for (const type of expected.absent_condition_types) {
          assert.ok(!result.conditions.some((c) => c.type === type), `unexpected condition ${type}`);
        }
      });
    }
  });

  describe('augmentConditions', () => {
    for (const name of caseNames('augment')) {
      it(`augments ${name} as upstream does`, () => {
        const { object, expected } = loadCase<AugmentExpectation>('augment', name);
        const status = augmentConditions(object, { now })['status'] as { conditions: readonly unknown[] };
        assert.equal(status.conditions.length, expected.conditions_exact.length, JSON.stringify(status.conditions));
        for (const want of expected.conditions_exact) assertHasCondition(status.conditions, want);
      });
    }
  });
});
