/**
 * Throughput of computeStatus (kstatus rules) and of a compiled health expression, printed, never asserted.
 * Run: node --conditions=sluice-dev --import tsx libs/kstatus/test/bench/status.bench.ts
 */
import { compileHealthExpressions, computeStatus } from '@sluice/kstatus';
import type { KubeObject } from '@sluice/kstatus';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'podinfo', namespace: 'apps', generation: 4 },
  spec: { replicas: 3 },
  status: {
    observedGeneration: 4,
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    conditions: [
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
    ],
  },
};

const sealedSecret: KubeObject = {
  apiVersion: 'bitnami.com/v1alpha1',
  kind: 'SealedSecret',
  metadata: { name: 'db', namespace: 'apps', generation: 1 },
  status: { observedGeneration: 1, conditions: [{ type: 'Synced', status: 'True', reason: 'Unsealed' }] },
};

function measure(label: string, iterations: number, run: () => void): void {
  for (let i = 0; i < 1000; i++) run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run();
  const ns = Number(process.hrtime.bigint() - start);
  const perOp = ns / iterations;
  process.stdout.write(`${label}: ${(1e9 / perOp).toFixed(0)} ops/s (${(perOp / 1000).toFixed(2)} µs/op)\n`);
}

export default async function bench(): Promise<void> {
  const compiled = compileHealthExpressions([
    {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      failed: "status.conditions.filter(e, e.type == 'Synced').all(e, e.status == 'False')",
      current: "status.conditions.filter(e, e.type == 'Synced').all(e, e.status == 'True')",
    },
  ]);
  if (!compiled.ok) throw compiled.errors[0];
  const expressions = compiled.evaluators;
  measure('computeStatus Deployment (kstatus rules)', 200_000, () => computeStatus(deployment, { now: 0 }));
  measure('computeStatus SealedSecret (CEL healthCheckExprs)', 100_000, () =>
    computeStatus(sealedSecret, { now: 0, expressions }),
  );
  measure('compileHealthExpressions (2 expressions)', 20_000, () => compileHealthExpressions([
    { apiVersion: 'example.com/v1', kind: 'Widget', current: 'status.ready == true', failed: 'has(status.error)' },
  ]));
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
