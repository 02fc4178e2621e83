import { strict as assert } from 'node:assert';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createKubeClient, type KubeClient } from '@sluice/runtime';
import { isolatedGitEnv } from '@sluice/testing';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Resolves when `pattern` appears in the child's output; rejects when it exits first or `timeoutMs` passes. */
function waitForOutput(child: ChildProcess, output: () => string, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output so far:\n${output()}`)), timeoutMs);
    const check = (): void => {
      const m = output().match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code} before ${pattern}; output:\n${output()}`));
    });
    check();
  });
}

describe('npm start', function () {
  this.timeout(420_000);
  let clone: string;
  let home: string;
  let child: ChildProcess | undefined;
  let kube: KubeClient | undefined;
  let out = '';

  before(async () => {
    // As in a fresh clone: the default home `.sluice/` lies inside a Git work tree (git must not confuse the two).
    clone = await mkdtemp(join(tmpdir(), 'sluice-up-'));
    await run('git', ['init', '--quiet'], { cwd: clone, env: isolatedGitEnv() });
    home = join(clone, '.sluice');
  });
  after(async () => {
    kube?.close();
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await rm(clone, { recursive: true, force: true });
  });

  it('brings the demo to all-Ready, applies a commit pushed to the demo repository, and stops cleanly on Ctrl-C', async () => {
    const portBase = 20_000 + (process.pid % 1000) * 5;
    // Exactly the command `npm start` runs (npm itself exits at once on Ctrl-C and may take the output pipe with
    // it), in its own process group, so Ctrl-C can be sent the way a terminal sends it: to the whole group.
    const start = (JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ');
    assert.equal(start[0], 'node');
    child = spawn(process.execPath, [...start.slice(1), '--home', home], {
      cwd: repoRoot, env: { ...process.env, SLUICE_UP_OPS_PORT_BASE: String(portBase), OTEL_SDK_DISABLED: 'true' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    child.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
    const stage = (what: string) => process.env.SLUICE_E2E_DEBUG && process.stderr.write(`[npm start test] ${new Date().toISOString()} ${what}\n`);
    await waitForOutput(child, () => out, /All \d+ objects Ready in/, 240_000);
    stage('all Ready');
    for (const name of ['flux-system', 'infrastructure', 'apps']) assert.match(out, new RegExp(`Kustomization/flux-system/${name}\\s+Ready=True`));

    kube = createKubeClient({ kubeconfig: join(home, 'kubeconfig') });
    const deployment = await kube.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'podinfo', name: 'podinfo' });
    assert.ok(deployment, 'podinfo is deployed');

    const repo = join(home, 'demo-repo');
    const file = join(repo, 'apps/podinfo/kustomization.yaml');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, (await readFile(file, 'utf8')).replace('message=Hello from Sluice', 'message=Changed by a commit'));
    const git = (...args: string[]) => run('git', args, { cwd: repo, env: { ...isolatedGitEnv(), GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    await git('commit', '-q', '-am', 'change the podinfo message');
    stage(`committed ${(await git('rev-parse', 'HEAD')).stdout.trim()}`);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { items } = await kube.list('v1', 'ConfigMap', { namespace: 'podinfo' });
      if (items.some((cm) => (cm.data as { message?: string } | undefined)?.message === 'Changed by a commit')) break;
      assert.ok(Date.now() < deadline, `the commit reached the cluster within 2 minutes; output:\n${out.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }

    stage('commit applied');
    process.kill(-child.pid!, 'SIGINT');
    const code = await new Promise<number | null>((resolve) => child!.once('close', (c) => resolve(c)));
    assert.equal(code, 0);
    assert.match(out, /stopping Sluice \.\.\.\nSluice stopped\.\n/, `clean stop; output:\n${out.slice(-2000)}`);
    const stillServing = await fetch(`http://127.0.0.1:${portBase}/healthz`).then(() => true, () => false);
    assert.equal(stillServing, false, 'the services stopped with it');
  });
});
