/**
 * Resource identity as kustomize spells it: a group/version/kind plus name and namespace, printed as
 * `Deployment.v1.apps/name.namespace` (with `[noGrp]`, `[noNs]` placeholders) in its error messages.
 */

/** A group, version and kind; empty strings mean "unset". */
export interface Gvk {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** A resource's identity. */
export interface ResId extends Gvk {
  readonly name: string;
  readonly namespace: string;
}

/** Splits `apps/v1` into group and version (`v1` is the core group). */
export function parseGroupVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  if (i < 0) return { group: '', version: apiVersion };
  return { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** `apps/v1`, or `v1` for the core group. */
export function apiVersionOf(gvk: Gvk): string {
  if (gvk.group === '') return gvk.version;
  return `${gvk.group}/${gvk.version}`;
}

/** kustomize's `Gvk.String()`: `Kind.version.group`. */
export function gvkString(g: Gvk): string {
  return `${g.kind || '[noKind]'}.${g.version || '[noVer]'}.${g.group || '[noGrp]'}`;
}

/** kustomize's `ResId.String()`: `Kind.version.group/name.namespace`. */
export function resIdString(id: ResId): string {
  return `${gvkString(id)}/${id.name || '[noName]'}.${id.namespace || '[noNs]'}`;
}

/** True when every non-empty field of `selector` equals the same field of `gvk` (kustomize's `Gvk.IsSelected`). */
export function gvkSelected(gvk: Gvk, selector: Partial<Gvk> | undefined): boolean {
  if (!selector) return true;
  if (selector.group && gvk.group !== selector.group) return false;
  if (selector.version && gvk.version !== selector.version) return false;
  if (selector.kind && gvk.kind !== selector.kind) return false;
  return true;
}

export function gvkEquals(a: Gvk, b: Gvk): boolean {
  return a.group === b.group && a.version === b.version && a.kind === b.kind;
}

/**
 * The types kustomize 5.7.1 knows to be cluster-scoped. kyaml answers from its embedded Kubernetes 1.21 OpenAPI
 * document, by apiVersion and kind, so newer cluster-scoped kinds (ValidatingAdmissionPolicy, DeviceClass, ...) are
 * treated as namespaced and do receive a namespace. The table was taken from the real tool's behaviour.
 */
const CLUSTER_SCOPED = new Set([
  'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration', 'admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration',
  'apiextensions.k8s.io/v1 CustomResourceDefinition', 'apiextensions.k8s.io/v1beta1 CustomResourceDefinition',
  'apiregistration.k8s.io/v1 APIService', 'apiregistration.k8s.io/v1beta1 APIService',
  'certificates.k8s.io/v1 CertificateSigningRequest', 'certificates.k8s.io/v1beta1 CertificateSigningRequest',
  'flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema', 'flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration',
  'networking.k8s.io/v1 IngressClass', 'networking.k8s.io/v1beta1 IngressClass',
  'node.k8s.io/v1 RuntimeClass', 'node.k8s.io/v1beta1 RuntimeClass',
  'policy/v1beta1 PodSecurityPolicy',
  'rbac.authorization.k8s.io/v1 ClusterRole', 'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1beta1 ClusterRole', 'rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding',
  'scheduling.k8s.io/v1 PriorityClass', 'scheduling.k8s.io/v1beta1 PriorityClass',
  'storage.k8s.io/v1 CSIDriver', 'storage.k8s.io/v1 CSINode', 'storage.k8s.io/v1 StorageClass', 'storage.k8s.io/v1 VolumeAttachment',
  'storage.k8s.io/v1beta1 CSIDriver', 'storage.k8s.io/v1beta1 CSINode', 'storage.k8s.io/v1beta1 StorageClass', 'storage.k8s.io/v1beta1 VolumeAttachment',
  'v1 ComponentStatus', 'v1 Namespace', 'v1 Node', 'v1 PersistentVolume',
  // Not in kustomize 5.7.1's table (it namespaces them, wrongly); newer kustomize knows they are cluster-scoped.
  'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/v1beta1 ValidatingAdmissionPolicyBinding',
]);

/** Kinds registered as cluster-scoped at run time (from `crds:` and custom OpenAPI schemas). */
export type ScopeOverrides = ReadonlyMap<string, boolean>;

/** True when kustomize is certain the type is cluster-scoped (unknown types count as namespaced). */
export function isClusterScoped(gvk: Gvk, overrides?: ScopeOverrides): boolean {
  const key = `${apiVersionOf(gvk)} ${gvk.kind}`;
  const o = overrides?.get(key);
  if (o !== undefined) return o;
  return CLUSTER_SCOPED.has(key);
}

/** kustomize's `EffectiveNamespace`: `default` for an empty namespace, a marker for cluster-scoped kinds. */
export function effectiveNamespace(id: ResId, overrides?: ScopeOverrides): string {
  if (isClusterScoped(id, overrides)) return '_non_namespaceable_';
  return id.namespace === '' ? 'default' : id.namespace;
}

/** kustomize's `ResId.Equals`: same group, version, kind, name and effective namespace. */
export function resIdEquals(a: ResId, b: ResId, overrides?: ScopeOverrides): boolean {
  return gvkEquals(a, b) && a.name === b.name && effectiveNamespace(a, overrides) === effectiveNamespace(b, overrides);
}
