/**
 * Writes deploy/crds/*.yaml and the Helm chart's helm/sluice/crds/*.yaml from the schema trees in
 * libs/api/src/kinds, and removes CRD files of kinds that no longer exist. Run with `npm run generate:crds -w
 * libs/api`; the crds test fails until the output is committed.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAllCrds } from '../src/crd.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const files = renderAllCrds();
for (const outDir of [join(root, 'deploy/crds'), join(root, 'helm/sluice/crds')]) {
  mkdirSync(outDir, { recursive: true });
  for (const existing of readdirSync(outDir)) {
    if (existing.endsWith('.yaml') && !files.has(existing)) rmSync(join(outDir, existing));
  }
  for (const [name, text] of files) writeFileSync(join(outDir, name), text);
  process.stdout.write(`wrote ${files.size} CRDs to ${outDir}\n`);
}
