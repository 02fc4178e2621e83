import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DevStackError } from '../errors.js';

const execFileAsync = promisify(execFile);

/**
 * Environment for every git the harness runs: no user or system config (tests behave the same on every machine),
 * a fixed identity, no signing, `main` as the initial branch.
 */
export function isolatedGitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Sluice Test',
    GIT_AUTHOR_EMAIL: 'test@sluice.invalid',
    GIT_COMMITTER_NAME: 'Sluice Test',
    GIT_COMMITTER_EMAIL: 'test@sluice.invalid',
    GIT_TERMINAL_PROMPT: '0',
  };
}

/** Runs `git <args>` in `cwd` with the isolated environment; resolves with trimmed stdout, throws a DevStackError. */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync('git', ['-c', 'init.defaultBranch=main', ...args], {
      cwd, env: isolatedGitEnv(), maxBuffer: 64 << 20,
    });
    return stdout.trim();
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new DevStackError(`git ${args.join(' ')} (in ${cwd})`, stderr.trim() || 'failed', err);
  }
}
