/**
 * Schema pieces shared by every Flux kind: object metadata, references, conditions, artifacts, inventories,
 * reconciliation history and kustomize patch types, as `github.com/fluxcd/pkg/apis/meta` and `.../kustomize` define them.
 */
import { FLUX_DURATION_PATTERN, FLUX_TIMEOUT_PATTERN, parseDurationNs } from '../duration.js';
import {
  array,
  boolean,
  enumOf,
  integer,
  json,
  map,
  object,
  string,
  type OutputOf,
  type Schema,
} from '../schema/schema.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The error text for a name that is not a DNS-1123 subdomain, or undefined when it is one. */
export function checkObjectName(name: string): string | undefined {
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name)
    ? undefined
    : 'a DNS-1123 subdomain name (lowercase letters, digits, "-" and ".", at most 253 characters)';
}

/** The error text for a namespace that is not a DNS-1123 label, or undefined when it is one. */
export function checkNamespaceName(name: string): string | undefined {
  return name.length <= 63 && DNS1123_LABEL.test(name)
    ? undefined
    : 'a DNS-1123 label (lowercase letters, digits and "-", at most 63 characters)';
}

function durationInRange(text: string): string | undefined {
  return typeof parseDurationNs(text) === 'string' ? 'a Go duration within range (at most about 292 years)' : undefined;
}

/** A Flux interval: Go duration syntax restricted to ms, s, m and h (`30s`, `5m`, `1h30m`). */
export function duration(): Schema<string> {
  return string({ pattern: FLUX_DURATION_PATTERN })
    .refine('a Go duration such as 30s, 5m or 1h30m (units ms, s, m, h)', durationInRange);
}

/** A Flux timeout where the CRD does not admit hours (`60s`, `2m`). */
export function timeoutDuration(): Schema<string> {
  return string({ pattern: FLUX_TIMEOUT_PATTERN })
    .refine('a Go duration such as 60s or 2m (units ms, s, m)', durationInRange);
}

/** An RFC 3339 timestamp, as `metav1.Time` serialises. */
export function timestamp(): Schema<string> {
  return string({ format: 'date-time' });
}

/** The subset of Kubernetes `ObjectMeta` Sluice reads; `name` is required and checked like the API server does. */
export const objectMetaSchema = object({
  name: string().required().refine('a DNS-1123 subdomain name', checkObjectName),
  namespace: string().refine('a DNS-1123 label', checkNamespaceName),
  generateName: string(),
  uid: string(),
  resourceVersion: string(),
  generation: integer({ format: 'int64' }),
  creationTimestamp: timestamp().nullable(),
  deletionTimestamp: timestamp().nullable(),
  deletionGracePeriodSeconds: integer({ format: 'int64' }),
  labels: map(string()),
  annotations: map(string()),
  finalizers: array(string()),
  ownerReferences: array(json()),
  managedFields: array(json()),
});
/** Kubernetes object metadata as Sluice reads it. */
export type ObjectMeta = OutputOf<typeof objectMetaSchema>;

/** A reference to an object in the same namespace (`meta.LocalObjectReference`). */
export const localObjectReferenceSchema = object({
  name: string().required().describe('Name of the referent.'),
});
/** A reference by name to an object in the same namespace. */
export type LocalObjectReference = OutputOf<typeof localObjectReferenceSchema>;

/** A reference to a Secret key (`meta.SecretKeyReference`). */
export const secretKeyReferenceSchema = object({
  name: string().required().describe('Name of the Secret.'),
  key: string().describe('Key in the Secret, when not specified an implementation-specific default key is used.'),
});

/** A reference to an object by name, optionally in another namespace (`meta.NamespacedObjectReference`). */
export const namespacedObjectReferenceSchema = object({
  name: string().required().describe('Name of the referent.'),
  namespace: string().describe('Namespace of the referent, when not specified it acts as LocalObjectReference.'),
});
/** A reference by name, optionally in another namespace (dependsOn of HelmRelease, and the like). */
export type NamespacedObjectReference = OutputOf<typeof namespacedObjectReferenceSchema>;

