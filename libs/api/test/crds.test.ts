import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { FLUX_KINDS, renderAllCrds } from '../src/index.js';
import { Schema, type SchemaNode } from '../src/schema/schema.js';
import { validateAgainst } from '../src/schema/validate.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CRD_DIR = join(HERE, '..', '..', '..', 'deploy', 'crds');
/** The Helm chart ships the same CRDs (Helm installs a chart's crds/ folder before its templates). */
const CHART_CRD_DIR = join(HERE, '..', '..', '..', 'helm', 'sluice', 'crds');

type Json = Record<string, unknown>;

function committedCrds(): Map<string, Json> {
  return new Map(readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml')).map((f) => [f, parseYaml(readFileSync(join(CRD_DIR, f), 'utf8')) as Json]));
}

function currentVersion(crd: Json): { name: string; schema: Json; entry: Json } {
  const versions = (crd['spec'] as Json)['versions'] as Json[];
  const entry = versions.find((v) => v['storage'] === true)!;
  return { name: entry['name'] as string, schema: (entry['schema'] as Json)['openAPIV3Schema'] as Json, entry };
}

/** Every schema node of a version, with its path, skipping the root. */
function walkSchema(node: Json, path: string, visit: (node: Json, path: string) => void): void {
  visit(node, path);
  for (const [key, child] of Object.entries((node['properties'] as Record<string, Json> | undefined) ?? {})) walkSchema(child, `${path}.${key}`, visit);
  if (node['items'] !== undefined) walkSchema(node['items'] as Json, `${path}[]`, visit);
  if (typeof node['additionalProperties'] === 'object') walkSchema(node['additionalProperties'] as Json, `${path}{}`, visit);
}

/** The schema node at a facts path (`spec.dependsOn[].name`), and its parent object node. */
function nodeAt(root: Json, path: string): { node: Json; parent: Json; leaf: string } {
  let node = root;
  let parent = root;
  let leaf = '';
  for (const part of path.split('.')) {
    const list = part.endsWith('[]');
    const key = list ? part.slice(0, -2) : part;
    parent = node;
    leaf = key;
    node = (node['properties'] as Record<string, Json> | undefined)?.[key] as Json;
    assert.ok(node !== undefined, `no schema node at ${path} (stopped at ${key})`);
    if (list) {
      parent = node;
      node = node['items'] as Json;
    }
  }
  return { node, parent, leaf };
}

describe('CRDs', () => {
  it('are committed exactly as the generator writes them, in deploy/ and the Helm chart (run npm run generate:crds -w libs/api)', () => {
    const expected = renderAllCrds();
    for (const dir of [CRD_DIR, CHART_CRD_DIR]) {
      const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
      assert.deepEqual(files, [...expected.keys()].sort(), dir);
      for (const [name, text] of expected) assert.equal(readFileSync(join(dir, name), 'utf8'), text, `${dir}/${name} is stale`);
    }
  });

  it('cover all nine kinds, each with one storage version and a status subresource where Flux has one', () => {
    const crds = committedCrds();
    assert.equal(crds.size, 9);
    for (const def of FLUX_KINDS) {
      const crd = crds.get(`${def.group}_${def.plural}.yaml`)!;
      const versions = (crd['spec'] as Json)['versions'] as Json[];
      assert.equal(versions.filter((v) => v['storage'] === true).length, 1, def.kind);
      assert.ok(versions.every((v) => v['served'] === true));
      assert.equal(currentVersion(crd).name, def.version);
      assert.equal(versions.every((v) => (v['subresources'] as Json | undefined)?.['status'] !== undefined), def.statusSubresource, def.kind);
    }
  });

  it('have structural schemas: every node typed, no forbidden constructs', () => {
    const forbidden = ['$ref', 'definitions', 'dependencies', 'patternProperties', 'additionalItems', 'id', '$schema', 'oneOf', 'anyOf', 'allOf', 'not'];
    for (const [file, crd] of committedCrds()) {
      for (const version of (crd['spec'] as Json)['versions'] as Json[]) {
        const root = (version['schema'] as Json)['openAPIV3Schema'] as Json;
        assert.deepEqual((root['properties'] as Json)['metadata'], { type: 'object' }, `${file}: metadata must stay untouched`);
        walkSchema(root, '', (node, path) => {
          const where = `${file} ${version['name'] as string}${path}`;
          if (node['x-kubernetes-preserve-unknown-fields'] !== true) assert.equal(typeof node['type'], 'string', `${where} has no type`);
          for (const key of forbidden) assert.ok(!(key in node), `${where} uses ${key}`);
          assert.notEqual(node['uniqueItems'], true, `${where} uses uniqueItems`);
          assert.notEqual(node['additionalProperties'], false, `${where} sets additionalProperties: false`);
          if (node['properties'] !== undefined) assert.equal(node['type'], 'object', `${where}: properties on a non-object`);
          if (node['items'] !== undefined) assert.equal(node['type'], 'array', `${where}: items on a non-array`);
          assert.ok(!(node['properties'] !== undefined && node['additionalProperties'] !== undefined), `${where}: properties and additionalProperties`);
          const keys = node['x-kubernetes-list-map-keys'] as string[] | undefined;
          if (keys !== undefined) {
            assert.equal(node['x-kubernetes-list-type'], 'map', `${where}: list-map-keys without list-type map`);
            const required = ((node['items'] as Json)['required'] as string[] | undefined) ?? [];
            for (const key of keys) assert.ok(required.includes(key), `${where}: list map key ${key} must be required`);
          }
          for (const key of (node['required'] as string[] | undefined) ?? []) {
            assert.ok(key in ((node['properties'] as Json | undefined) ?? {}), `${where}: required ${key} is not a property`);
          }
        });
      }
    }
  });

  it('carry defaults that their own schema accepts', () => {
    let checked = 0;
    const visit = (node: SchemaNode, path: string): void => {
      if (node.default !== undefined) {
        const outcome = validateAgainst(new Schema(node, 'optional'), node.default);
        assert.deepEqual(outcome.issues, [], `default at ${path}`);
        checked++;
      }
      if (node.type === 'object') for (const [k, child] of Object.entries(node.properties)) visit(child, `${path}.${k}`);
      if (node.type === 'array') visit(node.items, `${path}[]`);
      if (node.type === 'map') visit(node.values, `${path}{}`);
    };
    for (const def of FLUX_KINDS) visit(def.schema.node, def.kind);
    assert.ok(checked >= 15, `${checked} defaults checked`);
  });

  describe('agree with the facts of Flux’s own CRDs', () => {
    const facts = parseYaml(readFileSync(join(HERE, 'fixtures', 'flux-crd-facts', 'facts.yaml'), 'utf8')) as Record<string, Json>;
    const crds = committedCrds();
    for (const def of FLUX_KINDS) {
      it(def.kind, () => {
        const fact = facts[def.kind]!;
        const crd = crds.get(`${def.group}_${def.plural}.yaml`)!;
        const { name, schema, entry } = currentVersion(crd);
        const names = (crd['spec'] as Json)['names'] as Json;
        assert.equal(name, fact['version']);
        assert.deepEqual(names['shortNames'] ?? [], fact['shortNames']);
        assert.deepEqual((entry['additionalPrinterColumns'] as Json[]).map((c) => c['name']), fact['printerColumns']);
        assert.equal(entry['subresources'] !== undefined, fact['statusSubresource']);
        for (const path of fact['required'] as string[]) {
          const { parent, leaf } = nodeAt(schema, path);
          assert.ok(((parent['required'] as string[] | undefined) ?? []).includes(leaf), `${path} is required`);
        }
        for (const [path, values] of Object.entries((fact['enums'] as Json | undefined) ?? {})) {
          assert.deepEqual([...(nodeAt(schema, path).node['enum'] as string[])].sort(), [...(values as string[])].sort(), `enum of ${path}`);
        }
        for (const [path, value] of Object.entries((fact['defaults'] as Json | undefined) ?? {})) {
          assert.deepEqual(nodeAt(schema, path).node['default'], value, `default of ${path}`);
        }
        for (const [path, pattern] of Object.entries((fact['patterns'] as Json | undefined) ?? {})) {
          assert.equal(nodeAt(schema, path).node['pattern'], pattern, `pattern of ${path}`);
        }
        for (const [path, max] of Object.entries((fact['maxLengths'] as Json | undefined) ?? {})) {
          assert.equal(nodeAt(schema, path).node['maxLength'], max, `maxLength of ${path}`);
        }
        for (const [path, keys] of Object.entries((fact['listMapKeys'] as Json | undefined) ?? {})) {
          assert.deepEqual(nodeAt(schema, path).node['x-kubernetes-list-map-keys'], keys, `list map keys of ${path}`);
        }
        for (const [path, rule] of Object.entries((fact['rules'] as Json | undefined) ?? {})) {
          const rules = (nodeAt(schema, path).node['x-kubernetes-validations'] as Json[]).map((r) => r['rule']);
          assert.ok(rules.includes(rule), `rule on ${path}`);
        }
      });
    }
  });
});

