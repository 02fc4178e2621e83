/**
 * Git repositories as test fixtures: made in a temporary folder, changed by maps of path → content (null deletes),
 * tagged, branched. Serve them with the servers in `servers.ts`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, sep } from 'node:path';
import { trackFolder, untrackFolder } from '../cleanup.js';
import { DevStackError } from '../errors.js';
import { git } from './run.js';

/** File changes for {@link GitRepoFixture.commit}: path (relative, `/`-separated) → new content, or null to delete. */
export type FileChanges = Readonly<Record<string, string | Uint8Array | null>>;

/** Options of {@link createGitRepo}. */
export interface CreateGitRepoOptions {
  /** Repository name: the folder under `root` and the path servers serve it at. */
  readonly name?: string;
  /** Folder holding the repository; a fresh temporary folder (removed by `remove()`) when omitted. */
  readonly root?: string;
  /** Name of the first branch. */
  readonly branch?: string;
  /** Files of an initial commit; no commit is made when omitted. */
  readonly files?: FileChanges;
}

/** A Git repository (with work tree) made for a test. */
export interface GitRepoFixture {
  /** Repository name (the folder under {@link root}). */
  readonly name: string;
  /** Folder a server serves; holds this repository and possibly others. */
  readonly root: string;
  /** The work tree. */
  readonly dir: string;
  /** Writes and deletes files, commits everything, and returns the new commit's SHA. */
  commit(changes: FileChanges, message?: string): Promise<string>;
  /** Tags `ref` (default HEAD): lightweight, or annotated when a message is given. Returns the tagged commit's SHA. */
  tag(name: string, opts?: { readonly message?: string; readonly ref?: string }): Promise<string>;
  /** Creates a branch at `from` (default HEAD) and, unless `checkout` is false, switches to it. */
  branch(name: string, opts?: { readonly from?: string; readonly checkout?: boolean }): Promise<void>;
  /** Switches the work tree to a branch, tag or commit. */
  checkout(ref: string): Promise<void>;
  /** SHA of HEAD. */
  head(): Promise<string>;
  /** The current branch name (empty when HEAD is detached). */
  currentBranch(): Promise<string>;
  /** SHA a ref (branch, tag, `HEAD~1`, ...) resolves to, peeling annotated tags to their commit. */
  revParse(ref: string): Promise<string>;
  /** Removes the repository (and the root, when the fixture created it). */
  remove(): Promise<void>;
}

/** Creates a repository for a test; call `remove()` in `after`/`afterEach` (the harness also removes it at exit). */
export async function createGitRepo(opts: CreateGitRepoOptions = {}): Promise<GitRepoFixture> {
  const name = opts.name ?? 'repo';
  const ownRoot = opts.root === undefined;
  const root = opts.root ?? trackFolder(await mkdtemp(join(tmpdir(), 'sluice-git-')));
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await git(dir, ['init', '-q', '-b', opts.branch ?? 'main']);
  const repo = new Repo(name, root, dir, ownRoot);
  if (opts.files) await repo.commit(opts.files, 'initial commit');
  return repo;
}

class Repo implements GitRepoFixture {
  readonly name: string;
  readonly root: string;
  readonly dir: string;
  private readonly ownRoot: boolean;

  constructor(name: string, root: string, dir: string, ownRoot: boolean) {
    this.name = name;
    this.root = root;
    this.dir = dir;
    this.ownRoot = ownRoot;
  }

  async commit(changes: FileChanges, message = 'update'): Promise<string> {
    for (const [path, content] of Object.entries(changes)) await this.applyChange(path, content);
    await git(this.dir, ['add', '-A']);
    await git(this.dir, ['commit', '-q', '--allow-empty', '--no-gpg-sign', '-m', message]);
    return this.head();
  }

  async tag(name: string, opts: { readonly message?: string; readonly ref?: string } = {}): Promise<string> {
    const ref = opts.ref ?? 'HEAD';
    const args = opts.message === undefined ? ['tag', name, ref] : ['tag', '-a', '--no-sign', name, '-m', opts.message, ref];
    await git(this.dir, args);
    return this.revParse(name);
  }

  async branch(name: string, opts: { readonly from?: string; readonly checkout?: boolean } = {}): Promise<void> {
    await git(this.dir, ['branch', name, opts.from ?? 'HEAD']);
    if (opts.checkout !== false) await this.checkout(name);
  }

  async checkout(ref: string): Promise<void> {
    await git(this.dir, ['checkout', '-q', ref]);
  }

  head(): Promise<string> {
    return this.revParse('HEAD');
  }

  currentBranch(): Promise<string> {
    return git(this.dir, ['branch', '--show-current']);
  }

  revParse(ref: string): Promise<string> {
    return git(this.dir, ['rev-parse', `${ref}^{commit}`]);
  }

  async remove(): Promise<void> {
    const target = this.ownRoot ? this.root : this.dir;
    await rm(target, { recursive: true, force: true });
    untrackFolder(target);
  }

  private async applyChange(path: string, content: string | Uint8Array | null): Promise<void> {
    const rel = normalize(path);
    if (rel.startsWith('..') || rel.startsWith(sep) || rel === '.git' || rel.startsWith(`.git${sep}`)) {
      throw new DevStackError(`git fixture ${this.name}`, `file path ${JSON.stringify(path)} leaves the work tree`);
    }
    const abs = join(this.dir, rel);
    if (content === null) {
      await rm(abs, { recursive: true, force: true });
      return;
    }
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, content);
  }
}
