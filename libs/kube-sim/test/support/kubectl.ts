/**
 * Runs the reference kubectl 1.35.2 against a simulated server, with its own HOME (so discovery caches never leak
 * between suites) and the server's kubeconfig.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureReferenceTools } from '@sluice/testing';
import type { KubeSim } from '@sluice/kube-sim';

/** What one kubectl invocation produced. */
export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** kubectl bound to one server. */
export interface Kubectl {
  /** Runs kubectl with `args`, optionally feeding `stdin`; never rejects on a non-zero exit. */
  run(args: readonly string[], stdin?: string): Promise<KubectlResult>;
  /** Starts a long-running kubectl (`get --watch`); the caller stops it with `stopProcess`. */
  spawn(args: readonly string[]): ChildProcess;
  /** Removes the temporary HOME. */
  dispose(): Promise<void>;
}

/** Prepares kubectl for `sim`: writes the kubeconfig into a fresh HOME. */
export async function kubectlFor(sim: KubeSim): Promise<Kubectl> {
  const { kubectl } = await ensureReferenceTools();
  const home = await mkdtemp(join(tmpdir(), 'kube-sim-kubectl-'));
  const kubeconfig = join(home, 'kubeconfig');
  await writeFile(kubeconfig, sim.kubeconfig);
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: kubeconfig, KUBECTL_EXTERNAL_DIFF: '' };
  return {
    run: (args, stdin) => new Promise((resolve, reject) => {
      const child = execFile(kubectl, [...args], { env, maxBuffer: 16 << 20, timeout: 60_000 }, (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') {
          reject(err);
          return;
        }
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
      });
      child.stdin?.end(stdin ?? '');
    }),
    spawn: (args) => spawn(kubectl, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }),
    dispose: () => rm(home, { recursive: true, force: true }),
  };
}

/** Stops a spawned process (by its own pid) and waits for it to exit. */
export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The accumulated stdout of a long-running kubectl, to wait on. */
export interface OutputWatcher {
  /** Resolves with everything printed so far once it matches `text` (rejects after `timeoutMs`). */
  until(text: string | RegExp, timeoutMs?: number): Promise<string>;
}

/** Starts collecting `child`'s stdout. */
export function watchOutput(child: ChildProcess): OutputWatcher {
  let out = '';
  const waiters = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const w of [...waiters]) w();
  });
  return {
    until: (text, timeoutMs = 15_000) => new Promise((resolve, reject) => {
      const matches = (): boolean => (typeof text === 'string' ? out.includes(text) : text.test(out));
      const check = (): void => {
        if (!matches()) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(out);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`kubectl output did not show ${String(text)} within ${timeoutMs} ms; got:\n${out}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    }),
  };
}
