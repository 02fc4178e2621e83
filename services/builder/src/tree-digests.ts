/**
 * Per-folder digests of an unpacked artifact: for every folder, a hash of the names and contents of everything
 * below it. Comparing two revisions' digests tells which Kustomization paths changed, so the fan-out can reconcile
 * those first. Only an ordering hint: kustomize may read files outside `spec.path` (bases), and every
 * Kustomization is still reconciled.
 */
import { createHash } from 'node:crypto';
import type { TarEntry } from '@sluice/artifact';

/** Folder (relative, `` for the root) to `sha256` hex of its subtree. */
export type TreeDigests = ReadonlyMap<string, string>;

/**
 * The digests of every folder of an archive, from its entries in memory (no unpacking): each folder hashes the
 * sorted names and content hashes (or link targets) of its files and the digests of its sub-folders.
 */
export function treeDigestsOf(entries: readonly TarEntry[]): TreeDigests {
  const files = new Map<string, string[]>();
  const subdirs = new Map<string, Set<string>>();
  const parentOf = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
  const ensureDir = (dir: string): void => {
    for (let d = dir; !files.has(d); d = parentOf(d)) {
      files.set(d, []);
      if (d === '') break;
      let siblings = subdirs.get(parentOf(d));
      if (!siblings) subdirs.set(parentOf(d), (siblings = new Set()));
      siblings.add(d);
    }
  };
  ensureDir('');
  for (const e of entries) {
    if (e.type === 'dir') {
      ensureDir(e.path);
      continue;
    }
    const parent = parentOf(e.path);
    ensureDir(parent);
    const name = e.path.slice(e.path.lastIndexOf('/') + 1);
    files.get(parent)!.push(e.type === 'file' ? `f ${name} ${createHash('sha256').update(e.data).digest('hex')}` : `l ${name} ${e.target}`);
  }
  const out = new Map<string, string>();
  const digest = (dir: string): string => {
    const lines = [...files.get(dir)!];
    for (const sub of subdirs.get(dir) ?? []) lines.push(`d ${sub.slice(sub.lastIndexOf('/') + 1)} ${digest(sub)}`);
    const d = createHash('sha256').update(lines.sort().join('\n')).digest('hex');
    out.set(dir, d);
    return d;
  };
  digest('');
  return out;
}

/**
 * Splits items into those whose folder changed between `before` and `after` (or that cannot tell: no `before`, or
 * the folder is missing in either) and those whose folder is identical; each group keeps its order.
 */
export function changedFirst<T>(items: readonly T[], folderOf: (item: T) => string, before: TreeDigests | undefined, after: TreeDigests): T[] {
  const changed: T[] = [];
  const same: T[] = [];
  for (const item of items) {
    const folder = folderOf(item);
    const a = before?.get(folder);
    const b = after.get(folder);
    (a !== undefined && a === b ? same : changed).push(item);
  }
  return [...changed, ...same];
}
