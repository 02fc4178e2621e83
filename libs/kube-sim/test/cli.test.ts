/** `npm run kube-sim`: writes the kubeconfig, prints `ready <url>`, serves, and stops cleanly on SIGTERM. */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--conditions=sluice-dev', '--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing a line`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('kube-sim command', function () {
  this.timeout(30_000);
  let dir: string;
  let child: ChildProcess | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kube-sim-cli-'));
  });

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    child = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('prints ready <url>, writes a working kubeconfig and stops on SIGTERM with exit code 0', async () => {
    const kubeconfig = join(dir, 'config');
    child = run(['--kubeconfig', kubeconfig, '--state', join(dir, 'state')]);
    const line = await firstLine(child);
    assert.match(line, /^ready https:\/\/127\.0\.0\.1:\d+$/);
    const config = parse(await readFile(kubeconfig, 'utf8')) as { clusters: { cluster: { server: string } }[]; users: { user: { token: string } }[] };
    assert.equal(config.clusters[0]!.cluster.server, line.slice('ready '.length));
    assert.match(config.users[0]!.user.token, /^[0-9a-f]{48}$/);
    child.kill('SIGTERM');
    assert.equal(await exited(child), 0);
    assert.ok((await readFile(join(dir, 'state', 'state.json'), 'utf8')).startsWith('{"revision":'));
  });

  it('explains a missing --kubeconfig with exit code 2', async () => {
    child = run(['--port', '0']);
    let err = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    assert.equal(await exited(child), 2);
    assert.match(err, /^kube-sim: --kubeconfig is required\nusage: kube-sim --kubeconfig PATH/);
  });
});
