/**
 * The built-in resources the simulated server serves (every GA resource of the 1.36 spec), with the per-kind
 * behaviour of the real server's registry strategies.
 */
import { builtinResourceTypes, builtinSchema, type ResourceType } from '@sluice/k8s-schema';
import { GenerationPolicy, NameRule, type ResourceDef } from './resource.js';

/** Kinds whose strategy sets `generation` and bumps it on `spec` changes, keyed `<group>/<Kind>`. */
const SPEC_GENERATION = new Set([
  'apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', 'apps/DaemonSet', 'batch/Job', 'batch/CronJob', '/Pod',
  '/ReplicationController', 'networking.k8s.io/Ingress', 'networking.k8s.io/IngressClass',
  'networking.k8s.io/NetworkPolicy', 'policy/PodDisruptionBudget', 'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService', 'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding', 'admissionregistration.k8s.io/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding', 'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration', 'resource.k8s.io/ResourceClaim',
  'resource.k8s.io/DeviceClass', 'autoscaling/HorizontalPodAutoscaler',
]);

/** Kinds without a spec whose generation follows every non-metadata change. */
const NON_METADATA_GENERATION = new Set([
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/MutatingWebhookConfiguration',
]);

const NAME_RULES: Readonly<Record<string, NameRule>> = {
  '/Namespace': NameRule.Label,
  '/Service': NameRule.Dns1035,
  'rbac.authorization.k8s.io/Role': NameRule.PathSegment,
  'rbac.authorization.k8s.io/ClusterRole': NameRule.PathSegment,
  'rbac.authorization.k8s.io/RoleBinding': NameRule.PathSegment,
  'rbac.authorization.k8s.io/ClusterRoleBinding': NameRule.PathSegment,
};

/** Kinds whose delete answers with the object rather than a Success Status. */
const RETURNS_DELETED = new Set(['/Pod', '/Service', '/PersistentVolumeClaim', '/PersistentVolume', '/Namespace', '/Node']);

/** Kinds whose v1 API orphans dependents by default, for back compatibility. */
const ORPHAN_BY_DEFAULT = new Set(['batch/Job', '/ReplicationController']);

function generationOf(key: string): GenerationPolicy {
  if (SPEC_GENERATION.has(key)) return GenerationPolicy.Spec;
  if (NON_METADATA_GENERATION.has(key)) return GenerationPolicy.NonMetadata;
  return GenerationPolicy.None;
}

function toDef(r: ResourceType): ResourceDef {
  const key = `${r.group}/${r.kind}`;
  return {
    group: r.group,
    version: r.version,
    kind: r.kind,
    listKind: `${r.kind}List`,
    resource: r.resource,
    singular: r.singular,
    namespaced: r.namespaced,
    verbs: r.verbs,
    shortNames: r.shortNames,
    categories: r.categories,
    subresources: r.subresourceDetails,
    schema: builtinSchema(r),
    storageKey: `${r.group}/${r.resource}`,
    generation: generationOf(key),
    nameRule: NAME_RULES[key] ?? NameRule.Subdomain,
    defaultPropagation: ORPHAN_BY_DEFAULT.has(key) ? 'Orphan' : 'Background',
    returnsDeletedObject: RETURNS_DELETED.has(key),
    custom: undefined,
  };
}

let cached: readonly ResourceDef[] | undefined;

/** Every built-in resource the server serves, built once. */
export function builtinResourceDefs(): readonly ResourceDef[] {
  cached ??= builtinResourceTypes().map(toDef);
  return cached;
}
