/**
 * `npm run bench -- health [--kustomizations 500] [--objects 10]`: CPU time and memory of the health-checker's
 * waiting machinery while it tracks 5,000 objects (10 per Kustomization, 500 Kustomizations) on shared watches.
 *
 * The objects live in an in-memory fake informer source (`FakeCluster` from `@sluice/health-checker/testing`), so
 * the figures are the health-checker's own: shared-watch fan-out, kstatus judging, CEL expressions and fail-fast
 * aggregation. No API server, JSON decoding of watch events, NATS or status writes are included.
 *
 * Phases: `track` starts every wait (objects exist, InProgress), `progress` rolls every Deployment out in two
 * steps until every wait ends healthy, `fail-fast` starts them again and makes one Deployment per Kustomization
 * exceed its progress deadline.
 */
import { performance } from 'node:perf_hooks';
import { compileHealthExpressions, type HealthExpressionEvaluator } from '@sluice/kstatus';
import { WatchHub, waitForHealth, type HealthTarget, type WaitOutcome } from '@sluice/health-checker';
import { FakeCluster, configMap, deployment } from '@sluice/health-checker/testing';
import type { KubeObject } from '@sluice/runtime';

interface Figures {
  readonly wallMs: number;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  /** Heap in use at the end of the phase, and its growth during it. */
  readonly heapMiB: number;
  readonly heapDeltaMiB: number;
  readonly rssMiB: number;
}

const MIB = 1024 * 1024;

async function measure(run: () => Promise<void>): Promise<Figures> {
  const heapBefore = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const used = process.cpuUsage(cpu);
  const mem = process.memoryUsage();
  return {
    wallMs: performance.now() - start, cpuUserMs: used.user / 1000, cpuSystemMs: used.system / 1000,
    heapMiB: mem.heapUsed / MIB, heapDeltaMiB: (mem.heapUsed - heapBefore) / MIB, rssMiB: mem.rss / MIB,
  };
}

function print(phase: string, f: Figures, extra: string): void {
  const line = [
    phase.padEnd(10), `wall ${f.wallMs.toFixed(0).padStart(6)} ms`, `cpu user ${f.cpuUserMs.toFixed(0).padStart(6)} ms`,
    `system ${f.cpuSystemMs.toFixed(0).padStart(5)} ms`, `heap ${f.heapMiB.toFixed(1).padStart(6)} MiB (${f.heapDeltaMiB >= 0 ? '+' : ''}${f.heapDeltaMiB.toFixed(1)})`,
    `rss ${f.rssMiB.toFixed(1).padStart(6)} MiB`, extra,
  ];
  process.stdout.write(`${line.join('  ')}\n`);
}

function option(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name}: expected a positive integer, got ${args[i + 1]}`);
  return value;
}

/** A custom resource judged by a CEL expression. */
function widget(namespace: string, name: string, phase: string): KubeObject {
  return { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { namespace, name, resourceVersion: phase }, status: { phase } };
}

const targetOf = (o: KubeObject, id: string): HealthTarget => ({ id, apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '' });

/** Per Kustomization: one Widget, one ConfigMap, the rest Deployments of 2 replicas, all in its own namespace. */
function objectsOf(k: number, perKustomization: number): { deployments: string[]; objects: KubeObject[] } {
  const ns = `team-${k}`;
  const deployments = Array.from({ length: Math.max(perKustomization - 2, 1) }, (_, i) => `app-${i}`);
  const objects = [...deployments.map((d) => deployment(ns, d, 2, { available: 0 })), configMap(ns, 'settings'), widget(ns, 'gizmo', 'Pending')];
  return { deployments, objects: objects.slice(0, Math.max(perKustomization, 1)) };
}

function startWaits(hub: WatchHub, sets: readonly KubeObject[][], expressions: readonly HealthExpressionEvaluator[]): Promise<WaitOutcome[]> {
  return Promise.all(sets.map((objects) => waitForHealth(hub, objects.map((o, i) => targetOf(o, `${o.metadata.namespace}_${i}`)), {
    timeoutMs: 600_000, expressions, failFast: true, now: () => Date.now(),
  })));
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

/** Runs the benchmark; see the module comment. */
export default async function healthBench(args: string[]): Promise<void> {
  const kustomizations = option(args, 'kustomizations', 500);
  const perKustomization = option(args, 'objects', 10);
  const compiled = compileHealthExpressions([{ apiVersion: 'example.com/v1', kind: 'Widget', current: "status.phase == 'Ready'", failed: "status.phase == 'Broken'" }]);
  if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join('; '));
  const cluster = new FakeCluster();
  const hub = new WatchHub(cluster.factory, { lingerMs: 60_000 });
  const sets = Array.from({ length: kustomizations }, (_, k) => objectsOf(k, perKustomization));
  for (const set of sets) for (const o of set.objects) cluster.put(o);
  const total = sets.reduce((n, s) => n + s.objects.length, 0);
  process.stdout.write(`health: ${total} objects across ${kustomizations} Kustomizations (fake informer source, in-memory), node ${process.version}\n`);
  const base = process.memoryUsage();
  process.stdout.write(`objects    heap ${(base.heapUsed / MIB).toFixed(1)} MiB  rss ${(base.rss / MIB).toFixed(1)} MiB  (the fake cluster's objects, before any wait)\n`);

  let waits: Promise<WaitOutcome[]> = Promise.resolve([]);
  print('track', await measure(async () => {
    waits = startWaits(hub, sets.map((s) => s.objects), compiled.evaluators);
    await settle();
  }), `watches ${hub.stats().watches}, tracked ${hub.stats().trackers}`);

  let events = 0;
  let outcomes: WaitOutcome[] = [];
  const progress = await measure(async () => {
    for (const step of [1, 2]) {
      sets.forEach((s, k) => s.deployments.forEach((d) => {
        cluster.put(deployment(`team-${k}`, d, 2, { available: step }));
        events += 1;
      }));
    }
    sets.forEach((_, k) => {
      cluster.put(widget(`team-${k}`, 'gizmo', 'Ready'));
      events += 1;
    });
    outcomes = await waits;
  });
  print('progress', progress, `${events} watch events, ${(events / (progress.cpuUserMs + progress.cpuSystemMs) * 1000).toFixed(0)} events per CPU-second, ${outcomes.filter((o) => o.result === 'healthy').length} healthy`);

  const failing = await measure(async () => {
    sets.forEach((s, k) => s.deployments.forEach((d) => cluster.put(deployment(`team-${k}`, d, 2, { available: 1 }))));
    const again = startWaits(hub, sets.map((s) => s.objects), compiled.evaluators);
    await settle();
    sets.forEach((s, k) => cluster.put(deployment(`team-${k}`, s.deployments[0]!, 2, 'deadline-exceeded')));
    outcomes = await again;
  });
  print('fail-fast', failing, `${outcomes.filter((o) => o.result === 'failed').length} failed early, tracked after ${hub.stats().trackers}`);
  await hub.stop();
}
