/**
 * Process-wide bookkeeping of what the harness started: child processes and temporary folders. Everything still
 * registered when the process exits (normally, through `process.exit`, an uncaught error, SIGINT, SIGTERM or SIGHUP)
 * is killed or removed, so a failing or aborted test run leaves no `nats-server` or `git daemon` behind.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

const children = new Set<ChildProcess>();
const folders = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let installed = false;
let signalsOwnedByCaller = false;

/**
 * Call from a program that shuts down gracefully on SIGINT/SIGTERM itself (such as `sluice up`): the signal hooks
 * then leave its children alone, so it can drain them; the exit hook still kills whatever is left at exit.
 */
export function leaveSignalsToCaller(): void {
  signalsOwnedByCaller = true;
}

/**
 * Registers a child process to be killed (SIGKILL) if it is still running when this process exits. Call it right
 * after `spawn`; the registration ends by itself when the child exits.
 */
export function trackChild(child: ChildProcess): ChildProcess {
  installExitHooks();
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Registers a temporary folder to be removed at exit; call {@link untrackFolder} once it was removed normally. */
export function trackFolder(dir: string): string {
  installExitHooks();
  folders.add(dir);
  return dir;
}

/** Ends a {@link trackFolder} registration (the folder was removed or handed over). */
export function untrackFolder(dir: string): void {
  folders.delete(dir);
}

/** How many tracked children are still alive; tests of the harness use it to check that nothing leaked. */
export function trackedChildCount(): number {
  return children.size;
}

/** Kills every tracked child and removes every tracked folder, synchronously (safe inside an `exit` handler). */
export function cleanupAllNow(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  folders.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  if (signalsOwnedByCaller) return;
  cleanupAllNow();
  // We only took the signal to clean up: when nobody else listens, die of it as the default handler would.
  if (process.listenerCount(signal) <= 1) {
    process.removeListener(signal, onSignal);
    process.kill(process.pid, signal);
  }
}

function installExitHooks(): void {
  if (installed) return;
  installed = true;
  process.on('exit', cleanupAllNow);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
