/**
 * kustomize's default transformer configuration (api/konfig/builtinpluginconsts): which fields hold names,
 * namespaces, labels, annotations, images and replica counts, and which fields refer to which kinds by name.
 */
import type { FieldSpec } from '../kustfile/types.js';

/** The fields of kinds that refer to another kind by name. */
export interface NameBackReference {
  readonly kind: string;
  readonly group?: string;
  readonly version?: string;
  readonly fieldSpecs: readonly FieldSpec[];
}

/** A complete transformer configuration. */
export interface TransformerConfig {
  namePrefix: FieldSpec[];
  nameSuffix: FieldSpec[];
  namespace: FieldSpec[];
  commonLabels: FieldSpec[];
  templateLabels: FieldSpec[];
  /** Extra fields for `labels` entries, from `configurations` files (`labels:`). */
  labels: FieldSpec[];
  commonAnnotations: FieldSpec[];
  varReference: FieldSpec[];
  nameReference: NameBackReference[];
  images: FieldSpec[];
  replicas: FieldSpec[];
}

const fs = (path: string, kind?: string, create?: boolean, group?: string, version?: string): FieldSpec => ({
  path,
  ...(kind === undefined ? {} : { kind }),
  ...(create === undefined ? {} : { create }),
  ...(group === undefined ? {} : { group }),
  ...(version === undefined ? {} : { version }),
});

const WORKLOADS = ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job'] as const;
const POD_SPEC_PATHS = {
  Pod: 'spec',
  Deployment: 'spec/template/spec',
  ReplicaSet: 'spec/template/spec',
  DaemonSet: 'spec/template/spec',
  StatefulSet: 'spec/template/spec',
  Job: 'spec/template/spec',
  CronJob: 'spec/jobTemplate/spec/template/spec',
} as const;

function affinityLabelSpecs(kind: string): FieldSpec[] {
  return ['podAffinity', 'podAntiAffinity'].flatMap((a) => [
    fs(`spec/template/spec/affinity/${a}/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels`, kind, false, 'apps'),
    fs(`spec/template/spec/affinity/${a}/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels`, kind, false, 'apps'),
  ]);
}

function commonLabels(): FieldSpec[] {
  return [
    fs('metadata/labels', undefined, true),
    fs('spec/selector', 'Service', true, undefined, 'v1'),
    fs('spec/selector', 'ReplicationController', true, undefined, 'v1'),
    fs('spec/template/metadata/labels', 'ReplicationController', true, undefined, 'v1'),
    fs('spec/selector/matchLabels', 'Deployment', true),
    fs('spec/template/metadata/labels', 'Deployment', true),
    ...affinityLabelSpecs('Deployment'),
    fs('spec/selector/matchLabels', 'ReplicaSet', false, 'extensions', 'v1beta1'),
    fs('spec/selector/matchLabels', 'ReplicaSet', true),
    fs('spec/template/metadata/labels', 'ReplicaSet', true),
    fs('spec/selector/matchLabels', 'DaemonSet', false, 'extensions', 'v1beta1'),
    fs('spec/selector/matchLabels', 'DaemonSet', true),
    fs('spec/template/metadata/labels', 'DaemonSet', true),
    fs('spec/selector/matchLabels', 'StatefulSet', false, 'apps', 'v1beta1'),
    fs('spec/selector/matchLabels', 'StatefulSet', true, 'apps'),
    fs('spec/template/metadata/labels', 'StatefulSet', true, 'apps'),
    ...affinityLabelSpecs('StatefulSet'),
    fs('spec/volumeClaimTemplates[]/metadata/labels', 'StatefulSet', true, 'apps'),
    fs('spec/selector/matchLabels', 'Job', false, 'batch'),
    fs('spec/template/metadata/labels', 'Job', true, 'batch'),
    fs('spec/jobTemplate/spec/selector/matchLabels', 'CronJob', false, 'batch'),
    fs('spec/jobTemplate/metadata/labels', 'CronJob', true, 'batch'),
    fs('spec/jobTemplate/spec/template/metadata/labels', 'CronJob', true, 'batch'),
    fs('spec/selector/matchLabels', 'PodDisruptionBudget', false, 'policy'),
    fs('spec/podSelector/matchLabels', 'NetworkPolicy', false, 'networking.k8s.io'),
    fs('spec/ingress/from/podSelector/matchLabels', 'NetworkPolicy', false, 'networking.k8s.io'),
    fs('spec/egress/to/podSelector/matchLabels', 'NetworkPolicy', false, 'networking.k8s.io'),
  ];
}

