/**
 * Namespace lifecycle: a terminating namespace has its contents deleted, then its `kubernetes` finalizer removed
 * (through the finalize subresource), which removes it. Active namespaces get their `default` ServiceAccount and
 * the `kube-root-ca.crt` ConfigMap, as the service-account and root-CA controllers provide them.
 */
import { timestamp } from '../api/context.js';
import { objectAt, type JsonObject } from '../json.js';
import { storedMeta } from '../verbs/common.js';
import { finalizeNamespaceVerb } from '../verbs/namespace-finalize.js';
import { parseKey, type Controller, type ControllerRuntime } from './runtime.js';
import { setConditions } from './simulation.js';

const NAMESPACES = '/namespaces';

function namespacedStorageKeys(rt: ControllerRuntime): string[] {
  return [...new Set(rt.core.registry.resources().filter((d) => d.namespaced && d.verbs.includes('delete')).map((d) => d.storageKey))];
}

function terminate(rt: ControllerRuntime, self: Controller, key: string, ns: JsonObject): void {
  const name = String(storedMeta(ns).name);
  let remaining = 0;
  for (const sk of namespacedStorageKeys(rt)) {
    for (const obj of rt.core.store.list(sk, name)) {
      remaining++;
      if (storedMeta(obj).deletionTimestamp === undefined) rt.delete(sk, obj);
    }
  }
  if (remaining > 0) {
    const status = objectAt(ns, 'status') ?? {};
    const conditions = setConditions(status.conditions, [
      { type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${remaining} objects` },
    ], timestamp(rt.core.now()));
    rt.updateStatus(NAMESPACES, ns, { ...status, conditions });
    rt.requeueAfter(self, key, 25);
    return;
  }
  const fresh = rt.get(NAMESPACES, '', name);
  if (!fresh) return;
  const spec = objectAt(fresh, 'spec') ?? {};
  const finalizers = Array.isArray(spec.finalizers) ? spec.finalizers.filter((f) => f !== 'kubernetes') : [];
  const body = { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: { finalizers } };
  finalizeNamespaceVerb(rt.core, rt.def(NAMESPACES), name, body, rt.writeOptions);
}

const ROOT_CA = '-----BEGIN CERTIFICATE-----\nkube-sim does not issue service account tokens; this is a placeholder CA bundle.\n-----END CERTIFICATE-----\n';

function ensureNamespaceDefaults(rt: ControllerRuntime, name: string): void {
  if (!rt.get('/serviceaccounts', name, 'default')) {
    rt.create('/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
  }
  if (!rt.get('/configmaps', name, 'kube-root-ca.crt')) {
    rt.create('/configmaps', {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name: 'kube-root-ca.crt', namespace: name, annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } },
      data: { 'ca.crt': ROOT_CA },
    });
  }
}

/** Creates the namespace controller. */
export function namespaceController(rt: ControllerRuntime): Controller {
  const self: Controller = {
    name: 'namespace',
    watches: [NAMESPACES],
    reconcile(key) {
      const { name } = parseKey(key);
      const ns = rt.get(NAMESPACES, '', name);
      if (!ns) return;
      if (storedMeta(ns).deletionTimestamp !== undefined) terminate(rt, self, key, ns);
      else ensureNamespaceDefaults(rt, name);
    },
  };
  return self;
}
