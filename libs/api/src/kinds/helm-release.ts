/**
 * HelmRelease, `helm.toolkit.fluxcd.io/v2`, field for field as helm-controller defines it, plus v2beta2 and
 * v2beta1, whose fields are a subset of v2's.
 */
import { array, boolean, enumOf, freeObject, integer, json, map, object, string, type OutputOf, type Schema } from '../schema/schema.js';
import { READY_COLUMNS, convertByDropping, topLevelSchemaWithStatus, type KindDefinition } from './kind.js';
import {
  commonStatusFields,
  duration,
  imageSchema,
  json6902PatchSchema,
  kubeConfigReferenceSchema,
  localObjectReferenceSchema,
  patchSchema,
  selectorSchema,
  suspendField,
  timestamp,
  valuesReferenceFields,
} from './meta.js';

/** API group of HelmRelease. */
export const HELM_GROUP = 'helm.toolkit.fluxcd.io';

function nameField(): Schema<string, 'required'> {
  return string({ minLength: 1, maxLength: 253 }).required().describe('Name of the referent.');
}

function namespaceField(): Schema<string> {
  return string({ minLength: 1, maxLength: 63 }).describe('Namespace of the referent, defaults to the namespace of the Kubernetes resource object that contains the reference.');
}

function actionTimeout(action: string): Schema<string> {
  return duration().describe(`Timeout is the time to wait for any individual Kubernetes operation during the performance of a Helm ${action} action. Defaults to 'HelmReleaseSpec.Timeout'.`);
}

const remediationStrategySchema = object(
  {
    name: enumOf(['RemediateOnFailure', 'RetryOnFailure']).required().describe('Name of the strategy to use for failures: remediate (uninstall or roll back) or retry without remediating.'),
    retryInterval: duration().describe("RetryInterval is the interval at which to retry a failed release; only for the 'RetryOnFailure' strategy. Defaults to the HelmRelease interval."),
  },
  {
    rules: [
      {
        rule: "!has(self.retryInterval) || self.name != 'RemediateOnFailure'",
        message: "retryInterval cannot be set when .name is 'RemediateOnFailure'",
        test: (self) => self['retryInterval'] === undefined || self['name'] !== 'RemediateOnFailure',
      },
    ],
  },
);

const crdsPolicy = () => enumOf(['Skip', 'Create', 'CreateReplace']);

const installSchema = object({
  timeout: actionTimeout('install'),
  strategy: remediationStrategySchema.describe('Strategy defines the install strategy to use when the install action fails.'),
  remediation: object({
    retries: integer().describe("Retries is the number of retries that should be attempted on failures before bailing. Defaults to '0', a negative integer equals to unlimited retries."),
    ignoreTestFailures: boolean().describe("IgnoreTestFailures tells the controller to skip remediation when the Helm tests are run after an install action but fail. Defaults to 'Test.IgnoreFailures'."),
    remediateLastFailure: boolean().describe("RemediateLastFailure tells the controller to remediate the last failure, when no retries remain. Defaults to 'false'."),
  }).describe('Remediation holds the remediation configuration for when the Helm install action for the HelmRelease fails.'),
  disableWait: boolean().describe('DisableWait disables the waiting for resources to be ready after a Helm install has been performed.'),
  disableWaitForJobs: boolean().describe('DisableWaitForJobs disables waiting for jobs to complete after a Helm install has been performed.'),
  disableHooks: boolean().describe('DisableHooks prevents hooks from running during the Helm install action.'),
  disableOpenAPIValidation: boolean().describe('DisableOpenAPIValidation prevents the Helm install action from validating rendered templates against the Kubernetes OpenAPI Schema.'),
  replace: boolean().describe("Replace tells the Helm install action to re-use the 'ReleaseName', but only if that name is a deleted release which remains in the history."),
  skipCRDs: boolean().describe('SkipCRDs tells the Helm install action to not install any CRDs (deprecated, use crds: Skip).'),
  crds: crdsPolicy().describe("CRDs upgrade CRDs from the Helm Chart's crds directory according to the CRD upgrade policy provided here. Default is 'Create'."),
  createNamespace: boolean().describe('CreateNamespace tells the Helm install action to create the HelmReleaseSpec.TargetNamespace if it does not exist yet.'),
});

