import assert from 'node:assert/strict';
import { seededRandom } from '@sluice/testing';
import { FLUX_KINDS, parseFluxObject, parseManifests, type ParseResult } from '../src/index.js';


const SEEDS: Record<string, unknown>[] = [
  {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system', labels: { a: 'b' } },
    spec: { interval: '10m', prune: true, dependsOn: [{ name: 'infra' }], sourceRef: { kind: 'GitRepository', name: 'flux-system' }, patches: [{ patch: 'x', target: { kind: 'Deployment' } }], postBuild: { substitute: { a: 'b' } } },
  },
  {
    apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'podinfo', namespace: 'apps' },
    spec: { interval: '5m', chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } }, values: { replicaCount: 2, nested: { list: [1, 'two', null] } }, install: { strategy: { name: 'RetryOnFailure', retryInterval: '1m' } } },
  },
  {
    apiVersion: 'source.toolkit.fluxcd.io/v1beta2', kind: 'GitRepository', metadata: { name: 'repo', namespace: 'flux-system' },
    spec: { url: 'https://github.com/org/repo', interval: '1m', ref: { branch: 'main' }, include: [{ repository: { name: 'other' } }] },
  },
  {
    apiVersion: 'notification.toolkit.fluxcd.io/v1', kind: 'Receiver', metadata: { name: 'hook', namespace: 'flux-system' },
    spec: { type: 'generic-oidc', resources: [{ kind: 'GitRepository', name: '*', matchLabels: { a: 'b' } }], oidcProviders: [{ issuerURL: 'https://x', validations: [{ expression: 'true', message: 'm' }] }] },
  },
];

function nastyValue(rnd: () => number, depth: number): unknown {
  const choice = Math.floor(rnd() * 14);
  switch (choice) {
    case 0: return null;
    case 1: return undefined;
    case 2: return Math.floor(rnd() * 1e6) - 5e5;
    case 3: return rnd() < 0.5 ? Number.NaN : Number.POSITIVE_INFINITY;
    case 4: return '';
    case 5: return 'x'.repeat(Math.floor(rnd() * 5000));
    case 6: return ['1h', '-1m', '1d', '9999999999h', '0', '.5s'][Math.floor(rnd() * 6)];
    case 7: return rnd() < 0.5;
    case 8: return [];
    case 9: return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    case 10: return new Date(0);
    case 11: return Symbol('s');
    case 12: {
      let deep: Record<string, unknown> = {};
      const root = deep;
      for (let i = 0; i < 200; i++) deep = (deep['d'] = {}) as Record<string, unknown>;
      return root;
    }
    default: return depth > 3 ? 1n : { nested: nastyValue(rnd, depth + 1), list: [nastyValue(rnd, depth + 1)] };
  }
}

/** Replaces, deletes or corrupts one random node of a deep copy of `seed`. */
function mutate(seed: Record<string, unknown>, rnd: () => number): unknown {
  const copy = structuredClone(seed);
  const containers: Record<string, unknown>[] = [];
  const collect = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    containers.push(node as Record<string, unknown>);
    for (const child of Object.values(node)) collect(child);
  };
  collect(copy);
  for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) {
    const target = containers[Math.floor(rnd() * containers.length)]!;
    const keys = Object.keys(target);
    const key = keys.length > 0 && rnd() < 0.8 ? keys[Math.floor(rnd() * keys.length)]! : `extra${n}`;
    const action = rnd();
    if (action < 0.25) delete target[key];
    else if (action < 0.3) target[key] = target; // a cycle
    else target[key] = nastyValue(rnd, 0);
  }
  return copy;
}

function assertWellFormed(result: ParseResult<unknown>): void {
  assert.equal(typeof result.ok, 'boolean');
  if (result.ok) return;
  assert.ok(result.errors.length > 0);
  for (const e of result.errors) {
    assert.equal(typeof e.object, 'string');
    assert.equal(typeof e.path, 'string');
    assert.ok(e.message.startsWith(e.object), e.message);
  }
}

describe('fuzzing the parsers', () => {
  afterEach(() => {
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined, 'Object.prototype was polluted');
  });

  it('never throws on mutated objects and always names the object and field', () => {
    const rnd = seededRandom(20240501);
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      const seed = SEEDS[i % SEEDS.length]!;
      const result = parseFluxObject(mutate(seed, rnd));
      assertWellFormed(result);
      if (!result.ok) rejected++;
    }
    assert.ok(rejected > 1000, `most mutations are invalid (${rejected} rejected)`);
  });

  it('keeps __proto__ keys as data, never as prototypes', () => {
    const input = JSON.parse('{"apiVersion":"helm.toolkit.fluxcd.io/v2","kind":"HelmRelease","metadata":{"name":"x","namespace":"y","labels":{"__proto__":"v"}},"spec":{"interval":"1m","chartRef":{"kind":"OCIRepository","name":"x"},"values":{"__proto__":{"polluted":true}}}}') as unknown;
    const result = parseFluxObject(input);
    assert.ok(result.ok);
    const values = (result.value.spec as { values: Record<string, unknown> }).values;
    assert.ok(Object.hasOwn(values, '__proto__'));
    assert.equal(Object.getPrototypeOf(values), Object.prototype);
  });

  it('never throws on corrupted YAML text', () => {
    const rnd = seededRandom(7);
    const base = SEEDS.map((s) => JSON.stringify(s)).join('\n---\n');
    const alphabet = ':-{}[]&*!|>#"\'\n \t%@`?,';
    for (let i = 0; i < 400; i++) {
      let text = base;
      for (let n = 1 + Math.floor(rnd() * 4); n > 0; n--) {
        const at = Math.floor(rnd() * text.length);
        text = text.slice(0, at) + alphabet[Math.floor(rnd() * alphabet.length)]! + text.slice(at + 1 + Math.floor(rnd() * 3));
      }
      const { manifests, errors } = parseManifests(text, { file: 'fuzz.yaml' });
      assert.ok(Array.isArray(manifests) && Array.isArray(errors));
      for (const e of errors) assert.equal(e.file, 'fuzz.yaml');
    }
  });

  it('survives alias bombs and deep nesting in YAML', () => {
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n';
    const result = parseManifests(bomb);
    assert.ok(result.errors.length > 0);
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    assert.doesNotThrow(() => parseManifests(deep));
  });

  it('accepts every seed unmutated (so mutations are what is rejected)', () => {
    for (const seed of SEEDS) assert.ok(parseFluxObject(seed).ok, String(seed['kind']));
    assert.equal(FLUX_KINDS.length, 9);
  });
});
