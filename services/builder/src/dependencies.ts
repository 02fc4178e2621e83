/**
 * Whether a Kustomization's dependencies allow it to proceed, with kustomize-controller's rules: each dependency
 * exists, has observed its latest generation, is Ready, and — when it reads the same source — has applied the
 * source's current revision. Pure: objects come in through a lookup.
 */
import { isReady, type Kustomization } from '@sluice/api';

/** The answer: ready, or the first dependency that is not, with Flux's message. */
export type DependencyCheck = { readonly ready: true } | { readonly ready: false; readonly message: string };

/** Looks objects up (from an informer cache or the API). */
export interface DependencyLookup {
  kustomization(namespace: string, name: string): Kustomization | undefined;
  /** The current artifact revision of a source, when known. */
  sourceRevision(kind: string, namespace: string, name: string): string | undefined;
}

function sameSource(a: Kustomization, b: Kustomization): boolean {
  const sa = a.spec.sourceRef;
  const sb = b.spec.sourceRef;
  return sa.kind === sb.kind && sa.name === sb.name && (sa.namespace || a.metadata.namespace) === (sb.namespace || b.metadata.namespace);
}

/** Checks every dependency of `k` in declaration order. */
export function checkDependencies(k: Kustomization, lookup: DependencyLookup): DependencyCheck {
  for (const dep of k.spec.dependsOn ?? []) {
    const namespace = dep.namespace || k.metadata.namespace || '';
    const id = `${namespace}/${dep.name}`;
    const d = lookup.kustomization(namespace, dep.name);
    if (!d) return { ready: false, message: `dependency '${id}' not found` };
    if (!isReady(d) || d.status?.observedGeneration !== d.metadata.generation) {
      return { ready: false, message: `dependency '${id}' is not ready` };
    }
    if (sameSource(k, d)) {
      const src = d.spec.sourceRef;
      const current = lookup.sourceRevision(src.kind, src.namespace || namespace, src.name);
      if (current !== undefined && d.status?.lastAppliedRevision !== current) {
        return { ready: false, message: `dependency '${id}' revision is not up to date` };
      }
    }
  }
  return { ready: true };
}
