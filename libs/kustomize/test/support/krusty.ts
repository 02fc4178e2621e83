/**
 * Runs the kustomize krusty corpus (test/fixtures/krusty): each case is an input tree, options and either the exact
 * expected output or expected error checks.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, memoryFileSystem } from '../../src/index.js';
import type { BuildOptionsInput } from '../../src/index.js';

export const KRUSTY_DIR = new URL('../fixtures/krusty/cases/', import.meta.url).pathname;

interface CaseJson {
  build_dir: string;
  options: { Reorder: string; AddManagedbyLabel: boolean; LoadRestrictions: string };
  expect: 'output' | 'error';
}

interface ErrorCheck {
  contains?: string;
  equals?: string;
  predicate?: string;
}

/** The outcome of one case. */
export interface CaseResult {
  readonly name: string;
  readonly pass: boolean;
  readonly detail: string;
}

function readTree(dir: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[`/${relative(dir, p)}`] = readFileSync(p);
    }
  };
  walk(dir);
  return out;
}

/** The names of every case, sorted. */
export function krustyCases(): string[] {
  return readdirSync(KRUSTY_DIR).sort();
}

function optionsOf(c: CaseJson): BuildOptionsInput {
  return {
    reorder: c.options.Reorder === 'none' ? 'none' : 'legacy',
    addManagedByLabel: c.options.AddManagedbyLabel,
    // kustomize's own tests run with a test build whose version prints as "(test)".
    managedByLabelValue: 'kustomize-(test)',
    loadRestrictor: c.options.LoadRestrictions === 'none' ? 'LoadRestrictionsNone' : 'LoadRestrictionsRootOnly',
  };
}

function checkError(message: string, checks: readonly ErrorCheck[]): string | undefined {
  for (const c of checks) {
    if (c.contains !== undefined && !message.includes(c.contains)) return `error lacks ${JSON.stringify(c.contains)}: ${message}`;
    if (c.equals !== undefined && !message.endsWith(c.equals)) return `error does not end with ${JSON.stringify(c.equals)}: ${message}`;
    if (c.predicate === 'kusterr.IsMalformedYAMLError' && !message.includes('MalformedYAMLError')) return `not a MalformedYAMLError: ${message}`;
  }
  return undefined;
}

/** Builds one case and compares. */
export async function runKrustyCase(name: string): Promise<CaseResult> {
  const dir = join(KRUSTY_DIR, name);
  const c = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as CaseJson;
  const fs = memoryFileSystem(readTree(join(dir, 'input')));
  let yaml: string | undefined;
  let error: string | undefined;
  try {
    yaml = (await build(fs, `/${c.build_dir}`, optionsOf(c))).yaml;
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  if (c.expect === 'error') {
    if (error === undefined) return { name, pass: false, detail: 'expected an error, the build succeeded' };
    const checks = (JSON.parse(readFileSync(join(dir, 'expected_error.json'), 'utf8')) as { checks: ErrorCheck[] }).checks;
    const bad = checkError(error, checks);
    return { name, pass: bad === undefined, detail: bad ?? '' };
  }
  if (error !== undefined) return { name, pass: false, detail: `build failed: ${error}` };
  const expected = readFileSync(join(dir, 'expected.yaml'), 'utf8');
  if (yaml === expected) return { name, pass: true, detail: '' };
  return { name, pass: false, detail: firstDifference(expected, yaml!) };
}

function firstDifference(expected: string, actual: string): string {
  const e = expected.split('\n');
  const a = actual.split('\n');
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) return `output differs at line ${i + 1}: expected ${JSON.stringify(e[i])}, got ${JSON.stringify(a[i])}`;
  }
  return 'output differs';
}
