/**
 * `npm run bench -- pipeline`: the whole pipeline at scale, every service and kube-sim in its own process, one Git
 * repository holding N Kustomization folders of 5 objects each. Prints, for N = 100 and 1,000: the time from
 * creating the objects until every Kustomization is Ready, the peak resident memory of each process, the CPU each
 * process used during the commits, and commit-to-applied latency (p50, p95) when reconciliation is requested right
 * after the commit: for commits made once every Kustomization has reconciled the previous one, and for commits made
 * back to back (while a thousand unchanged Kustomizations are still being reconciled for the previous one).
 * Pass `--sizes 100,1000` and `--commits 20` to change the run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installFluxApi, startServiceProcess, stopServiceProcess, type ServiceProcess } from '@sluice/cli';
import { createGitRepo, serveGitHttp, startNats, trackChild } from '@sluice/devstack';
import { createKubeClient, type KubeClient, type KubeObject } from '@sluice/runtime';

const SERVICES = ['source-fetcher', 'builder', 'applier', 'health-checker', 'notifier'] as const;

function arg(args: readonly string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
}

async function startKubeSimProcess(dir: string): Promise<{ child: ChildProcess; kubeconfig: string }> {
  const kubeconfig = join(dir, 'kubeconfig');
  const main = fileURLToPath(new URL('../../libs/kube-sim/src/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=sluice-dev', '--import', 'tsx', main, '--kubeconfig', kubeconfig, '--ready-delay', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  trackChild(child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('ready ')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`kube-sim exited with ${code}`)));
  });
  return { child, kubeconfig };
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  if (pid === undefined) return NaN;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Peak resident set size of a process, from /proc (VmHWM), in MiB. */
async function peakMiB(pid: number | undefined): Promise<number> {
  if (pid === undefined) return NaN;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Waits until a service answers 200 on /readyz (it has started its consumers and watches). */
async function waitReady(p: ServiceProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (p.child.exitCode !== null) throw new Error(`${p.instance} exited with ${p.child.exitCode}; see ${p.logFile}`);
    const ok = await fetch(`${p.opsUrl}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${p.instance} not ready within 120 s; see ${p.logFile}`);
}

function repoFiles(n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 5; j++) {
      files[`ks-${i}/cm-${j}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ks-${i}-cm-${j}\n  namespace: bench\ndata:\n  v: "0"\n`;
    }
  }
  return files;
}

function kustomization(i: number): KubeObject {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: `ks-${i}`, namespace: 'flux-system' },
    spec: { interval: '10m', prune: true, path: `./ks-${i}`, sourceRef: { kind: 'GitRepository', name: 'bench' } },
  };
}

