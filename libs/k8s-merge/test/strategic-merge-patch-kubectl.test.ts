import assert from 'node:assert/strict';
import { strategicMergePatch, StrategicMergePatchError, type JsonObject, type JsonValue } from '../src/index.js';
import { fixture, schemaOf } from './helpers.js';

interface Scenario {
  name: string;
  object: string;
  patch: JsonObject;
  /** Why the result differs from kubectl's: only by directive keys kubectl leaves behind. */
  divergence?: string;
}

/** A value without `$`-prefixed directive keys, as typed decoding leaves kubectl's result. */
function withoutDirectiveKeys(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(withoutDirectiveKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !k.startsWith('$')).map(([k, x]) => [k, withoutDirectiveKeys(x)]));
}

const objects = fixture<Record<string, JsonObject>>('kubectl-smp/objects.json');
const scenarios = fixture<Scenario[]>('kubectl-smp/scenarios.json');
const { expected } = fixture<{ expected: Record<string, { result?: JsonObject; error?: string }> }>('kubectl-smp/expected.json');

function schemaFor(obj: JsonObject) {
  const [group, version] = (obj.apiVersion as string).includes('/') ? (obj.apiVersion as string).split('/') : ['', obj.apiVersion as string];
  return schemaOf(group!, version!, obj.kind as string);
}

describe('strategicMergePatch against kubectl 1.35 recordings', () => {
  for (const s of scenarios) {
    const want = expected[s.name]!;
    it(`${want.error ? 'rejects' : 'matches'}: ${s.name}`, () => {
      const original = objects[s.object]!;
      if (want.error) {
        assert.throws(() => strategicMergePatch(original, s.patch, schemaFor(original)), StrategicMergePatchError);
        return;
      }
      const result = strategicMergePatch(original, s.patch, schemaFor(original));
      if (s.divergence) {
        assert.notDeepEqual(want.result, withoutDirectiveKeys(want.result!), 'kubectl still keeps the directive');
        assert.deepEqual(result, withoutDirectiveKeys(want.result!));
      } else {
        assert.deepEqual(result, want.result);
      }
    });
  }
});
