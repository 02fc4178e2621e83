/**
 * Runs the reference `kubectl kustomize` (kustomize 5.7.1) on directories, a few processes at a time, and compares
 * with this engine.
 */
import { execFile } from 'node:child_process';
import { ensureReferenceTools } from '@sluice/testing';
import { build, diskFileSystem } from '../../src/index.js';
import type { BuildOptionsInput } from '../../src/index.js';

/** What one tool produced: its output, or that it failed. */
export type Outcome = { ok: true; yaml: string } | { ok: false; error: string };

/** Runs `kubectl kustomize dir`. */
export async function referenceBuild(dir: string, loadRestrictor = 'LoadRestrictionsRootOnly'): Promise<Outcome> {
  const { kubectl } = await ensureReferenceTools();
  return new Promise((resolve) => {
    execFile(kubectl, ['kustomize', '--load-restrictor', loadRestrictor, dir], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve(err ? { ok: false, error: stderr || err.message } : { ok: true, yaml: stdout });
    });
  });
}

/** Builds `dir` (a real directory) with this engine, rooted at `root`. */
export async function engineBuild(root: string, dir: string, options: BuildOptionsInput = {}): Promise<Outcome> {
  try {
    return { ok: true, yaml: (await build(diskFileSystem(root), dir, options)).yaml };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Maps over items with at most `limit` promises pending. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Whether two outcomes agree: same output, or both failed. */
export function agree(a: Outcome, b: Outcome): boolean {
  if (a.ok && b.ok) return a.yaml === b.yaml;
  return !a.ok && !b.ok;
}

/** A short description of a disagreement, for the assertion message. */
export function describeDisagreement(name: string, ours: Outcome, ref: Outcome): string {
  if (ours.ok && ref.ok) {
    const a = ours.yaml.split('\n');
    const b = ref.yaml.split('\n');
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (a[i] !== b[i]) return `${name}: line ${i + 1}: engine ${JSON.stringify(a[i])}, kustomize ${JSON.stringify(b[i])}`;
    }
  }
  return `${name}: engine ${ours.ok ? 'succeeded' : `failed (${ours.error})`}, kustomize ${ref.ok ? 'succeeded' : `failed (${ref.error.trim()})`}`;
}