async function countReady(kube: KubeClient): Promise<number> {
  const { items } = await kube.list('kustomize.toolkit.fluxcd.io/v1', 'Kustomization');
  return items.filter((k) => (k.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function runOnce(n: number, commits: number, args: { verbose: boolean; keepLogs: boolean }): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-bench-'));
  const nats = await startNats();
  const sim = await startKubeSimProcess(dir);
  const kube = createKubeClient({ kubeconfig: sim.kubeconfig });
  const repo = await createGitRepo({ name: 'bench', branch: 'main', files: repoFiles(n) });
  const git = await serveGitHttp(repo.root);
  const processes: ServiceProcess[] = [];
  try {
    await installFluxApi(kube);
    await kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } }, { fieldManager: 'bench', force: true });
    const env = { NATS_URL: nats.url, KUBECONFIG: sim.kubeconfig, SLUICE_BUS_PREFIX: 'bench', OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'warn' };
    for (const [i, s] of SERVICES.entries()) {
      const p = await startServiceProcess(s, 19791 + i, dir, env);
      if (p) processes.push(p);
    }
    await Promise.all(processes.map((p) => waitReady(p)));
    const started = Date.now();
    await kube.apply({
      apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'bench', namespace: 'flux-system' },
      spec: { url: git.url('bench'), interval: '10m', ref: { branch: 'main' } },
    }, { fieldManager: 'bench', force: true });
    for (let i = 0; i < n; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, n - i) }, (_, j) => kube.apply(kustomization(i + j), { fieldManager: 'bench', force: true })));
    }
    let ready = 0;
    let lastReport = 0;
    while (ready < n) {
      if (Date.now() - started > 600_000) throw new Error(`only ${ready}/${n} Ready after 10 minutes`);
      await new Promise((r) => setTimeout(r, 250));
      ready = await countReady(kube);
      if (args.verbose && Date.now() - lastReport > 2000) {
        lastReport = Date.now();
        process.stdout.write(`  ${((Date.now() - started) / 1000).toFixed(1)}s: ${ready}/${n} Ready\n`);
      }
    }
    const allReadyMs = Date.now() - started;

    const pids = [['kube-sim', sim.child.pid] as const, ...processes.map((p) => [p.instance, p.child.pid] as const)];
    const cpuBefore = await Promise.all(pids.map(([, pid]) => cpuSeconds(pid)));
    /**
     * Waits until the previous commit is done everywhere: every Kustomization has attempted the source's current
     * revision. (Consumer backlogs cannot tell: each object's interval timer waits in its consumer too.)
     */
    const settle = async (): Promise<void> => {
      for (;;) {
        const source = await kube.get({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', namespace: 'flux-system', name: 'bench' });
        const revision = (source?.status as { artifact?: { revision?: string } } | undefined)?.artifact?.revision;
        const { items } = await kube.list('kustomize.toolkit.fluxcd.io/v1', 'Kustomization');
        if (revision && items.every((k) => (k.status as { lastAttemptedRevision?: string } | undefined)?.lastAttemptedRevision === revision)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const latencies: Record<'settled' | 'backToBack', number[]> = { settled: [], backToBack: [] };
    for (let c = 1; c <= commits; c++) {
      const mode = c % 2 === 0 ? 'backToBack' : 'settled';
      if (mode === 'settled') await settle();
      await repo.commit({ 'ks-0/cm-0.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ks-0-cm-0\n  namespace: bench\ndata:\n  v: "${c}"\n` }, `commit ${c}`);
      const t0 = Date.now();
      await kube.mergePatch({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', namespace: 'flux-system', name: 'bench' }, {
        metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': new Date().toISOString() } },
      });
      for (;;) {
        const cm = await kube.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'bench', name: 'ks-0-cm-0' });
        if ((cm?.data as { v?: string } | undefined)?.v === String(c)) break;
        if (Date.now() - t0 > 60_000) throw new Error(`commit ${c} not applied within 60 s`);
        await new Promise((r) => setTimeout(r, 10));
      }
      latencies[mode].push(Date.now() - t0);
    }

    const cpuAfter = await Promise.all(pids.map(([, pid]) => cpuSeconds(pid)));
    const cpu = pids.map(([name], i) => `${name} ${(cpuAfter[i]! - cpuBefore[i]!).toFixed(1)}`).join(', ');
    const memory = [
      ['kube-sim', await peakMiB(sim.child.pid)],
      ...(await Promise.all(processes.map(async (p) => [p.instance, await peakMiB(p.child.pid)] as const))),
    ] as const;
    process.stdout.write(`pipeline  N=${n} Kustomizations x 5 objects\n`);
    process.stdout.write(`  all Ready:               ${(allReadyMs / 1000).toFixed(1)} s (target: 1,000 within 60 s)\n`);
    const line = (xs: number[]): string => `p50 ${percentile(xs, 50)} ms, p95 ${percentile(xs, 95)} ms over ${xs.length} commits`;
    process.stdout.write(`  commit -> applied:       ${line(latencies.settled)} (previous commit reconciled everywhere first; target: p50 < 1 s)\n`);
    process.stdout.write(`  ... back to back:        ${line(latencies.backToBack)} (committed while the previous commit's fan-out still runs)\n`);
    process.stdout.write(`  peak memory (RSS, MiB):  ${memory.map(([name, mib]) => `${name} ${mib.toFixed(0)}`).join(', ')}\n`);
    process.stdout.write(`  CPU s during commits:    ${cpu}\n`);
  } finally {
    for (const p of processes) await stopServiceProcess(p, 5000);
    sim.child.kill('SIGTERM');
    kube.close();
    await git.stop();
    await repo.remove();
    await nats.stop();
    if (args.keepLogs) process.stdout.write(`  logs kept in ${dir}/logs\n`);
    else await rm(dir, { recursive: true, force: true });
  }
}

export default async function pipelineBench(args: string[]): Promise<void> {
  const sizes = arg(args, 'sizes', '100,1000').split(',').map(Number);
  const commits = Number(arg(args, 'commits', '20'));
  for (const n of sizes) await runOnce(n, commits, { verbose: args.includes('--verbose'), keepLogs: args.includes('--keep-logs') });
}