const upgradeSchema = object({
  timeout: actionTimeout('upgrade'),
  strategy: remediationStrategySchema.describe('Strategy defines the upgrade strategy to use when the upgrade action fails.'),
  remediation: object({
    retries: integer().describe("Retries is the number of retries that should be attempted on failures before bailing. Defaults to '0', a negative integer equals to unlimited retries."),
    ignoreTestFailures: boolean().describe("IgnoreTestFailures tells the controller to skip remediation when the Helm tests are run after an upgrade action but fail. Defaults to 'Test.IgnoreFailures'."),
    remediateLastFailure: boolean().describe("RemediateLastFailure tells the controller to remediate the last failure, when no retries remain. Defaults to 'false' unless 'Retries' is greater than 0."),
    strategy: enumOf(['rollback', 'uninstall']).describe("Strategy to use for failure remediation. Defaults to 'rollback'."),
  }).describe('Remediation holds the remediation configuration for when the Helm upgrade action for the HelmRelease fails.'),
  disableWait: boolean().describe('DisableWait disables the waiting for resources to be ready after a Helm upgrade has been performed.'),
  disableWaitForJobs: boolean().describe('DisableWaitForJobs disables waiting for jobs to complete after a Helm upgrade has been performed.'),
  disableHooks: boolean().describe('DisableHooks prevents hooks from running during the Helm upgrade action.'),
  disableOpenAPIValidation: boolean().describe('DisableOpenAPIValidation prevents the Helm upgrade action from validating rendered templates against the Kubernetes OpenAPI Schema.'),
  force: boolean().describe('Force forces resource updates through a replacement strategy.'),
  preserveValues: boolean().describe("PreserveValues will make Helm reuse the last release's values and merge in overrides from 'Values'."),
  cleanupOnFail: boolean().describe('CleanupOnFail allows deletion of new resources created during the Helm upgrade action when it fails.'),
  crds: crdsPolicy().describe("CRDs upgrade CRDs from the Helm Chart's crds directory according to the CRD upgrade policy provided here. Default is 'Skip'."),
});

const chartTemplateSchema = object({
  metadata: object({
    labels: map(string()).describe('Map of string keys and values that can be used to organize and categorize objects.'),
    annotations: map(string()).describe('Annotations is an unstructured key value map stored with a resource.'),
  }).describe('ObjectMeta holds the template for metadata like labels and annotations.'),
  spec: object({
    chart: string({ minLength: 1, maxLength: 2048 }).required().describe('The name or path the Helm chart is available at in the SourceRef.'),
    version: string().default('*').describe('Version semver expression, ignored for charts from GitRepository and Bucket sources. Defaults to latest when omitted.'),
    sourceRef: object({
      apiVersion: string().describe('APIVersion of the referent.'),
      kind: enumOf(['HelmRepository', 'GitRepository', 'Bucket']).required().describe('Kind of the referent.'),
      name: nameField(),
      namespace: namespaceField(),
    }).required().describe('The name and namespace of the source the chart is available at.'),
    interval: duration().describe("Interval at which to check the source for updates. Defaults to 'HelmReleaseSpec.Interval'."),
    reconcileStrategy: enumOf(['ChartVersion', 'Revision']).default('ChartVersion').describe('Determines what enables the creation of a new artifact.'),
    valuesFiles: array(string()).describe('Alternative list of values files to use as the chart values, expected to be a relative path in the SourceRef.'),
    valuesFile: string().describe('Alternative values file to use as the default chart values (deprecated in favour of ValuesFiles).'),
    ignoreMissingValuesFiles: boolean().describe('IgnoreMissingValuesFiles controls whether to silently ignore missing values files rather than failing.'),
    verify: object({
      provider: enumOf(['cosign', 'notation']).default('cosign').describe('Provider specifies the technology used to sign the OCI Helm chart.'),
      secretRef: localObjectReferenceSchema.describe('SecretRef specifies the Kubernetes Secret containing the trusted public keys.'),
    }).describe('Verify contains the secret name containing the trusted public keys used to verify the signature; only for OCI sources.'),
  }).required().describe('Spec holds the template for the HelmChartSpec for this HelmRelease.'),
});

