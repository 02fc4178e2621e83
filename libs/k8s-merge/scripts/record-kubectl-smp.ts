/**
 * Records what the reference kubectl's client-side strategic merge patch (`kubectl patch --local --type strategic`,
 * apimachinery's strategicpatch) makes of each scenario in test/fixtures/kubectl-smp/scenarios.json, into
 * test/fixtures/kubectl-smp/expected.json. Rerun after changing the scenarios:
 *   node --conditions=sluice-dev --import tsx libs/k8s-merge/scripts/record-kubectl-smp.ts [path/to/kubectl]
 * Without an argument it uses $SLUICE_KUBECTL or the kubectl cached by `npm run reference-tools`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const fixtures = new URL('../test/fixtures/kubectl-smp/', import.meta.url);
const objects = JSON.parse(readFileSync(new URL('objects.json', fixtures), 'utf8')) as Record<string, unknown>;
const scenarios = JSON.parse(readFileSync(new URL('scenarios.json', fixtures), 'utf8')) as { name: string; object: string; patch: unknown }[];

function findKubectl(): string {
  const explicit = process.argv[2] ?? process.env.SLUICE_KUBECTL;
  if (explicit) return explicit;
  const cache = join(process.env.SLUICE_CACHE_DIR ?? join(homedir(), '.cache', 'sluice'), 'reference-tools');
  const dir = readdirSync(cache).find((d) => d.includes('kubectl'));
  if (!dir) throw new Error(`no kubectl under ${cache}: run npm run reference-tools first`);
  return join(cache, dir, 'kubectl');
}

const kubectl = findKubectl();
const work = mkdtempSync(join(tmpdir(), 'kubectl-smp-'));
const expected: Record<string, { result?: unknown; error?: string }> = {};
try {
  for (const s of scenarios) {
    const file = join(work, 'object.json');
    writeFileSync(file, JSON.stringify(objects[s.object]));
    try {
      const out = execFileSync(kubectl, ['patch', '--local', '-f', file, '--type', 'strategic', '-p', JSON.stringify(s.patch), '-o', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expected[s.name] = { result: JSON.parse(out) };
    } catch (err) {
      expected[s.name] = { error: String((err as { stderr?: string }).stderr ?? err).trim() };
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const version = execFileSync(kubectl, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
writeFileSync(new URL('expected.json', fixtures), `${JSON.stringify({ kubectl: JSON.parse(version).clientVersion.gitVersion, expected }, null, 1)}\n`);
process.stdout.write(`recorded ${scenarios.length} scenarios with ${kubectl}\n`);