/** A typed reference to an object in any namespace (`meta.NamespacedObjectKindReference`, used by health checks). */
export const namespacedObjectKindReferenceSchema = object({
  apiVersion: string().describe('API version of the referent, if not specified the Kubernetes preferred version will be used.'),
  kind: string().required().describe('Kind of the referent.'),
  name: string().required().describe('Name of the referent.'),
  namespace: string().describe('Namespace of the referent, when not specified it acts as LocalObjectReference.'),
});
/** A typed reference to an object in any namespace (Kustomization health checks). */
export type NamespacedObjectKindReference = OutputOf<typeof namespacedObjectKindReferenceSchema>;

/** Where a kubeconfig for a remote cluster is found (`meta.KubeConfigReference`). */
export const kubeConfigReferenceSchema = object({
  provider: enumOf(['generic', 'aws', 'azure', 'gcp']).describe('Provider used for authenticating to the remote cluster.'),
  cluster: string().describe('Cluster resource name of the remote cluster, for cloud providers.'),
  address: string().describe('Address of the remote cluster API server, for cloud providers.'),
  serviceAccountName: string().describe('ServiceAccount used to authenticate with the cloud provider.'),
  configMapRef: localObjectReferenceSchema.describe('ConfigMap holding the cloud provider configuration.'),
  secretRef: secretKeyReferenceSchema.describe('Secret holding the kubeconfig (key "value" or "value.yaml" when no key is given).'),
});

