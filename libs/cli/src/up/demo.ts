/**
 * The demo repository: `examples/` copied into a local Git repository once (later runs keep it, with whatever the
 * user committed), served over smart HTTP because Flux's GitRepository only accepts http(s) and ssh URLs.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isolatedGitEnv, serveGitHttp, type GitServer } from '@sluice/devstack';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The seeded repository and the server publishing it. */
export interface DemoRepository {
  /** The working repository users commit to. */
  readonly dir: string;
  /** Its URL for the GitRepository. */
  readonly url: string;
  readonly server: GitServer;
}

async function git(dir: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd: dir, env: { ...isolatedGitEnv(), GIT_AUTHOR_NAME: 'Sluice demo', GIT_AUTHOR_EMAIL: 'demo@sluice.local', GIT_COMMITTER_NAME: 'Sluice demo', GIT_COMMITTER_EMAIL: 'demo@sluice.local' } });
  return stdout.trim();
}

/** Seeds `<home>/demo-repo` from `examples` unless it exists, and serves it. */
export async function startDemoRepository(home: string, examples: string): Promise<DemoRepository> {
  const dir = join(home, 'demo-repo');
  if (!existsSync(join(dir, '.git'))) {
    await mkdir(dir, { recursive: true });
    await cp(examples, dir, { recursive: true });
    await git(dir, 'init', '-q', '-b', 'main');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '-m', 'Seed the demo from examples/');
  }
  // Commits made with plain `git commit` in the work tree must be servable: allow pushes to the checked-out branch too.
  await git(dir, 'config', 'receive.denyCurrentBranch', 'updateInstead');
  const server = await serveGitHttp(home);
  return { dir, url: server.url('demo-repo'), server };
}
