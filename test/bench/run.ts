/**
 * `npm run bench [-- NAME ...]`: runs the named benchmarks (all when none is named). Each benchmark is a module
 * `test/bench/<name>.bench.ts` whose default export runs it and prints its figures; benchmarks never assert.
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).map((f) => f.slice(0, -'.bench.ts'.length)).sort();
// Benchmark names come first; everything from the first `--flag` on belongs to the benchmarks.
const argv = process.argv.slice(2);
const firstFlag = argv.findIndex((a) => a.startsWith('-'));
const wanted = firstFlag < 0 ? argv : argv.slice(0, firstFlag);
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ') || '(none)'}\n`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : available) {
  process.stdout.write(`== bench ${name}\n`);
  const mod = (await import(pathToFileURL(join(here, `${name}.bench.ts`)).href)) as { default: (args: string[]) => Promise<void> };
  await mod.default(firstFlag < 0 ? [] : argv.slice(firstFlag));
}
