import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FastParseUnsupported, fastParseDocuments } from '../../src/yaml/fastparse.js';
import { parseWithLibrary } from '../../src/yaml/parse.js';
import { randomOverlay } from '../support/overlays.js';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$|^Kustomization$/.test(e)) out.push(p);
  }
  return out;
}

const opts = (dialect: 'v2' | 'v3') => ({ dialect, file: 'test.yaml', maxDepth: 200, maxNodes: 1_000_000 });

/** Runs both readers; the fast one may decline, but when it answers it must agree with the full one. */
function compare(text: string, name: string): 'fast' | 'declined' {
  let fast: unknown;
  try {
    fast = fastParseDocuments(text, opts('v3'));
  } catch (err) {
    if (err instanceof FastParseUnsupported) return 'declined';
    throw err;
  }
  assert.deepEqual(fast, parseWithLibrary(text, opts('v3')), name);
  assert.deepEqual(fastParseDocuments(text, opts('v2')), parseWithLibrary(text, opts('v2')), `${name} (v2)`);
  return 'fast';
}

describe('fastParseDocuments', () => {
  it('agrees with the full YAML reader on every fixture file it accepts, and accepts most of them', () => {
    let fast = 0;
    const files = yamlFiles(FIXTURES);
    for (const f of files) {
      let text: string;
      try {
        text = readFileSync(f, 'utf8');
        parseWithLibrary(text, opts('v3'));
      } catch {
        continue;
      }
      if (compare(text, f) === 'fast') fast++;
    }
    assert.ok(fast / files.length > 0.8, `fast path took only ${fast} of ${files.length} files`);
  });

  it('agrees with the full YAML reader on generated overlays', () => {
    for (let i = 0; i < 100; i++) for (const [name, text] of Object.entries(randomOverlay(7, i))) compare(text, `${i}/${name}`);
  });

  it('declines constructs it does not implement', () => {
    for (const text of ['a: &x 1\nb: *x\n', 'a: >\n  folded\n', 'a: "multi\n  line"\n', '? complex\n: key\n', 'a: !!str 1\n', 'a: 1\na: 2\n', 'a:\n\tb: 1\n']) {
      assert.throws(() => fastParseDocuments(text, opts('v3')), FastParseUnsupported, JSON.stringify(text));
    }
  });
});
