import assert from 'node:assert/strict';
import type { FieldSchema } from '@sluice/k8s-schema';
import { FieldSet, printFieldPath, serverSideApply, ServerSideApplyError, trackUpdate, type JsonObject, type JsonValue, type ManagedFieldsEntry } from '../src/index.js';
import { fixture } from './helpers.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const str: FieldSchema = { type: 'string' };
const num: FieldSchema = { type: 'number' };
const stringSet: FieldSchema = { type: 'array', listType: 'set', items: str };
const stringMap: FieldSchema = { type: 'object', additionalProperties: str };

function recursiveMap(): FieldSchema {
  const node: Mutable<FieldSchema> = { type: 'object' };
  node.additionalProperties = node;
  return node;
}

/** structured-merge-diff's test schemas, as FieldSchemas. */
const SCHEMAS: Record<string, FieldSchema | undefined> = {
  associativeList: {
    type: 'object',
    properties: { list: { type: 'array', listType: 'map', listMapKeys: ['name'], items: { type: 'object', properties: { name: str, value: num } } } },
  },
  nestedType: {
    type: 'object',
    properties: {
      listOfLists: { type: 'array', listType: 'map', listMapKeys: ['name'], items: { type: 'object', properties: { name: str, value: stringSet } } },
      listOfMaps: { type: 'array', listType: 'map', listMapKeys: ['name'], items: { type: 'object', properties: { name: str, value: stringMap } } },
      mapOfLists: { type: 'object', additionalProperties: stringSet },
      mapOfMaps: { type: 'object', additionalProperties: stringMap },
      mapOfMapsRecursive: recursiveMap(),
      struct: { type: 'object', properties: { name: str, value: num } },
    },
  },
  structMultiversion: {
    type: 'object',
    properties: {
      struct: { type: 'object', properties: { name: str, scalarField_v1: str, complexField_v1: { type: 'object', properties: { name: str } } } },
      version: str,
    },
  },
  deduced: undefined,
  portList: {
    type: 'object',
    properties: {
      containerPorts: {
        type: 'array',
        listType: 'map',
        listMapKeys: ['port', 'protocol'],
        items: { type: 'object', properties: { port: num, protocol: { type: 'string', default: 'TCP' }, name: str } },
      },
    },
  },
  book: {
    type: 'object',
    properties: {
      book: {
        type: 'array',
        listType: 'map',
        listMapKeys: ['chapter', 'section'],
        items: {
          type: 'object',
          properties: {
            chapter: { type: 'number', default: 1 },
            section: { type: 'string', default: 'A' },
            sentences: {
              type: 'array',
              listType: 'map',
              listMapKeys: ['page', 'line'],
              items: { type: 'object', properties: { page: { type: 'number', default: 2.0 }, line: { type: 'number', default: 3 }, text: str } },
            },
          },
        },
      },
    },
  },
};

interface Op {
  apply?: string;
  update?: string;
  apiVersion: string;
  object: JsonObject | null;
  conflicts?: { manager: string; field: string }[];
  /** The configuration does not fit the schema: the apply is rejected. */
  error?: boolean;
}

interface Scenario {
  name: string;
  schema: string;
  ops: Op[];
  object?: JsonObject;
  managed?: Record<string, string[]>;
}

/** The object without metadata (which only carries managedFields here) and without nulls, as the API server stores it. */
function content(obj: JsonObject | undefined): JsonValue {
  const strip = (v: JsonValue): JsonValue => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, strip(x)]));
  };
  const { metadata: _metadata, ...rest } = obj ?? {};
  return strip(rest);
}

function managedPaths(obj: JsonObject | undefined): Record<string, string[]> {
  const entries = (((obj?.metadata as JsonObject | undefined)?.managedFields ?? []) as unknown) as ManagedFieldsEntry[];
  return Object.fromEntries(entries.map((e) => [e.manager, FieldSet.fromFieldsV1(e.fieldsV1).paths().map(printFieldPath).sort()]));
}

function run(s: Scenario): JsonObject | undefined {
  const schema = SCHEMAS[s.schema];
  let live: JsonObject | undefined;
  s.ops.forEach((op, i) => {
    const now = new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();
    const object = op.object ?? {};
    if (op.update) {
      live = trackUpdate(live, object, { manager: op.update, apiVersion: op.apiVersion, now, schema });
      return;
    }
    const opts = { manager: op.apply!, apiVersion: op.apiVersion, now, schema, force: false };
    if (op.error) {
      assert.throws(() => serverSideApply(live, object, opts), ServerSideApplyError);
      return;
    }
    const result = serverSideApply(live, object, opts);
    if (op.conflicts) {
      assert.equal(result.ok, false, `op ${i} should conflict`);
      if (!result.ok) assert.deepEqual(result.conflicts.map(({ manager, field }) => ({ manager, field })), op.conflicts);
      return;
    }
    if (!result.ok) assert.fail(`op ${i} conflicted: ${result.message}`);
    live = result.object;
  });
  return live;
}

describe('serverSideApply and trackUpdate on structured-merge-diff scenarios', () => {
  for (const s of fixture<Scenario[]>('structured-merge-diff/scenarios.json')) {
    it(s.name, () => {
      const live = run(s);
      if (s.object) assert.deepEqual(content(live), content(s.object));
      if (s.managed) {
        const expected = Object.fromEntries(Object.entries(s.managed).map(([m, paths]) => [m, [...paths].sort()]));
        assert.deepEqual(managedPaths(live), expected);
      }
    });
  }
});