const helmReleaseSpecSchema = object(
  {
    chart: chartTemplateSchema.describe('Chart defines the template of the HelmChart that should be created for this HelmRelease.'),
    chartRef: object({
      apiVersion: string().describe('APIVersion of the referent.'),
      kind: enumOf(['OCIRepository', 'HelmChart', 'ExternalArtifact']).required().describe('Kind of the referent.'),
      name: nameField(),
      namespace: namespaceField(),
    }).describe('ChartRef holds a reference to a source controller resource containing the Helm chart artifact.'),
    interval: duration().required().describe('Interval at which to reconcile the Helm release.'),
    kubeConfig: kubeConfigReferenceSchema.describe('KubeConfig for reconciling the HelmRelease on a remote cluster.'),
    suspend: suspendField('HelmRelease'),
    releaseName: string({ minLength: 1, maxLength: 53 }).describe("ReleaseName used for the Helm release. Defaults to a composition of '[TargetNamespace-]Name'."),
    targetNamespace: string({ minLength: 1, maxLength: 63 }).describe('TargetNamespace to target when performing operations for the HelmRelease. Defaults to the namespace of the HelmRelease.'),
    storageNamespace: string({ minLength: 1, maxLength: 63 }).describe('StorageNamespace used for the Helm storage. Defaults to the namespace of the HelmRelease.'),
    dependsOn: array(object({
      name: string().required().describe('Name of the referent.'),
      namespace: string().describe('Namespace of the referent, when not specified it acts as LocalObjectReference.'),
      readyExpr: string().describe('ReadyExpr is a CEL expression that can be used to assess the readiness of a dependency.'),
    })).describe('DependsOn may contain a list of references to HelmRelease resources that must be ready before this HelmRelease can be reconciled.'),
    timeout: duration().describe("Timeout is the time to wait for any individual Kubernetes operation during the performance of a Helm action. Defaults to '5m0s'."),
    maxHistory: integer().describe("MaxHistory is the number of revisions saved by Helm for this HelmRelease. Use '0' for an unlimited number of revisions; defaults to '5'."),
    serviceAccountName: string({ minLength: 1, maxLength: 253 }).describe('The name of the Kubernetes service account to impersonate when reconciling this HelmRelease.'),
    persistentClient: boolean().describe('PersistentClient tells the controller to use a persistent Kubernetes client for this release. If not set, it defaults to true.'),
    driftDetection: object({
      mode: enumOf(['enabled', 'warn', 'disabled']).describe('Mode defines how differences should be handled between the Helm manifest and the manifest currently applied to the cluster.'),
      ignore: array(object({
        paths: array(string()).required().describe('Paths is a list of JSON Pointer (RFC 6901) paths to be excluded from consideration in a Kubernetes object.'),
        target: selectorSchema.describe('Target is a selector for specifying Kubernetes objects to which this rule applies.'),
      })).describe('Ignore contains a list of rules for specifying which changes to ignore during diffing.'),
    }).describe('DriftDetection holds the configuration for detecting and handling differences between the manifest in the Helm storage and the resources currently existing in the cluster.'),
    install: installSchema.describe('Install holds the configuration for Helm install actions for this HelmRelease.'),
    upgrade: upgradeSchema.describe('Upgrade holds the configuration for Helm upgrade actions for this HelmRelease.'),
    test: object({
      enable: boolean().describe('Enable enables Helm test actions for this HelmRelease after an Helm install or upgrade action has been performed.'),
      timeout: actionTimeout('test'),
      ignoreFailures: boolean().describe('IgnoreFailures tells the controller to skip remediation when the Helm tests are run but fail.'),
      filters: array(object({
        name: string({ minLength: 1, maxLength: 253 }).required().describe('Name is the name of the test.'),
        exclude: boolean().describe('Exclude specifies whether the named test should be excluded.'),
      })).describe('Filters is a list of tests to run or exclude from running.'),
    }).describe('Test holds the configuration for Helm test actions for this HelmRelease.'),
    rollback: object({
      timeout: actionTimeout('rollback'),
      disableWait: boolean().describe('DisableWait disables the waiting for resources to be ready after a Helm rollback has been performed.'),
      disableWaitForJobs: boolean().describe('DisableWaitForJobs disables waiting for jobs to complete after a Helm rollback has been performed.'),
      disableHooks: boolean().describe('DisableHooks prevents hooks from running during the Helm rollback action.'),
      recreate: boolean().describe('Recreate performs pod restarts for the resource if applicable.'),
      force: boolean().describe('Force forces resource updates through a replacement strategy.'),
      cleanupOnFail: boolean().describe('CleanupOnFail allows deletion of new resources created during the Helm rollback action when it fails.'),
    }).describe('Rollback holds the configuration for Helm rollback actions for this HelmRelease.'),
    uninstall: object({
      timeout: actionTimeout('uninstall'),
      disableHooks: boolean().describe('DisableHooks prevents hooks from running during the Helm rollback action.'),
      keepHistory: boolean().describe('KeepHistory tells Helm to remove all associated resources and mark the release as deleted, but retain the release history.'),
      disableWait: boolean().describe('DisableWait disables waiting for all the resources to be deleted after a Helm uninstall is performed.'),
      deletionPropagation: enumOf(['background', 'foreground', 'orphan']).default('background').describe('DeletionPropagation specifies the deletion propagation policy when a Helm uninstall is performed.'),
    }).describe('Uninstall holds the configuration for Helm uninstall actions for this HelmRelease.'),
    valuesFrom: array(object({
      ...valuesReferenceFields(),
      valuesKey: string({ maxLength: 253, pattern: '^[\\-._a-zA-Z0-9]+$' }).describe("ValuesKey is the data key where the values.yaml or a specific value can be found at. Defaults to 'values.yaml'."),
      targetPath: string({ maxLength: 250, pattern: '^([a-zA-Z0-9_\\-.\\\\\\/]|\\[[0-9]{1,5}\\])+$' }).describe('TargetPath is the YAML dot notation path the value should be merged at.'),
      optional: boolean().describe('Optional marks this ValuesReference as optional.'),
    })).describe('ValuesFrom holds references to resources containing Helm values for this HelmRelease, and information about how they should be merged.'),
    values: freeObject().describe('Values holds the values for this Helm release.'),
    postRenderers: array(object({
      kustomize: object({
        patches: array(patchSchema).describe('Strategic merge and JSON patches, defined as inline YAML objects, capable of targeting objects based on kind, label and annotation selectors.'),
        patchesStrategicMerge: array(json()).describe('Strategic merge patches, defined as inline YAML objects (deprecated, use patches).'),
        patchesJson6902: array(json6902PatchSchema).describe('JSON 6902 patches, defined as inline YAML objects (deprecated, use patches).'),
        images: array(imageSchema).describe('Images is a list of (image name, new name, new tag or digest) for changing image names, tags or digests.'),
      }).describe('Kustomization to apply as PostRenderer.'),
    })).describe('PostRenderers holds an array of Helm PostRenderers, which will be applied in order of their definition.'),
  },
  {
    rules: [
      {
        rule: '(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))',
        message: 'either chart or chartRef must be set',
        test: (self) => (self['chart'] === undefined) !== (self['chartRef'] === undefined),
      },
    ],
  },
);

