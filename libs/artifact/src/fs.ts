/** The file-system edges of artifacts: pack a directory, unpack into a directory. */
import { lstat, mkdir, readFile, readdir, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultUnpackLimits, packEntries, readArchive, type PackedArtifact, type UnpackLimits } from './archive.js';
import { ArtifactError, ArtifactErrorCode } from './errors.js';
import type { TarEntry } from './tar.js';

/** What to leave out of a packed tree; paths are relative with `/` separators. */
export interface PackOptions {
  /** Return true to skip a file or folder (and everything under it). Defaults to skipping a top-level `.git`. */
  readonly exclude?: (relativePath: string, isDirectory: boolean) => boolean;
  /** Names the artifact in errors. */
  readonly subject?: string;
}

const skipGit = (rel: string): boolean => rel === '.git';

async function walk(root: string, rel: string, exclude: NonNullable<PackOptions['exclude']>, out: TarEntry[]): Promise<void> {
  const names = (await readdir(join(root, rel))).sort();
  for (const name of names) {
    const path = rel === '' ? name : `${rel}/${name}`;
    const abs = join(root, path);
    const st = await lstat(abs);
    if (exclude(path, st.isDirectory())) continue;
    if (st.isSymbolicLink()) out.push({ type: 'symlink', path, target: await readlink(abs) });
    else if (st.isDirectory()) {
      out.push({ type: 'dir', path, mode: 0o755 });
      await walk(root, path, exclude, out);
    } else if (st.isFile()) {
      out.push({ type: 'file', path, mode: st.mode & 0o111 ? 0o755 : 0o644, data: await readFile(abs) });
    }
  }
}

/**
 * Packs the tree under `dir` into a deterministic tar.gz (a top-level `.git` is left out by default). Modes are
 * normalised to 0644/0755 and times zeroed, so only content, names and the executable bit affect the digest.
 */
export async function packDirectory(dir: string, opts: PackOptions = {}): Promise<PackedArtifact> {
  const entries: TarEntry[] = [];
  await walk(dir, '', opts.exclude ?? skipGit, entries);
  return packEntries(entries, opts.subject);
}

/**
 * Unpacks an artifact into `dir` (created if missing) after checking every entry (see `readArchive`); nothing is
 * written when any entry is unsafe. Returns the number of files written.
 */
export async function unpackToDirectory(
  data: Uint8Array,
  dir: string,
  subject: string,
  limits: UnpackLimits = defaultUnpackLimits(),
): Promise<number> {
  const entries = readArchive(data, subject, limits);
  await mkdir(dir, { recursive: true });
  const links = new Set<string>();
  let files = 0;
  for (const e of entries) {
    refuseLinkedParent(e.path, links, subject);
    const target = join(dir, ...e.path.split('/'));
    if (e.type === 'dir') {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(join(target, '..'), { recursive: true });
    await refuseExistingLink(target, e.path, subject);
    if (e.type === 'symlink') {
      await symlink(e.target, target);
      links.add(e.path);
    }
    else {
      await writeFile(target, e.data, { mode: e.mode });
      files += 1;
    }
  }
  return files;
}

/**
 * Entries below a symlink the archive created are refused: a link's target is checked lexically, and writing through
 * a linked parent (`x -> .` then `x/l -> ../outside`) could otherwise escape the root.
 */
function refuseLinkedParent(path: string, links: ReadonlySet<string>, subject: string): void {
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i++) {
    if (links.has(segments.slice(0, i).join('/'))) {
      throw new ArtifactError(ArtifactErrorCode.Unsafe, subject, `entry "${path}" lies below the symlink "${segments.slice(0, i).join('/')}"`);
    }
  }
}

/** A later entry must not write through (or replace) a symlink an earlier entry created. */
async function refuseExistingLink(target: string, path: string, subject: string): Promise<void> {
  const st = await lstat(target).catch(() => undefined);
  if (st?.isSymbolicLink()) {
    throw new ArtifactError(ArtifactErrorCode.Unsafe, subject, `entry "${path}" would overwrite a symlink`);
  }
}
