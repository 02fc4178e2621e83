/**
 * `sluice up` (what `npm start` runs): NATS (or `NATS_URL`), the embedded kube-sim cluster (or `--kubeconfig`), the
 * Flux API, the demo repository, and every service as its own process; then it shows progress until Ctrl-C, which
 * stops everything cleanly.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { leaveSignalsToCaller, startNats } from '@sluice/devstack';
import { errorMessage } from '@sluice/errors';
import { startKubeSim } from '@sluice/kube-sim';
import { Shutdown, createKubeClient, type KubeClient } from '@sluice/runtime';
import type { CommandIo } from '../io.js';
import { UP_FIELD_MANAGER, bootstrapObjects, installFluxApi } from './cluster.js';
import { startDemoRepository } from './demo.js';
import { allReady, changedLines, stateOf, type ObjectState } from './progress.js';
import { SERVICES, startServiceProcess, stopServiceProcess } from './services.js';

/** Options of `sluice up`. */
export interface UpOptions {
  /** Use this cluster instead of the embedded one. */
  readonly kubeconfig?: string;
  /** Folder for the demo repository, kubeconfig, logs and work folders; default `.sluice` in the working folder. */
  readonly home: string;
  /** Stop after everything was Ready once (for tests and CI smoke checks). */
  readonly exitWhenReady?: boolean;
}

const examplesDir = fileURLToPath(new URL('../../../../examples', import.meta.url));

/** Parses `up` arguments. */
export function parseUpArgs(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): UpOptions {
  const value = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const kubeconfig = value('--kubeconfig');
  return {
    ...(kubeconfig ? { kubeconfig: resolve(cwd, kubeconfig) } : {}),
    home: resolve(cwd, value('--home') ?? env.SLUICE_HOME ?? '.sluice'),
    exitWhenReady: args.includes('--exit-when-ready'),
  };
}

async function listStates(kube: KubeClient): Promise<ObjectState[]> {
  const kinds = [['source.toolkit.fluxcd.io/v1', 'GitRepository'], ['kustomize.toolkit.fluxcd.io/v1', 'Kustomization']] as const;
  const lists = await Promise.all(kinds.map(([apiVersion, kind]) => kube.list(apiVersion, kind)));
  return lists.flatMap((l) => l.items.map((o) => stateOf(o as Parameters<typeof stateOf>[0])));
}

/** Runs `sluice up`; resolves with the exit code after Ctrl-C (or once Ready with `exitWhenReady`). */
export async function up(opts: UpOptions, io: CommandIo): Promise<number> {
  const shutdown = new Shutdown({ exit: false, onError: (err) => io.stderr(`stopping: ${errorMessage(err)}\n`) });
  leaveSignalsToCaller();
  // Ctrl-C (or SIGTERM) ends the progress view; the shutdown below then drains everything in reverse start order.
  const stopped = new Promise<void>((resolveStop) => {
    process.once('SIGINT', () => resolveStop());
    process.once('SIGTERM', () => resolveStop());
  });
  try {
    await mkdir(opts.home, { recursive: true });
    let natsUrl = process.env.NATS_URL;
    if (!natsUrl) {
      const nats = await startNats();
      shutdown.add(() => nats.stop());
      natsUrl = nats.url;
    }
    let kubeconfig = opts.kubeconfig;
    if (!kubeconfig) {
      const sim = await startKubeSim({});
      shutdown.add(() => sim.stop());
      kubeconfig = join(opts.home, 'kubeconfig');
      await writeFile(kubeconfig, sim.kubeconfig);
    }
    const kube = createKubeClient({ kubeconfig, userAgent: 'sluice-up' });
    shutdown.add(() => kube.close());
    await installFluxApi(kube);
    const demo = await startDemoRepository(opts.home, examplesDir);
    shutdown.add(() => demo.server.stop());
    const env = { NATS_URL: natsUrl, KUBECONFIG: kubeconfig, SLUICE_BUS_PREFIX: process.env.SLUICE_BUS_PREFIX ?? 'sluice' };
    const started: string[] = [];
    const portBase = Number(process.env.SLUICE_UP_OPS_PORT_BASE ?? SERVICES[0].opsPort);
    for (const [i, s] of SERVICES.entries()) {
      const p = await startServiceProcess(s.name, portBase + i, opts.home, env);
      if (!p) continue;
      shutdown.add(() => stopServiceProcess(p));
      started.push(`${s.name} (${p.opsUrl}/metrics)`);
    }
    for (const o of bootstrapObjects(demo.url, './clusters/demo')) await kube.apply(o, { fieldManager: UP_FIELD_MANAGER, force: true });
    io.stdout([
      'Sluice is up.',
      `  kubeconfig:       ${kubeconfig}    (kubectl --kubeconfig ${kubeconfig} get kustomizations -A)`,
      `  demo repository:  ${demo.dir}    (commit there; served at ${demo.url})`,
      `  NATS:             ${natsUrl}`,
      `  services:         ${started.join(', ')}`,
      `  logs:             ${join(opts.home, 'logs')}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'));
    await watchProgress(kube, io, opts, stopped);
  } catch (err) {
    io.stderr(`sluice up failed: ${errorMessage(err)}\n`);
    await shutdown.run();
    return 1;
  }
  io.stdout('\nstopping Sluice ...\n');
  await shutdown.run();
  io.stdout('Sluice stopped.\n');
  return 0;
}

/** Prints readiness changes every second until stopped; announces the first time everything is Ready. */
async function watchProgress(kube: KubeClient, io: CommandIo, opts: UpOptions, stopped: Promise<void>): Promise<void> {
  const started = Date.now();
  const previous = new Map<string, ObjectState>();
  let announced = false;
  let stop = false;
  void stopped.then(() => {
    stop = true;
  });
  while (!stop) {
    const states = await listStates(kube).catch(() => undefined);
    if (stop) break;
    if (states) {
      for (const line of changedLines(previous, states, new Date())) io.stdout(`${line}\n`);
      for (const s of states) previous.set(s.id, s);
      if (!announced && allReady(states, 4)) {
        announced = true;
        io.stdout(`\nAll ${states.length} objects Ready in ${((Date.now() - started) / 1000).toFixed(1)}s. Sluice keeps reconciling; commit to the demo repository to see changes applied.\n\n`);
        if (opts.exitWhenReady) return;
      }
    }
    await Promise.race([new Promise((r) => setTimeout(r, 1000)), stopped]);
  }
}
