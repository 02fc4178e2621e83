/** Prints every failing krusty case with the reason: `node --conditions=sluice-dev --import tsx libs/kustomize/scripts/krusty-report.ts [filter]`. */
import { krustyCases, runKrustyCase } from '../test/support/krusty.js';

const filter = process.argv[2] ?? '';
let pass = 0;
let total = 0;
for (const name of krustyCases().filter((n) => n.includes(filter))) {
  total++;
  const r = await runKrustyCase(name);
  if (r.pass) pass++;
  else process.stdout.write(`FAIL ${name}: ${r.detail.slice(0, 400)}\n`);
}
process.stdout.write(`${pass}/${total} passed\n`);