const helmSnapshotSchema = object({
  apiVersion: string().describe('APIVersion is the API version of the Snapshot.'),
  digest: string().required().describe('Digest is the checksum of the release object in storage.'),
  name: string().required().describe('Name is the name of the release.'),
  namespace: string().required().describe('Namespace is the namespace the release is deployed to.'),
  version: integer().required().describe('Version is the version of the release object in storage.'),
  status: string().required().describe('Status is the current state of the release.'),
  chartName: string().required().describe('ChartName is the chart name of the release object in storage.'),
  chartVersion: string().required().describe('ChartVersion is the chart version of the release object in storage.'),
  configDigest: string().required().describe('ConfigDigest is the checksum of the config (better known as "values") of the release object in storage.'),
  firstDeployed: timestamp().required().describe('FirstDeployed is when the release was first deployed.'),
  lastDeployed: timestamp().required().describe('LastDeployed is when the release was last deployed.'),
  deleted: timestamp().describe('Deleted is when the release was deleted.'),
  testHooks: map(object({
    lastStarted: timestamp().describe('LastStarted is the time the test hook was last started.'),
    lastCompleted: timestamp().describe('LastCompleted is the time the test hook last completed.'),
    phase: string().describe('Phase the test hook was observed to be in.'),
  })).describe('TestHooks is the list of test hooks for the release as observed to be run by the controller.'),
  ociDigest: string().describe('OCIDigest is the digest of the OCI artifact associated with the release.'),
});

