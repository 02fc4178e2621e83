/** Times the engine alone on generated overlays: `node --conditions=sluice-dev --import tsx libs/kustomize/scripts/time-overlays.ts [n]`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomOverlay, writeTree } from '../test/support/overlays.js';
import { engineBuild } from '../test/support/reference.js';

const n = Number(process.argv[2] ?? 50);
const work = mkdtempSync(join(tmpdir(), 'sluice-kz-time-'));
try {
  let t0 = performance.now();
  await engineBuild('/', '/nonexistent');
  for (let i = 0; i < n; i++) {
    const dir = join(work, `c${i}`);
    writeTree(dir, randomOverlay(1, i));
    if (i === 1) t0 = performance.now();
    const r = await engineBuild(dir, '/overlay');
    if (!r.ok) process.stdout.write(`case ${i}: ${r.error}\n`);
  }
  process.stdout.write(`${((performance.now() - t0) / (n - 1)).toFixed(1)} ms per overlay (warm)\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
