/** Preparing a cluster for Sluice: the Flux CRDs (from the API's schema tree) and the flux-system namespace. */
import { FLUX_KINDS, buildCrd } from '@sluice/api';
import type { KubeClient, KubeObject } from '@sluice/runtime';

/** The field manager `sluice up` applies with. */
export const UP_FIELD_MANAGER = 'sluice-up';

/** Applies the CRDs and waits until they are established, then the flux-system namespace. */
export async function installFluxApi(kube: KubeClient, timeoutMs = 30_000): Promise<void> {
  const crds = FLUX_KINDS.map((def) => buildCrd(def) as unknown as KubeObject);
  for (const crd of crds) await kube.apply(crd, { fieldManager: UP_FIELD_MANAGER, force: true });
  const deadline = Date.now() + timeoutMs;
  for (const crd of crds) {
    for (;;) {
      const live = await kube.get({ apiVersion: crd.apiVersion, kind: crd.kind, name: crd.metadata.name ?? '' });
      const established = (live?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
      if (established) break;
      if (Date.now() > deadline) throw new Error(`CustomResourceDefinition/${crd.metadata.name} not established within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  kube.mapper.invalidate();
  await kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } }, { fieldManager: UP_FIELD_MANAGER, force: true });
}

/** The root objects `flux bootstrap` would create: the repository and the Kustomization syncing `path` from it. */
export function bootstrapObjects(url: string, path: string): KubeObject[] {
  return [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'flux-system', namespace: 'flux-system' },
      spec: { url, interval: '10s', ref: { branch: 'main' } },
    },
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'flux-system', namespace: 'flux-system' },
      spec: { interval: '1m', path, prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
    },
  ];
}
