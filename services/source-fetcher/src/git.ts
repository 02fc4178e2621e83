/**
 * Fetching one ref of a Git repository with system git (through simple-git) and naming the result the way Flux
 * does (`main@sha1:<hash>`): shallow fetches into a bare repository kept per GitRepository (a reconcile with no new
 * commits moves no objects), and the tree exported with `git archive` for packing.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { gitRevision } from '@sluice/api';
import { SluiceError } from '@sluice/errors';

/** Which commit to check out; Flux's precedence: commit, then name, then tag, then branch. */
export interface GitRef {
  readonly branch?: string | undefined;
  readonly tag?: string | undefined;
  readonly commit?: string | undefined;
  /** A full reference such as `refs/heads/main` or `refs/pull/42/head`. */
  readonly name?: string | undefined;
}

/** Credentials from the GitRepository's secretRef. */
export type GitAuth = { readonly username: string; readonly password: string } | { readonly bearerToken: string };

/** What to fetch. */
export interface GitCheckoutRequest {
  readonly url: string;
  readonly ref: GitRef;
  readonly auth?: GitAuth | undefined;
  /** Whole-operation limit (the GitRepository's `timeout`), in ms. */
  readonly timeoutMs: number;
  /** Folder owned by this GitRepository; created if missing, reused across reconciles. */
  readonly dir: string;
}

/** The fetched commit. */
export interface GitCheckout {
  /** Full commit hash. */
  readonly commit: string;
  /** Flux's revision string: `<branch|tag|name>@sha1:<hash>`, or `sha1:<hash>` for a bare commit. */
  readonly revision: string;
  /** The bare repository holding it. */
  readonly dir: string;
}

/** Git failed: clone/fetch/checkout, with git's own message. Flux reports it as `GitOperationFailed`. */
export class GitOperationError extends SluiceError {
  constructor(url: string, detail: string, cause?: unknown) {
    super('SLUICE_GIT_OPERATION', `failed to checkout and determine revision: unable to fetch '${url}': ${detail}`, { cause });
  }
}

/** The refspec to fetch and the name the revision carries, per Flux's precedence. */
export function resolveRefTarget(ref: GitRef): { fetch: string; label: string | undefined; commit: string | undefined } {
  if (ref.commit) {
    const label = ref.name ?? ref.tag ?? ref.branch;
    return { fetch: ref.commit, label, commit: ref.commit };
  }
  if (ref.name) return { fetch: ref.name, label: ref.name, commit: undefined };
  if (ref.tag) return { fetch: `refs/tags/${ref.tag}`, label: ref.tag, commit: undefined };
  const branch = ref.branch ?? 'master';
  return { fetch: `refs/heads/${branch}`, label: branch, commit: undefined };
}

function authConfig(auth: GitAuth | undefined): string[] {
  if (!auth) return [];
  const header = 'bearerToken' in auth
    ? `Authorization: Bearer ${auth.bearerToken}`
    : `Authorization: Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  return [`http.extraHeader=${header}`];
}

/** Removes credentials and git's noise from an error message. */
function cleanGitMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/Authorization: \S+ \S+/g, 'Authorization: <redacted>').split('\n').map((l) => l.trim()).filter(Boolean).slice(-3).join('; ');
}

/**
 * A minimal environment for git on the bare repository in `dir`: no editor, pager or askpass from the service's own
 * environment, never a prompt, and `GIT_DIR` pinned to `dir`. Without it git discovers repositories upwards, and a
 * work folder inside someone's checkout (`npm start` in a clone keeps `.sluice/` there) would read and fetch into
 * that checkout's repository instead.
 */
function gitEnv(dir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    LANG: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_DIR: resolve(dir),
  };
}

async function git(req: GitCheckoutRequest): Promise<SimpleGit> {
  await mkdir(req.dir, { recursive: true });
  return simpleGit({ baseDir: req.dir, timeout: { block: req.timeoutMs }, config: authConfig(req.auth) }).env(gitEnv(req.dir));
}

/**
 * Fetches the requested ref shallowly into the bare repository in `req.dir` (created on first use) and resolves
 * its commit; no work tree is written. Throws {@link GitOperationError} when the repository or ref cannot be
 * reached; what was fetched before stays, so the previous artifact stays valid.
 */
export async function fetchRevision(req: GitCheckoutRequest): Promise<GitCheckout> {
  const target = resolveRefTarget(req.ref);
  const g = await git(req);
  try {
    if (!existsSync(join(req.dir, 'HEAD'))) await g.raw(['init', '--bare', '--quiet']);
    await g.raw(['fetch', '--depth=1', '--no-tags', '--force', req.url, target.fetch]);
    const fetched = (await g.revparse(['FETCH_HEAD^{commit}'])).trim();
    if (target.commit && !fetched.startsWith(target.commit)) {
      throw new Error(`fetched commit ${fetched} is not the requested ${target.commit}`);
    }
    return { commit: fetched, revision: gitRevision(target.label, fetched), dir: req.dir };
  } catch (err) {
    throw new GitOperationError(req.url, cleanGitMessage(err), err);
  }
}

/**
 * The tree of `commit` as an uncompressed tar, straight from the object database (`git archive`): faster than
 * writing and re-reading a work tree, and never includes `.git`.
 */
export function archiveTree(dir: string, commit: string, timeoutMs: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['archive', '--format=tar', commit], { cwd: dir, env: gitEnv(dir), stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new GitOperationError(dir, `git archive failed: ${err.message}`, err));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new GitOperationError(dir, `git archive ${commit} failed: ${stderr.trim() || `exit ${code}`}`));
    });
  });
}

/** Forgets the working folder of a deleted GitRepository. */
export async function removeCheckout(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
