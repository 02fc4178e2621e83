/**
 * Prints how fast parseManifests reads the corpus fixtures and a large generated multi-document file.
 * Run: node --conditions=sluice-dev --import tsx libs/api/scripts/bench-parse.ts
 * Figures only; nothing asserts on them.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifests, renderAllCrds } from '../src/index.js';

const corpora = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'corpora');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function time(label: string, rounds: number, work: () => number): void {
  work(); // warm up
  const start = process.hrtime.bigint();
  let objects = 0;
  for (let i = 0; i < rounds; i++) objects += work();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(`${label}: ${(ms / rounds).toFixed(2)} ms per round, ${Math.round((objects / ms) * 1000)} objects/s\n`);
}

const texts = yamlFiles(corpora).map((f) => readFileSync(f, 'utf8'));
time(`corpus (${texts.length} files)`, 50, () => texts.reduce((n, t) => n + parseManifests(t).manifests.length, 0));

const kustomization = (i: number) => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: app-${i}, namespace: flux-system}
spec:
  interval: 10m
  retryInterval: 1m
  path: ./apps/app-${i}
  prune: true
  wait: true
  dependsOn: [{name: infra}]
  sourceRef: {kind: GitRepository, name: flux-system}
`;
const big = Array.from({ length: 1000 }, (_, i) => kustomization(i)).join('---\n');
time('1000 Kustomizations in one text', 5, () => parseManifests(big).manifests.length);

time('generate all CRDs', 5, () => renderAllCrds().size);
