/**
 * Throughput of the merge functions on a realistic Deployment, printed, never asserted.
 * Run: node --conditions=sluice-dev --import tsx libs/k8s-merge/test/bench/merge.bench.ts
 */
import { builtinSchema } from '@sluice/k8s-schema';
import { applyJsonPatch, serverSideApply, strategicMergePatch, trackUpdate, type JsonObject } from '@sluice/k8s-merge';

const schema = builtinSchema({ group: 'apps', version: 'v1', kind: 'Deployment' })!;

function container(i: number): JsonObject {
  return {
    name: `c${i}`,
    image: `registry.example.com/app-${i}:1.0.${i}`,
    args: ['--port=8080', `--id=${i}`],
    ports: [{ containerPort: 8080 + i, name: `http-${i}` }, { containerPort: 9090 + i, name: `metrics-${i}` }],
    env: Array.from({ length: 8 }, (_, j) => ({ name: `VAR_${j}`, value: `value-${i}-${j}` })),
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    readinessProbe: { httpGet: { path: '/ready', port: 8080 + i }, periodSeconds: 10 },
  };
}

function deployment(image: string): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'podinfo', namespace: 'apps', labels: { app: 'podinfo', tier: 'backend' }, annotations: { owner: 'team-a' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'podinfo' } },
      template: {
        metadata: { labels: { app: 'podinfo' } },
        spec: { containers: [{ ...container(0), image }, container(1), container(2)], volumes: [{ name: 'data', emptyDir: {} }] },
      },
    },
  };
}

function measure(label: string, iterations: number, fn: () => unknown): void {
  for (let i = 0; i < Math.min(50, iterations); i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(`${label.padEnd(52)} ${(iterations / (ms / 1000)).toFixed(0).padStart(8)} ops/s  ${(ms / iterations).toFixed(3)} ms/op\n`);
}

export default async function run(): Promise<void> {
  const now = '2024-05-01T10:00:00Z';
  const created = serverSideApply(undefined, deployment('app:1'), { manager: 'sluice', force: false, apiVersion: 'apps/v1', now, schema });
  if (!created.ok) throw new Error(created.message);
  const live = created.object;
  const scaled = trackUpdate(live, { ...live, spec: { ...(live.spec as JsonObject), replicas: 5 } }, { manager: 'hpa', apiVersion: 'apps/v1', now, schema });

  measure('serverSideApply create (3 containers)', 500, () => serverSideApply(undefined, deployment('app:1'), { manager: 'sluice', force: false, apiVersion: 'apps/v1', now, schema }));
  measure('serverSideApply no-op re-apply', 500, () => serverSideApply(live, deployment('app:1'), { manager: 'sluice', force: false, apiVersion: 'apps/v1', now, schema }));
  measure('serverSideApply image change', 500, () => serverSideApply(live, deployment('app:2'), { manager: 'sluice', force: false, apiVersion: 'apps/v1', now, schema }));
  measure('serverSideApply conflict with an Update owner', 500, () => serverSideApply(scaled, deployment('app:1'), { manager: 'sluice', force: false, apiVersion: 'apps/v1', now, schema }));
  measure('trackUpdate replicas change', 500, () => trackUpdate(live, { ...live, spec: { ...(live.spec as JsonObject), replicas: 4 } }, { manager: 'hpa', apiVersion: 'apps/v1', now, schema }));
  measure('strategicMergePatch container image', 2000, () => strategicMergePatch(live, { spec: { template: { spec: { containers: [{ name: 'c1', image: 'x' }] } } } }, schema));
  measure('applyJsonPatch replace image', 5000, () => applyJsonPatch(live, [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'x' }]));
}

const invokedDirectly = import.meta.url === `file://${process.argv[1]}`;
if (invokedDirectly) await run();
