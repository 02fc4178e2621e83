/**
 * The services as separate processes, as they run in a cluster: each gets its configuration from the environment
 * (NATS, kubeconfig, bus prefix, ops port, work folder) and logs to a file, so the terminal shows progress only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trackChild } from '@sluice/devstack';

/** The services in start order, with their ops ports. */
export const SERVICES = [
  { name: 'source-fetcher', opsPort: 9791 },
  { name: 'builder', opsPort: 9792 },
  { name: 'applier', opsPort: 9793 },
  { name: 'health-checker', opsPort: 9794 },
  { name: 'notifier', opsPort: 9795 },
] as const;

/** A started service process. */
export interface ServiceProcess {
  readonly name: string;
  /** The replica name (`POD_NAME`), also sent in its User-Agent. */
  readonly instance: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  readonly opsUrl: string;
}

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Where a service's entry point is, if it exists in this checkout. */
export function serviceEntry(name: string): string | undefined {
  const entry = join(repoRoot, 'services', name, 'src', 'main.ts');
  return existsSync(entry) ? entry : undefined;
}

/** Starts one service process with `env` added to ours; `instance` names the replica (default `<name>-0`). */
export async function startServiceProcess(name: string, opsPort: number, home: string, env: Record<string, string>, instance = `${name}-0`): Promise<ServiceProcess | undefined> {
  const entry = serviceEntry(name);
  if (!entry) return undefined;
  await mkdir(join(home, 'logs'), { recursive: true });
  const logFile = join(home, 'logs', `${instance}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  // SLUICE_NODE_ARGS adds node flags to every service process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile.
  const extra = (process.env.SLUICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, '--conditions=sluice-dev', '--import', 'tsx', entry], {
    cwd: repoRoot,
    env: {
      ...process.env, ...env, SLUICE_OPS_PORT: String(opsPort), POD_NAME: instance, SLUICE_WORK_DIR: join(home, 'work', instance),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  trackChild(child);
  return { name, instance, child, logFile, opsUrl: `http://127.0.0.1:${opsPort}` };
}

/** Sends SIGTERM and waits for the process to drain and exit (SIGKILL after `graceMs`). */
export function stopServiceProcess(p: ServiceProcess, graceMs = 10_000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
    p.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    p.child.kill('SIGTERM');
  });
}