function templateLabels(): FieldSpec[] {
  return [
    fs('spec/template/metadata/labels', 'ReplicationController', true, undefined, 'v1'),
    fs('spec/template/metadata/labels', 'Deployment', true),
    fs('spec/template/metadata/labels', 'ReplicaSet', true),
    fs('spec/template/metadata/labels', 'DaemonSet', true),
    fs('spec/template/metadata/labels', 'StatefulSet', true, 'apps'),
    fs('spec/template/metadata/labels', 'Job', true, 'batch'),
    fs('spec/jobTemplate/metadata/labels', 'CronJob', true, 'batch'),
    fs('spec/jobTemplate/spec/template/metadata/labels', 'CronJob', true, 'batch'),
  ];
}

function commonAnnotations(): FieldSpec[] {
  return [
    fs('metadata/annotations', undefined, true),
    fs('spec/template/metadata/annotations', 'ReplicationController', true, undefined, 'v1'),
    fs('spec/template/metadata/annotations', 'Deployment', true),
    fs('spec/template/metadata/annotations', 'ReplicaSet', true),
    fs('spec/template/metadata/annotations', 'DaemonSet', true),
    fs('spec/template/metadata/annotations', 'StatefulSet', true, 'apps'),
    fs('spec/template/metadata/annotations', 'Job', true, 'batch'),
    fs('spec/jobTemplate/metadata/annotations', 'CronJob', true, 'batch'),
    fs('spec/jobTemplate/spec/template/metadata/annotations', 'CronJob', true, 'batch'),
  ];
}

function namespaceSpecs(): FieldSpec[] {
  return [
    fs('metadata/namespace', undefined, true),
    fs('metadata/name', 'Namespace', true),
    fs('subjects', 'RoleBinding'),
    fs('subjects', 'ClusterRoleBinding'),
    fs('spec/service/namespace', 'APIService', true, 'apiregistration.k8s.io'),
    fs('spec/conversion/webhook/clientConfig/service/namespace', 'CustomResourceDefinition', undefined, 'apiextensions.k8s.io'),
  ];
}

function varReference(): FieldSpec[] {
  const out: FieldSpec[] = [];
  const containerFields = ['args', 'command', 'env/value', 'volumeMounts/mountPath'];
  for (const [kind, base] of Object.entries(POD_SPEC_PATHS)) {
    for (const c of ['containers', 'initContainers']) for (const f of containerFields) out.push(fs(`${base}/${c}/${f}`, kind));
    if (kind !== 'StatefulSet') out.push(fs(`${base}/volumes/nfs/server`, kind));
  }
  out.push(fs('spec/jobTemplate/spec/template/volumes/nfs/server', 'CronJob'));
  out.push(fs('spec/volumeClaimTemplates/spec/nfs/server', 'StatefulSet'));
  out.push(fs('spec/rules/host', 'Ingress'), fs('spec/tls/hosts', 'Ingress'), fs('spec/tls/secretName', 'Ingress'));
  out.push(fs('spec/ports/port', 'Service'), fs('spec/ports/targetPort', 'Service'));
  out.push(fs('spec/nfs/server', 'PersistentVolume'), fs('metadata/labels'), fs('metadata/annotations'), fs('spec/template/metadata/annotations'));
  return out;
}

function podRefs(tail: readonly string[], kinds: readonly (keyof typeof POD_SPEC_PATHS)[]): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const kind of kinds) {
    for (const t of tail) out.push(kind === 'Pod' ? fs(`spec/${t}`, 'Pod', undefined, undefined, 'v1') : fs(`${POD_SPEC_PATHS[kind]}/${t}`, kind));
  }
  return out;
}

