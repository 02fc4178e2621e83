import assert from 'node:assert/strict';
import { isSluiceError } from '@sluice/errors';
import { build, memoryFileSystem } from '../src/index.js';
import { seededRandom } from '@sluice/testing';

/** Odd values to put where the engine expects something else. */
const ODD = ['5', 'null', '[]', '{}', '[1, [2]]', '{a: {b: [c]}}', '"__proto__"', 'true', '-1', '"$(X)"', '~', '"\\u0000"'];

const KUSTOMIZATION_FIELDS = [
  'resources', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels', 'commonAnnotations', 'patches',
  'patchesStrategicMerge', 'patchesJson6902', 'images', 'replicas', 'configMapGenerator', 'secretGenerator', 'vars',
  'replacements', 'components', 'configurations', 'crds', 'sortOptions', 'openapi', 'generatorOptions', 'transformers',
];

const RESOURCE_PATHS = ['metadata', 'metadata.name', 'metadata.labels', 'metadata.annotations', 'metadata.namespace', 'kind', 'apiVersion', 'spec', 'spec.template', 'spec.template.spec.containers', 'subjects', 'roleRef', 'data'];

/** A Deployment (as flow YAML) with the odd YAML text `value` placed at the dotted `path`. */
function resourceWith(path: string, value: string): string {
  const obj: Record<string, unknown> = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', labels: { app: 'd' } },
    spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    subjects: [{ kind: 'ServiceAccount', name: 'default' }],
    roleRef: { kind: 'Role', name: 'r', apiGroup: 'rbac.authorization.k8s.io' },
    data: { a: 'b' },
  };
  const parts = path.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) cur = cur[p] as Record<string, unknown>;
  cur[parts[parts.length - 1]!] = '__ODD__';
  return JSON.stringify(obj).replace('"__ODD__"', value);
}

async function expectCleanOutcome(files: Record<string, string>, what: string): Promise<void> {
  try {
    await build(memoryFileSystem(files), '/', { reorder: 'none' });
  } catch (err) {
    assert.ok(isSluiceError(err), `${what}: crashed with ${err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err)}`);
  }
}

describe('hostile input', () => {
  it('fails with a KustomizeError, never a crash, for odd values in every kustomization field', async () => {
    for (const field of KUSTOMIZATION_FIELDS) {
      for (const v of ODD) {
        await expectCleanOutcome({
          '/kustomization.yaml': `resources: [r.yaml]\n${field === 'resources' ? '' : `${field}: ${v}\n`}`,
          '/r.yaml': resourceWith('kind', 'Deployment'),
        }, `${field}: ${v}`);
      }
    }
  });

  it('fails with a KustomizeError, never a crash, for odd values inside resources under every transformer', async () => {
    const transformers = 'namePrefix: p-\nnamespace: ns\ncommonLabels: {a: b}\ncommonAnnotations: {c: d}\nimages: [{name: nginx, newTag: "2"}]\nreplicas: [{name: d, count: 2}]\nconfigMapGenerator: [{name: g, literals: [a=b]}]\n';
    for (const path of RESOURCE_PATHS) {
      for (const v of ODD) {
        await expectCleanOutcome({ '/kustomization.yaml': `resources: [r.yaml]\n${transformers}`, '/r.yaml': resourceWith(path, v) }, `${path}: ${v}`);
      }
    }
  });

  it('survives random byte flips in a realistic kustomization tree', async () => {
    const rand = seededRandom(20260101);
    const kustomization = 'resources: [r.yaml]\nnamePrefix: p-\nnamespace: ns\npatches:\n- target: {kind: Deployment}\n  patch: |-\n    - op: add\n      path: /metadata/labels/x\n      value: y\n';
    const resource = resourceWith('kind', 'Deployment');
    for (let i = 0; i < 300; i++) {
      const flip = (s: string): string => {
        const chars = [...s];
        for (let n = 0; n < 3; n++) chars[Math.floor(rand() * chars.length)] = String.fromCharCode(32 + Math.floor(rand() * 95));
        return chars.join('');
      };
      await expectCleanOutcome({ '/kustomization.yaml': flip(kustomization), '/r.yaml': flip(resource) }, `flip ${i}`);
    }
  });
});
