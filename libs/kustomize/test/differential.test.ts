import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureReferenceTools } from '@sluice/testing';
import { randomOverlay, writeTree } from './support/overlays.js';
import { agree, describeDisagreement, engineBuild, mapLimit, referenceBuild } from './support/reference.js';

const REPOS = new URL('./fixtures/flux-repos/', import.meta.url).pathname;
const OVERLAYS = Number(process.env.KUSTOMIZE_DIFF_CASES ?? 500);
const SEED = Number(process.env.KUSTOMIZE_DIFF_SEED ?? Date.now() % 1_000_000);
const PARALLEL = 4;
/** Overlays built by one kubectl process (each wrapped with its own name suffix so ids stay unique). */
const BATCH = 25;

/** Builds a batch of cases as one kustomization; when either tool fails on it, compares the cases one by one. */
async function compareBatch(work: string, cases: readonly number[]): Promise<string[]> {
  const dir = `batch-${cases[0]}`;
  const tree: Record<string, string> = { [`${dir}/kustomization.yaml`]: `resources:\n${cases.map((i) => `- wrap-${i}\n`).join('')}` };
  for (const i of cases) tree[`${dir}/wrap-${i}/kustomization.yaml`] = `resources:\n- ../../case-${i}/overlay\nnameSuffix: -c${i}\n`;
  writeTree(work, tree);
  const [ours, ref] = await Promise.all([engineBuild(work, `/${dir}`), referenceBuild(join(work, dir))]);
  if (ours.ok && ref.ok) return agree(ours, ref) ? [] : [describeDisagreement(`seed ${SEED} cases ${cases[0]}..${cases[cases.length - 1]}`, ours, ref)];
  const out: string[] = [];
  for (const i of cases) {
    const caseDir = join(work, `case-${i}`);
    const [o, r] = await Promise.all([engineBuild(caseDir, '/overlay'), referenceBuild(join(caseDir, 'overlay'))]);
    if (!agree(o, r)) out.push(describeDisagreement(`seed ${SEED} case ${i}`, o, r));
  }
  return out;
}

/** Every directory under `root` holding a kustomization file. */
function kustomizationDirs(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    const entries = readdirSync(d);
    if (entries.includes('kustomization.yaml')) out.push(d);
    for (const e of entries) if (statSync(join(d, e)).isDirectory()) walk(join(d, e));
  };
  walk(root);
  return out.sort();
}

describe('kustomize differential tests against kubectl kustomize 5.7.1', function () {
  this.timeout(120_000);
  let work: string;

  before(async () => {
    await ensureReferenceTools();
    work = mkdtempSync(join(tmpdir(), 'sluice-kustomize-diff-'));
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('agrees on every kustomization of podinfo and the Flux example repositories', async () => {
    const dirs = kustomizationDirs(REPOS);
    assert.ok(dirs.length >= 15, `found only ${dirs.length} kustomizations`);
    const bad = await mapLimit(dirs, PARALLEL, async (dir) => {
      const [ours, ref] = await Promise.all([engineBuild('/', dir), referenceBuild(dir)]);
      return agree(ours, ref) ? undefined : describeDisagreement(dir.slice(REPOS.length), ours, ref);
    });
    assert.deepEqual(bad.filter(Boolean), []);
  });

  it(`agrees on ${OVERLAYS} random overlays (seed ${SEED})`, async () => {
    process.stdout.write(`      differential seed: ${SEED} (rerun with KUSTOMIZE_DIFF_SEED=${SEED})\n`);
    for (let i = 0; i < OVERLAYS; i++) writeTree(join(work, `case-${i}`), randomOverlay(SEED, i));
    const batches: number[][] = [];
    for (let i = 0; i < OVERLAYS; i += BATCH) batches.push(Array.from({ length: Math.min(BATCH, OVERLAYS - i) }, (_, j) => i + j));
    const bad = (await mapLimit(batches, PARALLEL, (b) => compareBatch(work, b))).flat();
    assert.deepEqual(bad.slice(0, 5), [], `${bad.length} of ${OVERLAYS} overlays disagree`);
  });
});