const helmReleaseStatusSchema = object({
  ...commonStatusFields(),
  lastAttemptedGeneration: integer({ format: 'int64' }).describe('LastAttemptedGeneration is the last generation the controller attempted to reconcile.'),
  helmChart: string().describe('HelmChart is the namespaced name of the HelmChart resource created by the controller for the HelmRelease.'),
  storageNamespace: string({ minLength: 1, maxLength: 63 }).describe('StorageNamespace is the namespace of the Helm release storage for the current release.'),
  history: array(helmSnapshotSchema).describe('History holds the history of Helm releases performed for this HelmRelease up to the last successfully completed release.'),
  lastAttemptedReleaseAction: enumOf(['install', 'upgrade']).describe('LastAttemptedReleaseAction is the last release action performed for this HelmRelease.'),
  failures: integer({ format: 'int64' }).describe('Failures is the reconciliation failure count against the latest desired state.'),
  installFailures: integer({ format: 'int64' }).describe('InstallFailures is the install failure count against the latest desired state.'),
  upgradeFailures: integer({ format: 'int64' }).describe('UpgradeFailures is the upgrade failure count against the latest desired state.'),
  lastAppliedRevision: string().describe('LastAppliedRevision is the revision of the last successfully applied source (deprecated).'),
  lastAttemptedRevision: string().describe('LastAttemptedRevision is the Source revision of the last reconciliation attempt.'),
  lastAttemptedRevisionDigest: string().describe('LastAttemptedRevisionDigest is the digest of the last reconciliation attempt (OCIRepository sources only).'),
  lastAttemptedValuesChecksum: string().describe('LastAttemptedValuesChecksum is the SHA1 checksum for the values of the last reconciliation attempt (deprecated).'),
  lastReleaseRevision: integer().describe('LastReleaseRevision is the revision of the last successful Helm release (deprecated).'),
  lastAttemptedConfigDigest: string().describe('LastAttemptedConfigDigest is the digest for the config (better known as "values") of the last reconciliation attempt.'),
  lastHandledForceAt: string().describe('LastHandledForceAt holds the value of the most recent force request value.'),
  lastHandledResetAt: string().describe('LastHandledResetAt holds the value of the most recent reset request value.'),
});

const helmReleaseSchema = topLevelSchemaWithStatus(helmReleaseSpecSchema, helmReleaseStatusSchema);
/** A Flux HelmRelease (`helm.toolkit.fluxcd.io/v2`). */
export type HelmRelease = OutputOf<typeof helmReleaseSchema>;
/** The `spec` of a HelmRelease. */
export type HelmReleaseSpec = HelmRelease['spec'];
/** The `status` of a HelmRelease. */
export type HelmReleaseStatus = NonNullable<HelmRelease['status']>;

/** HelmRelease, helm.toolkit.fluxcd.io/v2 (v2beta2 and v2beta1 parsed and converted). */
export const helmReleaseKind: KindDefinition<HelmRelease> = {
  group: HELM_GROUP,
  kind: 'HelmRelease',
  version: 'v2',
  plural: 'helmreleases',
  singular: 'helmrelease',
  shortNames: ['hr'],
  categories: ['all', 'fluxcd'],
  printerColumns: READY_COLUMNS,
  statusSubresource: true,
  description: 'HelmRelease is the Schema for the helmreleases API.',
  schema: helmReleaseSchema,
  legacyVersions: [
    { version: 'v2beta2', schema: helmReleaseSchema, convert: convertByDropping(`${HELM_GROUP}/v2`, []) },
    { version: 'v2beta1', schema: helmReleaseSchema, convert: convertByDropping(`${HELM_GROUP}/v2`, []) },
  ],
};
