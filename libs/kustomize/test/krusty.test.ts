import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { krustyCases, runKrustyCase } from './support/krusty.js';
import type { CaseResult } from './support/krusty.js';

/** Cases docs/kustomize-compatibility.md lists as not passing (first column of its krusty table). */
function documentedFailures(): Set<string> {
  const doc = readFileSync(new URL('../../../docs/kustomize-compatibility.md', import.meta.url), 'utf8');
  const names = new Set<string>();
  for (const m of doc.matchAll(/^\| `([A-Za-z0-9_-]+__[^`]+)` \|/gm)) names.add(m[1]!);
  return names;
}

describe('kustomize krusty corpus', function () {
  this.timeout(60_000);
  const results: CaseResult[] = [];

  before(async () => {
    for (const name of krustyCases()) results.push(await runKrustyCase(name));
    const pass = results.filter((r) => r.pass).length;
    process.stdout.write(`      krusty corpus: ${pass}/${results.length} cases pass (${((100 * pass) / results.length).toFixed(1)}%)\n`);
  });

  it('passes at least 97% of the cases', () => {
    const pass = results.filter((r) => r.pass).length;
    assert.ok(pass / results.length >= 0.97, `only ${pass}/${results.length} pass`);
  });

  it('fails exactly the cases docs/kustomize-compatibility.md lists', () => {
    const documented = documentedFailures();
    const failing = results.filter((r) => !r.pass);
    const undocumented = failing.filter((r) => !documented.has(r.name)).map((r) => `${r.name}: ${r.detail}`);
    const nowPassing = results.filter((r) => r.pass && documented.has(r.name)).map((r) => r.name);
    assert.deepEqual(undocumented, [], 'failing cases missing from docs/kustomize-compatibility.md');
    assert.deepEqual(nowPassing, [], 'cases listed as failing in docs/kustomize-compatibility.md now pass: remove them');
  });
});
