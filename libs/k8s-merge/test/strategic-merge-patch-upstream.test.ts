import assert from 'node:assert/strict';
import type { FieldSchema } from '@sluice/k8s-schema';
import { strategicMergePatch, StrategicMergePatchError, type JsonObject, type JsonValue } from '../src/index.js';
import { fixture } from './helpers.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Upstream's MergeItem test struct (patch_test.go) as a FieldSchema; it refers to itself. */
function mergeItemSchema(): FieldSchema {
  const item: Mutable<FieldSchema> = { type: 'object' };
  const str: FieldSchema = { type: 'string' };
  const simpleMap: FieldSchema = { type: 'object', additionalProperties: str };
  const mergingList: FieldSchema = { type: 'array', items: item, patchStrategy: 'merge', patchMergeKey: 'name' };
  const mergingIntList: FieldSchema = { type: 'array', items: { type: 'integer' }, patchStrategy: 'merge' };
  const nonMergingList: FieldSchema = { type: 'array', items: item };
  item.properties = {
    name: str,
    value: str,
    other: str,
    mergingList,
    nonMergingList,
    mergingIntList,
    nonMergingIntList: { type: 'array', items: { type: 'integer' } },
    mergeItemPtr: mergingList,
    simpleMap,
    replacingItem: { preserveUnknownFields: true, patchStrategy: 'replace' },
    retainKeysMap: {
      type: 'object',
      patchStrategy: 'retainKeys',
      properties: { name: str, value: str, other: str, simpleMap, mergingIntList, mergingList, nonMergingList },
    },
    retainKeysMergingList: { type: 'array', items: item, patchStrategy: 'merge,retainKeys', patchMergeKey: 'name' },
  };
  return item;
}

const schema = mergeItemSchema();

interface UpstreamCase {
  description: string;
  original?: JsonObject;
  twoWay: JsonObject;
  modified?: JsonObject;
  twoWayResult?: JsonObject;
  current?: JsonObject;
  threeWay?: JsonObject;
  result?: JsonObject;
  expectedError?: string;
  sorted?: boolean;
}

/** Go's fmt %v of a scalar, which upstream's sort compares as strings. */
function goString(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : JSON.stringify(v ?? null);
}

/** Upstream's sortMergeListsByName: merge lists sorted by merge key (scalars de-duplicated and sorted), recursively. */
function sortMergeLists(value: JsonObject, node: FieldSchema | undefined): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    const child = node?.properties?.[k] ?? node?.additionalProperties;
    if (Array.isArray(v) && child?.patchStrategy?.split(',').includes('merge')) {
      if (v.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e))) {
        const key = child.patchMergeKey ?? '';
        out[k] = (v as JsonObject[]).map((e) => sortMergeLists(e, child.items)).sort((a, b) => (goString(a[key]) < goString(b[key]) ? -1 : 1));
      } else {
        out[k] = [...new Set(v.map(goString))].sort().map((s) => v.find((e) => goString(e) === s)!);
      }
    } else if (typeof v === 'object' && v !== null && !Array.isArray(v) && !k.startsWith('$')) {
      out[k] = sortMergeLists(v, child);
    } else {
      out[k] = v;
    }
  }
  return out;
}

function check(c: UpstreamCase, original: JsonObject, patch: JsonObject, expected: JsonObject | undefined): void {
  const prepare = (o: JsonObject) => (c.sorted ? sortMergeLists(o, schema) : o);
  if (c.expectedError) {
    assert.throws(() => strategicMergePatch(original, patch, schema), (err: unknown) => err instanceof StrategicMergePatchError && err.message.includes(c.expectedError!));
    return;
  }
  const result = strategicMergePatch(prepare(original), prepare(patch), schema);
  assert.deepEqual(c.sorted ? sortMergeLists(result, schema) : result, prepare(expected!));
}

describe('strategicMergePatch on apimachinery test cases', () => {
  for (const c of fixture<UpstreamCase[]>('apimachinery-smp/cases.json')) {
    it(`two-way: ${c.description}`, () => check(c, c.original ?? {}, c.twoWay, c.twoWayResult ?? c.modified));
    if (c.threeWay && c.result) it(`three-way: ${c.description}`, () => check(c, c.current ?? {}, c.threeWay!, c.result));
  }
});
