// Builders shared by the health-checker's unit tests.
import { inventoryEntry, type Kustomization } from '@sluice/api';
import type { InventoryEntry } from '@sluice/bus';
import type { KubeObject } from '@sluice/runtime';
import type { HealthTarget } from '../src/targets.js';

/** A parsed Kustomization `flux-system/<name>` with the given spec fields. */
export function kustomization(name: string, spec: Partial<Kustomization['spec']> = {}): Kustomization {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: 'flux-system', generation: 1 },
    spec: { interval: '10m', prune: true, force: false, sourceRef: { kind: 'GitRepository', name: 'repo' }, ...spec },
  } as Kustomization;
}

/** The inventory entries of objects, as the applier sends them. */
export function inventoryOf(...objects: KubeObject[]): InventoryEntry[] {
  return objects.map((o) => inventoryEntry({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name ?? '', ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}) } }));
}

/** The health target of an object. */
export function targetOf(o: KubeObject): HealthTarget {
  const [entry] = inventoryOf(o);
  return { id: entry!.id, apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '' };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
