import { strict as assert } from 'node:assert';
import type { Kustomization } from '@sluice/api';
import { checkDependencies, type DependencyLookup } from '../src/dependencies.js';
import { DependencyGraph, formatCycle } from '../src/graph.js';

describe('dependency graph', () => {
  const graph = (edges: Record<string, string[]>): DependencyGraph => {
    const g = new DependencyGraph();
    for (const [name, deps] of Object.entries(edges)) g.set({ namespace: 'flux-system', name, dependsOn: deps.map((d) => ({ name: d })) });
    return g;
  };

  it('finds the cycle through a node, in declaration order', () => {
    const g = graph({ apps: ['infra'], infra: ['configs'], configs: ['apps'], other: [] });
    assert.equal(formatCycle(g.cycleThrough('flux-system/apps')!), 'dependency cycle detected: flux-system/apps -> flux-system/infra -> flux-system/configs -> flux-system/apps');
    assert.equal(g.cycleThrough('flux-system/other'), undefined);
  });

  it('reports a self-dependency as a cycle', () => {
    assert.deepEqual(graph({ a: ['a'] }).cycleThrough('flux-system/a'), ['flux-system/a', 'flux-system/a']);
  });

  it('does not report a node that only depends on a cycle', () => {
    const g = graph({ x: ['a'], a: ['b'], b: ['a'] });
    assert.equal(g.cycleThrough('flux-system/x'), undefined);
    assert.ok(g.cycleThrough('flux-system/a'));
  });

  it('lists dependents for wake-ups, across namespaces', () => {
    const g = new DependencyGraph();
    g.set({ namespace: 'team', name: 'app', dependsOn: [{ namespace: 'flux-system', name: 'infra' }] });
    g.set({ namespace: 'flux-system', name: 'apps', dependsOn: [{ name: 'infra' }] });
    assert.deepEqual(g.dependentsOf('flux-system/infra'), ['flux-system/apps', 'team/app']);
    g.delete('team', 'app');
    assert.deepEqual(g.dependentsOf('flux-system/infra'), ['flux-system/apps']);
  });
});

describe('dependency readiness', () => {
  const ks = (name: string, opts: { ready?: boolean; generation?: number; observed?: number; applied?: string; source?: string; deps?: string[] } = {}): Kustomization => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: 'flux-system', generation: opts.generation ?? 1 },
    spec: {
      interval: '1m', prune: true, path: './', sourceRef: { kind: 'GitRepository', name: opts.source ?? 'repo' },
      ...(opts.deps ? { dependsOn: opts.deps.map((d) => ({ name: d })) } : {}),
    },
    status: {
      observedGeneration: opts.observed ?? 1,
      ...(opts.applied ? { lastAppliedRevision: opts.applied } : {}),
      conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True', reason: 'ReconciliationSucceeded', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' }],
    },
  }) as Kustomization;
  const lookup = (objects: Kustomization[], revision = 'main@sha1:2'): DependencyLookup => ({
    kustomization: (_ns, name) => objects.find((o) => o.metadata.name === name),
    sourceRevision: () => revision,
  });
  const apps = ks('apps', { deps: ['infra'] });

  it('passes when the dependency is Ready at its generation and applied the current revision', () => {
    assert.deepEqual(checkDependencies(apps, lookup([ks('infra', { applied: 'main@sha1:2' })])), { ready: true });
  });

  it('names a missing, unready, stale-generation or stale-revision dependency', () => {
    assert.deepEqual(checkDependencies(apps, lookup([])), { ready: false, message: "dependency 'flux-system/infra' not found" });
    assert.deepEqual(checkDependencies(apps, lookup([ks('infra', { ready: false })])), { ready: false, message: "dependency 'flux-system/infra' is not ready" });
    assert.deepEqual(checkDependencies(apps, lookup([ks('infra', { generation: 2, observed: 1, applied: 'main@sha1:2' })])), { ready: false, message: "dependency 'flux-system/infra' is not ready" });
    assert.deepEqual(checkDependencies(apps, lookup([ks('infra', { applied: 'main@sha1:1' })])), { ready: false, message: "dependency 'flux-system/infra' revision is not up to date" });
  });

  it('ignores the revision of a dependency that reads another source', () => {
    assert.deepEqual(checkDependencies(apps, lookup([ks('infra', { source: 'other', applied: 'main@sha1:1' })])), { ready: true });
  });
});
