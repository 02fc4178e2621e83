/**
 * Protobuf field numbers of the API types kubectl's and helm's typed clients send as protobuf (`auth can-i`, `auth
 * whoami`, `create namespace|configmap|secret|serviceaccount|service|deployment|job|cronjob|role|rolebinding|...`,
 * helm's release Secrets, DeleteOptions),
 * keyed by OpenAPI definition name. Taken from the Kubernetes API's generated.proto files (field numbers never
 * change). Value types come from the OpenAPI schema; fields not listed here are skipped when decoding.
 */

type Table = Readonly<Record<number, string>>;

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const CORE = 'io.k8s.api.core.v1';
const AUTHZ = 'io.k8s.api.authorization.v1';

const OBJECT: Table = { 1: 'metadata', 2: 'spec', 3: 'status' };

/** Field numbers by definition name. */
export const FIELD_NUMBERS: Readonly<Record<string, Table>> = {
  [`${META}.ObjectMeta`]: {
    1: 'name', 2: 'generateName', 3: 'namespace', 4: 'selfLink', 5: 'uid', 6: 'resourceVersion', 7: 'generation', 8: 'creationTimestamp',
    9: 'deletionTimestamp', 10: 'deletionGracePeriodSeconds', 11: 'labels', 12: 'annotations', 13: 'ownerReferences', 14: 'finalizers', 17: 'managedFields',
  },
  [`${META}.OwnerReference`]: { 1: 'kind', 3: 'name', 4: 'uid', 5: 'apiVersion', 6: 'controller', 7: 'blockOwnerDeletion' },
  [`${META}.ManagedFieldsEntry`]: { 1: 'manager', 2: 'operation', 3: 'apiVersion', 4: 'time', 6: 'fieldsType', 7: 'fieldsV1', 8: 'subresource' },
  [`${META}.LabelSelector`]: { 1: 'matchLabels', 2: 'matchExpressions' },
  [`${META}.DeleteOptions`]: { 1: 'gracePeriodSeconds', 2: 'preconditions', 3: 'orphanDependents', 4: 'propagationPolicy', 5: 'dryRun' },
  [`${META}.Preconditions`]: { 1: 'uid', 2: 'resourceVersion' },
  [`${META}.LabelSelectorRequirement`]: { 1: 'key', 2: 'operator', 3: 'values' },

  [`${AUTHZ}.SelfSubjectAccessReview`]: OBJECT,
  [`${AUTHZ}.SubjectAccessReview`]: OBJECT,
  [`${AUTHZ}.LocalSubjectAccessReview`]: OBJECT,
  [`${AUTHZ}.SelfSubjectRulesReview`]: OBJECT,
  [`${AUTHZ}.SelfSubjectAccessReviewSpec`]: { 1: 'resourceAttributes', 2: 'nonResourceAttributes' },
  [`${AUTHZ}.SubjectAccessReviewSpec`]: { 1: 'resourceAttributes', 2: 'nonResourceAttributes', 3: 'user', 4: 'groups', 5: 'extra', 6: 'uid' },
  [`${AUTHZ}.SelfSubjectRulesReviewSpec`]: { 1: 'namespace' },
  [`${AUTHZ}.ResourceAttributes`]: { 1: 'namespace', 2: 'verb', 3: 'group', 4: 'version', 5: 'resource', 6: 'subresource', 7: 'name' },
  [`${AUTHZ}.NonResourceAttributes`]: { 1: 'path', 2: 'verb' },
  'io.k8s.api.authentication.v1.TokenReview': OBJECT,
  'io.k8s.api.authentication.v1.TokenReviewSpec': { 1: 'token', 2: 'audiences' },
  'io.k8s.api.authentication.v1.SelfSubjectReview': { 1: 'metadata', 2: 'status' },

  [`${CORE}.Namespace`]: OBJECT,
  [`${CORE}.NamespaceSpec`]: { 1: 'finalizers' },
  [`${CORE}.ConfigMap`]: { 1: 'metadata', 2: 'data', 3: 'binaryData', 4: 'immutable' },
  [`${CORE}.Secret`]: { 1: 'metadata', 2: 'data', 3: 'type', 4: 'stringData', 5: 'immutable' },
  [`${CORE}.ServiceAccount`]: { 1: 'metadata', 2: 'secrets', 3: 'imagePullSecrets', 4: 'automountServiceAccountToken' },
  [`${CORE}.ObjectReference`]: { 1: 'kind', 2: 'namespace', 3: 'name', 4: 'uid', 5: 'apiVersion', 6: 'resourceVersion', 7: 'fieldPath' },
  [`${CORE}.LocalObjectReference`]: { 1: 'name' },
  [`${CORE}.Service`]: OBJECT,
  [`${CORE}.ServiceSpec`]: {
    1: 'ports', 2: 'selector', 3: 'clusterIP', 4: 'type', 5: 'externalIPs', 7: 'sessionAffinity', 8: 'loadBalancerIP', 9: 'loadBalancerSourceRanges',
    10: 'externalName', 11: 'externalTrafficPolicy', 12: 'healthCheckNodePort', 13: 'publishNotReadyAddresses', 17: 'ipFamilyPolicy', 18: 'clusterIPs',
    19: 'ipFamilies', 20: 'allocateLoadBalancerNodePorts', 21: 'loadBalancerClass', 22: 'internalTrafficPolicy',
  },
  [`${CORE}.ServicePort`]: { 1: 'name', 2: 'protocol', 3: 'port', 4: 'targetPort', 5: 'nodePort', 6: 'appProtocol' },
  [`${CORE}.Pod`]: OBJECT,
  [`${CORE}.PodTemplateSpec`]: { 1: 'metadata', 2: 'spec' },
  [`${CORE}.PodSpec`]: {
    2: 'containers', 3: 'restartPolicy', 4: 'terminationGracePeriodSeconds', 5: 'activeDeadlineSeconds', 6: 'dnsPolicy', 7: 'nodeSelector',
    8: 'serviceAccountName', 9: 'serviceAccount', 10: 'nodeName', 11: 'hostNetwork', 12: 'hostPID', 13: 'hostIPC', 15: 'imagePullSecrets', 16: 'hostname',
    17: 'subdomain', 19: 'schedulerName', 20: 'initContainers', 21: 'automountServiceAccountToken', 24: 'priorityClassName', 25: 'priority',
    27: 'shareProcessNamespace', 29: 'runtimeClassName', 30: 'enableServiceLinks', 31: 'preemptionPolicy', 35: 'setHostnameAsFQDN', 37: 'hostUsers',
  },
  [`${CORE}.Container`]: {
    1: 'name', 2: 'image', 3: 'command', 4: 'args', 5: 'workingDir', 6: 'ports', 7: 'env', 8: 'resources', 13: 'terminationMessagePath',
    14: 'imagePullPolicy', 16: 'stdin', 17: 'stdinOnce', 18: 'tty', 20: 'terminationMessagePolicy', 24: 'restartPolicy',
  },
  [`${CORE}.ContainerPort`]: { 1: 'name', 2: 'hostPort', 3: 'containerPort', 4: 'protocol', 5: 'hostIP' },
  [`${CORE}.EnvVar`]: { 1: 'name', 2: 'value' },
  [`${CORE}.ResourceRequirements`]: { 1: 'limits', 2: 'requests' },

  'io.k8s.api.apps.v1.Deployment': OBJECT,
  'io.k8s.api.apps.v1.DeploymentSpec': { 1: 'replicas', 2: 'selector', 3: 'template', 4: 'strategy', 5: 'minReadySeconds', 6: 'revisionHistoryLimit', 7: 'paused', 9: 'progressDeadlineSeconds' },
  'io.k8s.api.apps.v1.DeploymentStrategy': { 1: 'type', 2: 'rollingUpdate' },
  'io.k8s.api.apps.v1.RollingUpdateDeployment': { 1: 'maxUnavailable', 2: 'maxSurge' },
  'io.k8s.api.batch.v1.Job': OBJECT,
  'io.k8s.api.batch.v1.JobSpec': { 1: 'parallelism', 2: 'completions', 3: 'activeDeadlineSeconds', 4: 'selector', 5: 'manualSelector', 6: 'template', 7: 'backoffLimit', 8: 'ttlSecondsAfterFinished', 9: 'completionMode', 10: 'suspend' },
  'io.k8s.api.batch.v1.CronJob': OBJECT,
  'io.k8s.api.batch.v1.CronJobSpec': { 1: 'schedule', 2: 'startingDeadlineSeconds', 3: 'concurrencyPolicy', 4: 'suspend', 5: 'jobTemplate', 6: 'successfulJobsHistoryLimit', 7: 'failedJobsHistoryLimit', 8: 'timeZone' },
  'io.k8s.api.batch.v1.JobTemplateSpec': { 1: 'metadata', 2: 'spec' },

  'io.k8s.api.rbac.v1.Role': { 1: 'metadata', 2: 'rules' },
  'io.k8s.api.rbac.v1.ClusterRole': { 1: 'metadata', 2: 'rules', 3: 'aggregationRule' },
  'io.k8s.api.rbac.v1.AggregationRule': { 1: 'clusterRoleSelectors' },
  'io.k8s.api.rbac.v1.PolicyRule': { 1: 'verbs', 2: 'apiGroups', 3: 'resources', 4: 'resourceNames', 5: 'nonResourceURLs' },
  'io.k8s.api.rbac.v1.RoleBinding': { 1: 'metadata', 2: 'subjects', 3: 'roleRef' },
  'io.k8s.api.rbac.v1.ClusterRoleBinding': { 1: 'metadata', 2: 'subjects', 3: 'roleRef' },
  'io.k8s.api.rbac.v1.Subject': { 1: 'kind', 2: 'apiGroup', 3: 'name', 4: 'namespace' },
  'io.k8s.api.rbac.v1.RoleRef': { 1: 'apiGroup', 2: 'kind', 3: 'name' },
};
