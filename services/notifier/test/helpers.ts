// Builders shared by the notifier's unit tests.
import { parseAlert, parseProvider, type Provider } from '@sluice/api';
import type { KubeObject } from '@sluice/runtime';
import { compileAlert, type CompiledAlert, type FluxEvent } from '../src/index.js';

/** An Alert object in `namespace` with `spec` (providerRef defaults to `webhook`). */
export function alertObject(name: string, spec: Record<string, unknown>, namespace = 'flux-system'): KubeObject {
  return {
    apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Alert',
    metadata: { name, namespace, uid: `uid-${namespace}-${name}` },
    spec: { providerRef: { name: 'webhook' }, ...spec },
  };
}

/** An Alert parsed and compiled, as the catalog holds it; throws when the spec breaks the schema. */
export function compiled(name: string, spec: Record<string, unknown>, namespace = 'flux-system'): CompiledAlert {
  const obj = alertObject(name, spec, namespace);
  const parsed = parseAlert(obj);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return compileAlert(obj, parsed.value);
}

/** A Provider object and its parse. */
export function provider(name: string, spec: Record<string, unknown>, namespace = 'flux-system'): { object: KubeObject; provider: Provider } {
  const object: KubeObject = { apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Provider', metadata: { name, namespace, uid: `uid-${name}` }, spec };
  const parsed = parseProvider(object);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return { object, provider: parsed.value };
}

/** An event about a Kustomization (by default `flux-system/apps`, info). */
export function kustomizationEvent(overrides: Partial<FluxEvent> & { name?: string; namespace?: string; kind?: string } = {}): FluxEvent {
  const { name = 'apps', namespace = 'flux-system', kind = 'Kustomization', ...rest } = overrides;
  return {
    involvedObject: { kind, namespace, name, apiVersion: 'kustomize.toolkit.fluxcd.io/v1' },
    severity: 'info', timestamp: '2025-05-06T07:08:09Z', message: 'Reconciliation finished in 1s, next run in 10m',
    reason: 'ReconciliationSucceeded', reportingController: 'kustomize-controller', ...rest,
  };
}