/** Standard Kubernetes condition (`metav1.Condition`), with the API server's own limits. */
export const conditionSchema = object({
  type: string({
    pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
    maxLength: 316,
  }).required(),
  status: enumOf(['True', 'False', 'Unknown']).required(),
  observedGeneration: integer({ format: 'int64', minimum: 0 }),
  lastTransitionTime: timestamp().required(),
  reason: string({ pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$', minLength: 1, maxLength: 1024 }).required(),
  message: string({ maxLength: 32768 }).required(),
});
/** A status condition (`metav1.Condition`). */
export type Condition = OutputOf<typeof conditionSchema>;

/** The source artifact a source controller produced (`meta.Artifact`). */
export const artifactSchema = object({
  path: string().required().describe('Path is the relative file path of the Artifact.'),
  url: string().required().describe('URL is the HTTP address of the Artifact as exposed by the controller.'),
  revision: string().required().describe('Revision is a human-readable identifier traceable in the origin source system.'),
  digest: string({ pattern: '^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$' }).describe('Digest is the digest of the file in the form of \'<algorithm>:<checksum>\'.'),
  lastUpdateTime: timestamp().required().describe('LastUpdateTime is the timestamp corresponding to the last update of the Artifact.'),
  size: integer({ format: 'int64' }).describe('Size is the number of bytes in the file.'),
  metadata: map(string()).describe('Metadata holds upstream information such as OCI annotations.'),
});
/** A source artifact: where to download it, its revision and digest. */
export type Artifact = OutputOf<typeof artifactSchema>;

/** One applied object in an inventory: `id` is `<namespace>_<name>_<group>_<kind>`, `v` the API version. */
export const resourceRefSchema = object({
  id: string().required().describe('ID is the string representation of the Kubernetes resource object\'s metadata, in the format \'<namespace>_<name>_<group>_<kind>\'.'),
  v: string().required().describe('Version is the API version of the Kubernetes resource object\'s kind.'),
});
/** One inventory entry: `{ id: '<ns>_<name>_<group>_<kind>', v: '<version>' }`. */
export type ResourceRef = OutputOf<typeof resourceRefSchema>;

/** The objects a Kustomization or HelmRelease applied (`ResourceInventory`). */
export const resourceInventorySchema = object({
  entries: array(resourceRefSchema).required().describe('Entries of Kubernetes resource object references.'),
});
/** The objects a Kustomization applied, as `status.inventory` records them. */
export type ResourceInventory = OutputOf<typeof resourceInventorySchema>;

/** One entry of a reconciliation history (`meta.Snapshot`). */
export const historySnapshotSchema = object({
  digest: string().required().describe('Digest is the checksum in the format `<algo>:<hex>` of the resources in this snapshot.'),
  firstReconciled: timestamp().required().describe('FirstReconciled is the time when this revision was first reconciled to the cluster.'),
  lastReconciled: timestamp().required().describe('LastReconciled is the time when this revision was last reconciled to the cluster.'),
  lastReconciledDuration: string().required().describe('LastReconciledDuration is time it took to reconcile the resources in this revision.'),
  lastReconciledStatus: string().required().describe('LastReconciledStatus is the status of the last reconciliation.'),
  totalReconciliations: integer({ format: 'int64' }).required().describe('TotalReconciliations is the total number of reconciliations that have occurred for this snapshot.'),
  metadata: map(string()).describe('Metadata contains metadata about the last reconciliation.'),
});
/** One history entry: a desired-state digest and how its reconciliations went. */
export type HistorySnapshot = OutputOf<typeof historySnapshotSchema>;

/** Selects objects by group, version, kind, name, namespace and label or annotation selectors (`kustomize.Selector`). */
export const selectorSchema = object({
  group: string().describe('Group is the API group to select resources from.'),
  version: string().describe('Version of the API Group to select resources from.'),
  kind: string().describe('Kind of the API Group to select resources from.'),
  namespace: string().describe('Namespace to select resources from.'),
  name: string().describe('Name to match resources with.'),
  annotationSelector: string().describe('AnnotationSelector is a string that follows the label selection expression.'),
  labelSelector: string().describe('LabelSelector is a string that follows the label selection expression.'),
});
/** Selects patch or drift-ignore targets by group, version, kind, name, namespace and selectors. */
export type Selector = OutputOf<typeof selectorSchema>;

/** A strategic merge or JSON 6902 patch with its target (`kustomize.Patch`). */
export const patchSchema = object({
  patch: string().required().describe('Patch contains an inline StrategicMerge patch or an inline JSON6902 patch with an array of operation objects.'),
  target: selectorSchema.describe('Target points to the resources that the patch document should be applied to.'),
});
/** A strategic merge or JSON 6902 patch with an optional target. */
export type Patch = OutputOf<typeof patchSchema>;

/** One RFC 6902 operation (`kustomize.JSON6902`). */
export const json6902OperationSchema = object({
  op: enumOf(['test', 'remove', 'add', 'replace', 'move', 'copy']).required(),
  path: string().required(),
  from: string(),
  value: json(),
});

/** A JSON 6902 patch and its target (`kustomize.JSON6902Patch`, deprecated in favour of `patches`). */
export const json6902PatchSchema = object({
  patch: array(json6902OperationSchema).required(),
  target: selectorSchema.required(),
});

/** An image override (`kustomize.Image`). */
export const imageSchema = object({
  name: string().required().describe('Name is a tag-less image name.'),
  newName: string().describe('NewName is the value used to replace the original name.'),
  newTag: string().describe('NewTag is the value used to replace the original tag.'),
  digest: string().describe('Digest is the value used to replace the original image tag. If digest is present NewTag value is ignored.'),
});
/** An image name/tag/digest override. */
export type Image = OutputOf<typeof imageSchema>;

/** Namespaces allowed to refer to an object (`acl.AccessFrom`; provisional in Flux, not enforced). */
export const accessFromSchema = object({
  namespaceSelectors: array(object({ matchLabels: map(string()) })).required(),
});

/** A ConfigMap or Secret holding values (post-build substitutions, Helm values). */
export function valuesReferenceFields() {
  return {
    kind: enumOf(['Secret', 'ConfigMap']).required().describe('Kind of the values referent, valid values are (\'Secret\', \'ConfigMap\').'),
    name: string({ minLength: 1, maxLength: 253 }).required().describe('Name of the values referent. Should reside in the same namespace as the referring resource.'),
  };
}

/** The status fields every Flux kind with a status subresource has. */
export function commonStatusFields() {
  return {
    observedGeneration: integer({ format: 'int64' }).describe('ObservedGeneration is the last observed generation.'),
    conditions: array(conditionSchema).describe('Conditions holds the conditions for the object.'),
    lastHandledReconcileAt: string().describe('LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.'),
  };
}

/** The `suspend` flag every Flux kind has. */
export function suspendField(what: string): Schema<boolean> {
  return boolean().describe(`Suspend tells the controller to suspend the reconciliation of this ${what}.`);
}
