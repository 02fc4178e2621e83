import assert from 'node:assert/strict';
import type { FieldSchema } from '@sluice/k8s-schema';
import type { JsonObject } from '../src/index.js';
import { printFieldPath, type FieldSet } from '../src/index.js';
import { compareObjects } from '../src/ssa/compare.js';
import { mergeValues } from '../src/ssa/merge-values.js';
import { fixture } from './helpers.js';

const str: FieldSchema = { type: 'string' };
const num: FieldSchema = { type: 'number' };
const set = (items: FieldSchema): FieldSchema => ({ type: 'array', listType: 'set', items });
/** An atomic value of any shape; as FieldSchema cannot say "atomic whatever", an atomic map stands in. */
const atomicValue: FieldSchema = { type: 'object', mapType: 'atomic' };

/** structured-merge-diff's typed/merge_test.go schemas, as FieldSchemas. */
const SCHEMAS: Record<string, FieldSchema> = {
  stringPair: { type: 'object', properties: { key: str, value: atomicValue } },
  nestedMap: { type: 'object', properties: { inner: { type: 'object', additionalProperties: atomicValue } } },
  nestedStruct: { type: 'object', properties: { inner: { type: 'object', properties: { value: atomicValue } } } },
  nestedList: { type: 'object', properties: { inner: { type: 'array', listType: 'atomic', items: atomicValue } } },
  myStruct: {
    type: 'object',
    properties: { numeric: num, string: str, bool: { type: 'boolean' }, setStr: set(str), setBool: set({ type: 'boolean' }), setNumeric: set(num) },
  },
  recursiveMap: (() => {
    const node: { -readonly [K in keyof FieldSchema]: FieldSchema[K] } = { type: 'object' };
    node.additionalProperties = node;
    return node;
  })(),
  deduced: { preserveUnknownFields: true },
  myRoot: {
    type: 'object',
    properties: {
      list: {
        type: 'array',
        listType: 'map',
        listMapKeys: ['key', 'id'],
        items: { type: 'object', properties: { key: str, id: num, value: { type: 'object', additionalProperties: str }, bv: { type: 'boolean' }, nv: num } },
      },
      atomicList: { type: 'array', listType: 'atomic', items: str },
    },
  },
};

interface Triplet {
  schema: string;
  lhs: JsonObject;
  rhs: JsonObject;
  out: JsonObject;
}

interface Comparison {
  schema: string;
  lhs: JsonObject;
  rhs: JsonObject;
  removed: string[];
  modified: string[];
  added: string[];
}

const printed = (set: FieldSet) => set.paths().map(printFieldPath).sort();

describe('field comparison (structured-merge-diff symdiff cases)', () => {
  fixture<Comparison[]>('structured-merge-diff/comparisons.json').forEach((c, i) => {
    it(`${c.schema} #${i}: ${JSON.stringify(c.lhs)} -> ${JSON.stringify(c.rhs)}`, () => {
      const forward = compareObjects(c.lhs, c.rhs, SCHEMAS[c.schema]);
      assert.deepEqual({ removed: printed(forward.removed), modified: printed(forward.modified), added: printed(forward.added) }, {
        removed: [...c.removed].sort(),
        modified: [...c.modified].sort(),
        added: [...c.added].sort(),
      });
      const backward = compareObjects(c.rhs, c.lhs, SCHEMAS[c.schema]);
      assert.deepEqual(printed(backward.added), [...c.removed].sort(), 'added and removed are symmetric');
    });
  });
});

describe('server-side apply merge order (structured-merge-diff merge triplets)', () => {
  fixture<Triplet[]>('structured-merge-diff/merge-triplets.json').forEach((t, i) => {
    it(`${t.schema} #${i}: ${JSON.stringify(t.lhs)} + ${JSON.stringify(t.rhs)}`, () => {
      assert.deepEqual(mergeValues(t.lhs, t.rhs, SCHEMAS[t.schema]), t.out);
    });
  });
});