const ALL_POD_KINDS = ['Pod', ...WORKLOADS, 'CronJob'] as const;

function nameReference(): NameBackReference[] {
  const scaleTarget = (kind: string): NameBackReference => ({ kind, fieldSpecs: [fs('spec/scaleTargetRef/name', 'HorizontalPodAutoscaler')] });
  const cmTail = ['volumes/configMap/name', 'containers/env/valueFrom/configMapKeyRef/name', 'initContainers/env/valueFrom/configMapKeyRef/name',
    'containers/envFrom/configMapRef/name', 'initContainers/envFrom/configMapRef/name', 'volumes/projected/sources/configMap/name'];
  const secretTail = ['volumes/secret/secretName', 'containers/env/valueFrom/secretKeyRef/name', 'initContainers/env/valueFrom/secretKeyRef/name',
    'containers/envFrom/secretRef/name', 'initContainers/envFrom/secretRef/name', 'imagePullSecrets/name', 'volumes/projected/sources/secret/name'];
  const knative = (p: string): FieldSpec => fs(p, 'Service', undefined, 'serving.knative.dev', 'v1');
  const podAndWorkloads = (tail: string): FieldSpec[] => [
    fs(`spec/${tail}`, 'Pod'),
    ...(['StatefulSet', 'Deployment', 'ReplicationController'] as const).map((k) => fs(`spec/template/spec/${tail}`, k)),
    fs(`spec/jobTemplate/spec/template/spec/${tail}`, 'CronJob'),
    fs(`spec/template/spec/${tail}`, 'Job'),
    fs(`spec/template/spec/${tail}`, 'DaemonSet'),
  ];
  return [
    scaleTarget('Deployment'), scaleTarget('ReplicationController'), scaleTarget('ReplicaSet'), scaleTarget('StatefulSet'),
    {
      kind: 'ConfigMap', version: 'v1',
      fieldSpecs: [
        ...podRefs(cmTail, ALL_POD_KINDS),
        fs('spec/configSource/configMap', 'Node'), fs('rules/resourceNames', 'Role'), fs('rules/resourceNames', 'ClusterRole'),
        fs('metadata/annotations/nginx.ingress.kubernetes.io\\/fastcgi-params-configmap', 'Ingress'),
        knative('spec/template/spec/containers/env/valueFrom/configMapKeyRef/name'), knative('spec/template/spec/containers/envFrom/configMapRef/name'),
      ],
    },
    {
      kind: 'Secret', version: 'v1',
      fieldSpecs: [
        ...podRefs(secretTail, ALL_POD_KINDS),
        fs('spec/tls/secretName', 'Ingress'), fs('metadata/annotations/ingress.kubernetes.io\\/auth-secret', 'Ingress'),
        fs('metadata/annotations/nginx.ingress.kubernetes.io\\/auth-secret', 'Ingress'), fs('metadata/annotations/nginx.ingress.kubernetes.io\\/auth-tls-secret', 'Ingress'),
        fs('spec/tls/secretName', 'Ingress'), fs('imagePullSecrets/name', 'ServiceAccount'),
        fs('parameters/secretName', 'StorageClass'), fs('parameters/adminSecretName', 'StorageClass'), fs('parameters/userSecretName', 'StorageClass'), fs('parameters/secretRef', 'StorageClass'),
        fs('rules/resourceNames', 'Role'), fs('rules/resourceNames', 'ClusterRole'),
        knative('spec/template/spec/containers/env/valueFrom/secretKeyRef/name'), fs('spec/azureFile/secretName', 'PersistentVolume'),
      ],
    },
    {
      kind: 'Service', version: 'v1',
      fieldSpecs: [
        fs('spec/serviceName', 'StatefulSet', undefined, 'apps'), fs('spec/rules/http/paths/backend/serviceName', 'Ingress'), fs('spec/backend/serviceName', 'Ingress'),
        fs('spec/rules/http/paths/backend/service/name', 'Ingress'), fs('spec/defaultBackend/service/name', 'Ingress'),
        fs('spec/service/name', 'APIService', undefined, 'apiregistration.k8s.io'),
        fs('webhooks/clientConfig/service', 'ValidatingWebhookConfiguration', undefined, 'admissionregistration.k8s.io'),
        fs('webhooks/clientConfig/service', 'MutatingWebhookConfiguration', undefined, 'admissionregistration.k8s.io'),
      ],
    },
    { kind: 'Role', group: 'rbac.authorization.k8s.io', fieldSpecs: [fs('roleRef/name', 'RoleBinding', undefined, 'rbac.authorization.k8s.io')] },
    {
      kind: 'ClusterRole', group: 'rbac.authorization.k8s.io',
      fieldSpecs: [fs('roleRef/name', 'RoleBinding', undefined, 'rbac.authorization.k8s.io'), fs('roleRef/name', 'ClusterRoleBinding', undefined, 'rbac.authorization.k8s.io')],
    },
    {
      kind: 'ServiceAccount', version: 'v1',
      fieldSpecs: [
        fs('subjects', 'RoleBinding', undefined, 'rbac.authorization.k8s.io'), fs('subjects', 'ClusterRoleBinding', undefined, 'rbac.authorization.k8s.io'),
        ...podAndWorkloads('serviceAccountName'),
      ],
    },
    { kind: 'PersistentVolumeClaim', version: 'v1', fieldSpecs: podAndWorkloads('volumes/persistentVolumeClaim/claimName') },
    { kind: 'PersistentVolume', version: 'v1', fieldSpecs: [fs('spec/volumeName', 'PersistentVolumeClaim'), fs('rules/resourceNames', 'ClusterRole')] },
    {
      kind: 'StorageClass', version: 'v1', group: 'storage.k8s.io',
      fieldSpecs: [fs('spec/storageClassName', 'PersistentVolume'), fs('spec/storageClassName', 'PersistentVolumeClaim'), fs('spec/volumeClaimTemplates/spec/storageClassName', 'StatefulSet')],
    },
    { kind: 'PriorityClass', version: 'v1', group: 'scheduling.k8s.io', fieldSpecs: podAndWorkloads('priorityClassName') },
    { kind: 'IngressClass', version: 'v1', group: 'networking.k8s.io/v1', fieldSpecs: [fs('spec/ingressClassName', 'Ingress')] },
  ];
}

