import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = fileURLToPath(new URL('./fixtures/leaky-run/', import.meta.url));
const mochaBin = createRequire(import.meta.url).resolve('mocha/bin/mocha.js');
const nodeOptions = ['--conditions=sluice-dev', '--import=tsx'];

/** True while `pid` runs; a zombie (killed, not yet reaped by its new parent) counts as gone. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** A SIGKILL is delivered asynchronously: give the process a moment to die before calling it a leak. */
async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function waitForLine(child: ChildProcess, line: string): Promise<void> {
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(line)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before printing ${line}: ${out}`)));
  });
}

describe('harness cleanup', () => {
  let work: string;
  let child: ChildProcess | undefined;

  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'sluice-cleanup-test-'));
  });

  afterEach(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    child = undefined;
    await rm(work, { recursive: true, force: true });
  });

  it('kills the nats-server of a mocha run whose test failed without stopping it', async () => {
    const pidFile = join(work, 'pid');
    child = spawn(process.execPath, [mochaBin, '--no-config', '--exit', '--reporter=dot', '--timeout=20000',
      ...nodeOptions.map((o) => `--node-option=${o.slice(2)}`), join(fixtures, 'fails-without-stopping.spec.ts')], {
      env: { ...process.env, NATS_URL: '', SLUICE_PID_FILE: pidFile }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.resume();
    child.stderr!.resume();
    const code = await exited(child);
    assert.notEqual(code, 0, 'the fixture suite must fail');
    const pid = Number(await readFile(pidFile, 'utf8'));
    assert.ok(pid > 0);
    assert.equal(await goneWithin(pid, 5000), true, `nats-server ${pid} outlived the failed run`);
  });

  it('kills the nats-server of a process ended by SIGTERM', async () => {
    const pidFile = join(work, 'pid');
    child = spawn(process.execPath, [...nodeOptions, join(fixtures, 'waits-for-sigterm.ts')], {
      env: { ...process.env, NATS_URL: '', SLUICE_PID_FILE: pidFile }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    await waitForLine(child, 'ready');
    const pid = Number(await readFile(pidFile, 'utf8'));
    assert.equal(alive(pid), true);
    const done = exited(child);
    child.kill('SIGTERM');
    await done;
    assert.equal(await goneWithin(pid, 5000), true, `nats-server ${pid} outlived its SIGTERM'd parent`);
  });
});
