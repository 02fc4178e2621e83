/**
 * `npm run bench -- kube-sim`: server-side applies per second (small ConfigMaps over HTTP, client in the same
 * process, so server and client share one core), list latency at 10,000 objects, and memory per 10,000 objects.
 * Options: `--objects=N` (default 10000), `--concurrency=N` (default 16).
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { startKubeSim, type KubeSim } from '@sluice/kube-sim';

function option(args: string[], name: string, fallback: number): number {
  const hit = args.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.slice(name.length + 3)) : fallback;
}

interface Client {
  send(method: string, path: string, body: string | undefined, contentType?: string): Promise<{ status: number; body: string }>;
}

function client(sim: KubeSim, agent: Agent): Client {
  const base = new URL(sim.url);
  return {
    send: (method, path, body, contentType = 'application/json') => new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Authorization: `Bearer ${sim.adminToken}` };
      if (body !== undefined) {
        headers['Content-Type'] = contentType;
        headers['Content-Length'] = String(Buffer.byteLength(body));
      }
      const req = request({ host: base.hostname, port: base.port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    }),
  };
}

function configMap(i: number, revision: number): string {
  return JSON.stringify({
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: { name: `cm-${i}`, labels: { app: 'bench', shard: String(i % 10) } },
    data: { index: String(i), revision: String(revision), payload: 'x'.repeat(64) },
  });
}

/** Applies per wall-clock second, and per second of CPU this process used (server and client together). */
interface Rate {
  readonly wall: number;
  readonly cpu: number;
}

async function applyAll(c: Client, count: number, revision: number, concurrency: number): Promise<Rate> {
  let next = 0;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const r = await c.send('PATCH', `/api/v1/namespaces/bench/configmaps/cm-${i}?fieldManager=bench`, configMap(i, revision), 'application/apply-patch+yaml');
      if (r.status !== 200 && r.status !== 201) throw new Error(`apply cm-${i}: ${r.status} ${r.body.slice(0, 200)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpuStart);
  return { wall: count / ((performance.now() - started) / 1000), cpu: count / ((cpu.user + cpu.system) / 1e6) };
}

function rate(r: Rate): string {
  return `${r.wall.toFixed(0)} (${r.cpu.toFixed(0)} per CPU-second)`;
}

async function timeList(c: Client, path: string): Promise<{ medianMs: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const r = await c.send('GET', path, undefined);
    times.push(performance.now() - t);
    bytes = r.body.length;
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)]!, bytes };
}

function heapMiB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

/** Runs the benchmark and prints its figures. */
export default async function run(args: string[]): Promise<void> {
  const objects = option(args, 'objects', 10_000);
  const concurrency = option(args, 'concurrency', 16);
  const sim = await startKubeSim({ tls: false });
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const c = client(sim, agent);
    await c.send('POST', '/api/v1/namespaces', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } }));
    await applyAll(c, 500, 0, concurrency);
    const heapBefore = heapMiB();
    const creates = await applyAll(c, objects, 1, concurrency);
    const heapAfter = heapMiB();
    const updates = await applyAll(c, objects, 2, concurrency);
    const unchanged = await applyAll(c, objects, 2, concurrency);
    const list = await timeList(c, '/api/v1/namespaces/bench/configmaps');
    const selected = await timeList(c, '/api/v1/namespaces/bench/configmaps?labelSelector=shard%3D3');
    const page = await timeList(c, '/api/v1/namespaces/bench/configmaps?limit=500');
    const print = (label: string, value: string): void => void process.stdout.write(`${label.padEnd(46)} ${value}\n`);
    print(`server-side applies/s, creating (${objects})`, rate(creates));
    print(`server-side applies/s, changing (${objects})`, rate(updates));
    print(`server-side applies/s, unchanged (${objects})`, rate(unchanged));
    print(`list latency, ${objects} objects (median of 7)`, `${list.medianMs.toFixed(1)} ms (${(list.bytes / 1024 / 1024).toFixed(1)} MiB)`);
    print(`list latency, label selector (1/10 match)`, `${selected.medianMs.toFixed(1)} ms`);
    print(`list latency, limit=500 page`, `${page.medianMs.toFixed(1)} ms`);
    print(`heap per ${objects} objects`, `${(heapAfter - heapBefore).toFixed(1)} MiB${(globalThis as { gc?: unknown }).gc ? '' : ' (no --expose-gc: approximate)'}`);
  } finally {
    agent.destroy();
    await sim.stop();
  }
}