let defaults: TransformerConfig | undefined;

/** A fresh copy of kustomize's default configuration (the lists are new; the field specs themselves are shared). */
export function defaultTransformerConfig(): TransformerConfig {
  defaults ??= buildDefaultConfig();
  const d = defaults;
  return {
    namePrefix: [...d.namePrefix], nameSuffix: [...d.nameSuffix], namespace: [...d.namespace], commonLabels: [...d.commonLabels],
    templateLabels: [...d.templateLabels], labels: [...d.labels], commonAnnotations: [...d.commonAnnotations],
    varReference: [...d.varReference], nameReference: [...d.nameReference], images: [...d.images], replicas: [...d.replicas],
  };
}

function buildDefaultConfig(): TransformerConfig {
  const images = ['spec/containers[]/image', 'spec/initContainers[]/image', 'spec/template/spec/containers[]/image', 'spec/template/spec/initContainers[]/image']
    .map((p) => fs(p, undefined, true));
  return {
    namePrefix: [fs('metadata/name')],
    nameSuffix: [fs('metadata/name')],
    namespace: namespaceSpecs(),
    commonLabels: commonLabels(),
    templateLabels: templateLabels(),
    labels: [],
    commonAnnotations: commonAnnotations(),
    varReference: varReference(),
    nameReference: nameReference(),
    images,
    replicas: ['Deployment', 'ReplicationController', 'ReplicaSet', 'StatefulSet'].map((k) => fs('spec/replicas', k, true)),
  };
}
