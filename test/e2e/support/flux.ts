/** Builders of the Flux objects the end-to-end tests create. */
import type { KubeObject } from '@sluice/runtime';

/** A GitRepository pointing at `url`, branch `main`, checked every `interval`. */
export function gitRepository(name: string, url: string, opts: { namespace?: string; interval?: string; branch?: string } = {}): KubeObject {
  return {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name, namespace: opts.namespace ?? 'flux-system' },
    spec: { url, interval: opts.interval ?? '1m', ref: { branch: opts.branch ?? 'main' } },
  };
}

/** A Kustomization of `path` from GitRepository `source`. */
export function kustomization(name: string, source: string, path: string, spec: Record<string, unknown> = {}, namespace = 'flux-system'): KubeObject {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace },
    spec: { interval: '1m', prune: true, path, sourceRef: { kind: 'GitRepository', name: source }, ...spec },
  };
}

/** The flux-system namespace. */
export const fluxSystem: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } };

/** A ConfigMap manifest as YAML text. */
export function configMapYaml(name: string, namespace: string, data: Record<string, string>): string {
  const entries = Object.entries(data).map(([k, v]) => `  ${k}: "${v}"`).join('\n');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ndata:\n${entries}\n`;
}

/** The reference of a Kustomization or GitRepository in flux-system. */
export function fluxRef(kind: 'Kustomization' | 'GitRepository', name: string, namespace = 'flux-system') {
  return { apiVersion: kind === 'Kustomization' ? 'kustomize.toolkit.fluxcd.io/v1' : 'source.toolkit.fluxcd.io/v1', kind, name, namespace };
}
