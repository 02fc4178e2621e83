/**
 * The source kinds of `source.toolkit.fluxcd.io/v1`: GitRepository, HelmRepository, OCIRepository and HelmChart,
 * field for field as source-controller defines them, plus the v1beta2/v1beta1 versions the example repositories use.
 */
import { array, boolean, enumOf, object, string, type OutputOf } from '../schema/schema.js';
import {
  READY_COLUMNS,
  convertByDropping,
  topLevelSchemaWithStatus,
  withLegacyFields,
  type KindDefinition,
  type LegacyVersion,
  type PrinterColumn,
} from './kind.js';
import {
  accessFromSchema,
  artifactSchema,
  commonStatusFields,
  duration,
  localObjectReferenceSchema,
  suspendField,
  timeoutDuration,
} from './meta.js';

/** API group of the source kinds. */
export const SOURCE_GROUP = 'source.toolkit.fluxcd.io';
const SOURCE_CATEGORIES = ['all', 'fluxcd', 'fluxcd-sources'] as const;
const URL_COLUMNS: readonly PrinterColumn[] = [{ name: 'URL', type: 'string', jsonPath: '.spec.url' }, ...READY_COLUMNS];

function sourceStatusFields() {
  return {
    ...commonStatusFields(),
    artifact: artifactSchema.describe('Artifact represents the last successful reconciliation.'),
    url: string().describe('URL is the dynamic fetch link for the latest Artifact.'),
  };
}

const ociVerificationSchema = object({
  provider: enumOf(['cosign', 'notation']).default('cosign').describe('Provider specifies the technology used to sign the OCI Artifact.'),
  secretRef: localObjectReferenceSchema.describe('SecretRef specifies the Kubernetes Secret containing the trusted public keys.'),
  matchOIDCIdentity: array(object({
    issuer: string().required().describe('Issuer specifies the regex pattern to match against to verify the OIDC issuer in the Fulcio certificate.'),
    subject: string().required().describe('Subject specifies the regex pattern to match against to verify the identity subject in the Fulcio certificate.'),
  })).describe('MatchOIDCIdentity specifies the identity matching criteria to use while verifying an OCI artifact signed with Cosign keyless signing.'),
  trustedRootSecretRef: localObjectReferenceSchema.describe('TrustedRootSecretRef specifies the Secret containing a Sigstore trusted_root.json file.'),
});

// ---- GitRepository ----------------------------------------------------------------------------------------------

const gitRepositoryRefSchema = object({
  branch: string().describe("Branch to check out, defaults to 'master' if no other field is defined."),
  tag: string().describe('Tag to check out, takes precedence over Branch.'),
  semver: string().describe('SemVer tag expression to check out, takes precedence over Tag.'),
  name: string().describe('Name of the reference to check out; takes precedence over Branch, Tag and SemVer.'),
  commit: string().describe('Commit SHA to check out, takes precedence over all reference fields.'),
});

const gitRepositoryIncludeSchema = object({
  repository: localObjectReferenceSchema.required().describe('GitRepositoryRef specifies the GitRepository which Artifact contents must be included.'),
  fromPath: string().describe('FromPath specifies the path to copy contents from, defaults to the root of the Artifact.'),
  toPath: string().describe('ToPath specifies the path to copy contents to, defaults to the name of the GitRepositoryRef.'),
});

const gitRepositorySpecSchema = object(
  {
    url: string({ pattern: '^(http|https|ssh)://.*$' }).required().describe('URL specifies the Git repository URL, it can be an HTTP/S or SSH address.'),
    secretRef: localObjectReferenceSchema.describe('SecretRef specifies the Secret containing authentication credentials for the GitRepository.'),
    provider: enumOf(['generic', 'aws', 'azure', 'github']).describe("Provider used for authentication, can be 'aws', 'azure', 'github', 'generic'. When not specified, defaults to 'generic'."),
    serviceAccountName: string().describe('ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate to the GitRepository.'),
    interval: duration().required().describe('Interval at which the GitRepository URL is checked for updates.'),
    timeout: timeoutDuration().default('60s').describe('Timeout for Git operations like cloning, defaults to 60s.'),
    ref: gitRepositoryRefSchema.describe("Reference specifies the Git reference to resolve and monitor for changes, defaults to the 'master' branch."),
    verify: object({
      mode: enumOf(['head', 'HEAD', 'Tag', 'TagAndHEAD']).default('HEAD').describe('Mode specifies which Git object(s) should be verified.'),
      secretRef: localObjectReferenceSchema.required().describe('SecretRef specifies the Secret containing the public keys of trusted Git authors.'),
    }).describe('Verification specifies the configuration to verify the Git commit signature(s).'),
    proxySecretRef: localObjectReferenceSchema.describe('ProxySecretRef specifies the Secret containing the proxy configuration to use while communicating with the Git server.'),
    ignore: string().describe('Ignore overrides the set of excluded patterns in the .sourceignore format.'),
    suspend: suspendField('GitRepository'),
    recurseSubmodules: boolean().describe('RecurseSubmodules enables the initialization of all submodules within the GitRepository as cloned from the URL.'),
    include: array(gitRepositoryIncludeSchema).describe('Include specifies a list of GitRepository resources which Artifacts should be included in the Artifact produced for this GitRepository.'),
    sparseCheckout: array(string()).describe('SparseCheckout specifies a list of directories to checkout when cloning the repository.'),
  },
  {
    rules: [
      {
        rule: "!has(self.serviceAccountName) || (has(self.provider) && (self.provider == 'azure' || self.provider == 'aws'))",
        message: "serviceAccountName can only be set when provider is 'azure' or 'aws'",
        test: (self) => self['serviceAccountName'] === undefined || self['provider'] === 'azure' || self['provider'] === 'aws',
      },
    ],
  },
);

const gitRepositoryStatusSchema = object({
  ...sourceStatusFields(),
  includedArtifacts: array(artifactSchema).describe('IncludedArtifacts contains a list of the last successfully included Artifacts.'),
  observedIgnore: string().describe('ObservedIgnore is the observed exclusion patterns used for constructing the source artifact.'),
  observedRecurseSubmodules: boolean().describe('ObservedRecurseSubmodules is the observed resource submodules configuration used to produce the current Artifact.'),
  observedInclude: array(gitRepositoryIncludeSchema).describe('ObservedInclude is the observed list of GitRepository resources used to produce the current Artifact.'),
  observedSparseCheckout: array(string()).describe('ObservedSparseCheckout is the observed list of directories used to produce the current Artifact.'),
  sourceVerificationMode: string().describe('SourceVerificationMode is the last used verification mode indicating which Git object(s) have been verified.'),
});

const gitRepositorySchema = topLevelSchemaWithStatus(gitRepositorySpecSchema, gitRepositoryStatusSchema);
/** A Git repository Flux fetches (`source.toolkit.fluxcd.io/v1` GitRepository). */
export type GitRepository = OutputOf<typeof gitRepositorySchema>;
/** The `spec` of a GitRepository. */
export type GitRepositorySpec = GitRepository['spec'];
/** The `status` of a GitRepository. */
export type GitRepositoryStatus = NonNullable<GitRepository['status']>;

const gitLegacyExtras = [
  {
    path: [],
    fields: {
      gitImplementation: enumOf(['go-git', 'libgit2']).describe('GitImplementation specifies which Git client library implementation to use (removed in v1).'),
      accessFrom: accessFromSchema.describe('AccessFrom specifies an Access Control List for allowing cross-namespace references to this object (removed in v1).'),
    },
  },
];
const gitLegacyConvert = convertByDropping(`${SOURCE_GROUP}/v1`, [
  { path: [], field: 'gitImplementation', why: 'v1 always uses go-git' },
  { path: [], field: 'accessFrom', why: 'v1 GitRepository has no access control list' },
]);

function legacy(version: string, schema: LegacyVersion['schema'], convert: LegacyVersion['convert']): LegacyVersion {
  return { version, schema, convert };
}

/** GitRepository, source.toolkit.fluxcd.io/v1 (v1beta2 and v1beta1 parsed and converted). */
export const gitRepositoryKind: KindDefinition<GitRepository> = {
  group: SOURCE_GROUP,
  kind: 'GitRepository',
  version: 'v1',
  plural: 'gitrepositories',
  singular: 'gitrepository',
  shortNames: ['gitrepo'],
  categories: SOURCE_CATEGORIES,
  printerColumns: URL_COLUMNS,
  statusSubresource: true,
  description: 'GitRepository is the Schema for the gitrepositories API.',
  schema: gitRepositorySchema,
  legacyVersions: [
    legacy('v1beta2', withLegacyFields(gitRepositorySchema, gitLegacyExtras), gitLegacyConvert),
    legacy('v1beta1', withLegacyFields(gitRepositorySchema, gitLegacyExtras), gitLegacyConvert),
  ],
};

// ---- HelmRepository ---------------------------------------------------------------------------------------------

const helmRepositorySpecSchema = object({
  url: string({ pattern: '^(http|https|oci)://.*$' }).required().describe('URL of the Helm repository, a valid URL contains at least a protocol and host.'),
  secretRef: localObjectReferenceSchema.describe('SecretRef specifies the Secret containing authentication credentials for the HelmRepository.'),
  certSecretRef: localObjectReferenceSchema.describe('CertSecretRef can be given the name of a Secret containing TLS client and/or CA certificates.'),
  passCredentials: boolean().describe('PassCredentials allows the credentials from the SecretRef to be passed on to a host that does not match the host as defined in URL.'),
  interval: duration().describe('Interval at which the HelmRepository URL is checked for updates.'),
  insecure: boolean().describe("Insecure allows connecting to a non-TLS HTTP container registry. Only taken into account if .spec.type is 'oci'."),
  timeout: timeoutDuration().describe('Timeout is used for the index fetch operation for an HTTPS helm repository, and for remote OCI Repository operations. Its default value is 60s.'),
  suspend: suspendField('HelmRepository'),
  accessFrom: accessFromSchema.describe('AccessFrom specifies an Access Control List for allowing cross-namespace references to this object.'),
  type: enumOf(['default', 'oci']).describe('Type of the HelmRepository.'),
  provider: enumOf(['generic', 'aws', 'azure', 'gcp']).default('generic').describe("Provider used for authentication, can be 'aws', 'azure', 'gcp' or 'generic'."),
});

const helmRepositorySchema = topLevelSchemaWithStatus(helmRepositorySpecSchema, object(sourceStatusFields()));
/** A Helm chart repository (`source.toolkit.fluxcd.io/v1` HelmRepository). */
export type HelmRepository = OutputOf<typeof helmRepositorySchema>;
/** The `spec` of a HelmRepository. */
export type HelmRepositorySpec = HelmRepository['spec'];

/** HelmRepository, source.toolkit.fluxcd.io/v1 (v1beta2 and v1beta1 parsed and converted). */
export const helmRepositoryKind: KindDefinition<HelmRepository> = {
  group: SOURCE_GROUP,
  kind: 'HelmRepository',
  version: 'v1',
  plural: 'helmrepositories',
  singular: 'helmrepository',
  shortNames: ['helmrepo'],
  categories: SOURCE_CATEGORIES,
  printerColumns: URL_COLUMNS,
  statusSubresource: true,
  description: 'HelmRepository is the Schema for the helmrepositories API.',
  schema: helmRepositorySchema,
  legacyVersions: [
    legacy('v1beta2', helmRepositorySchema, convertByDropping(`${SOURCE_GROUP}/v1`, [])),
    legacy('v1beta1', helmRepositorySchema, convertByDropping(`${SOURCE_GROUP}/v1`, [])),
  ],
};

// ---- OCIRepository ----------------------------------------------------------------------------------------------

const ociLayerSelectorSchema = object({
  mediaType: string().describe('MediaType specifies the OCI media type of the layer which should be extracted from the OCI Artifact.'),
  operation: enumOf(['extract', 'copy']).describe('Operation specifies how the selected layer should be processed.'),
});

const ociRepositorySpecSchema = object({
  url: string({ pattern: '^oci://.*$' }).required().describe('URL is a reference to an OCI artifact repository hosted on a remote container registry.'),
  ref: object({
    digest: string().describe("Digest is the image digest to pull, takes precedence over SemVer. The value should be in the format 'sha256:<HASH>'."),
    semver: string().describe('SemVer is the range of tags to pull selecting the latest within the range, takes precedence over Tag.'),
    semverFilter: string().describe('SemverFilter is a regex pattern to filter the tags within the SemVer range.'),
    tag: string().describe('Tag is the image tag to pull, defaults to latest.'),
  }).describe('The OCI reference to pull and monitor for changes, defaults to the latest tag.'),
  layerSelector: ociLayerSelectorSchema.describe('LayerSelector specifies which layer should be extracted from the OCI artifact.'),
  provider: enumOf(['generic', 'aws', 'azure', 'gcp']).default('generic').describe("The provider used for authentication, can be 'aws', 'azure', 'gcp' or 'generic'."),
  secretRef: localObjectReferenceSchema.describe('SecretRef contains the secret name containing the registry login credentials to resolve image metadata.'),
  verify: ociVerificationSchema.describe('Verify contains the secret name containing the trusted public keys used to verify the signature and specifies which provider to use to check whether OCI image is authentic.'),
  serviceAccountName: string().describe('ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate the image pull.'),
  certSecretRef: localObjectReferenceSchema.describe('CertSecretRef can be given the name of a Secret containing TLS client and/or CA certificates.'),
  proxySecretRef: localObjectReferenceSchema.describe('ProxySecretRef specifies the Secret containing the proxy configuration to use while communicating with the container registry.'),
  interval: duration().required().describe('Interval at which the OCIRepository URL is checked for updates.'),
  timeout: timeoutDuration().default('60s').describe('The timeout for remote OCI Repository operations like pulling, defaults to 60s.'),
  ignore: string().describe('Ignore overrides the set of excluded patterns in the .sourceignore format.'),
  insecure: boolean().describe('Insecure allows connecting to a non-TLS HTTP container registry.'),
  suspend: suspendField('OCIRepository'),
});

const ociRepositorySchema = topLevelSchemaWithStatus(
  ociRepositorySpecSchema,
  object({
    ...sourceStatusFields(),
    observedIgnore: string().describe('ObservedIgnore is the observed exclusion patterns used for constructing the source artifact.'),
    observedLayerSelector: ociLayerSelectorSchema.describe('ObservedLayerSelector is the observed layer selector used for constructing the source artifact.'),
  }),
);
/** An OCI artifact repository (`source.toolkit.fluxcd.io/v1` OCIRepository). */
export type OCIRepository = OutputOf<typeof ociRepositorySchema>;
/** The `spec` of a OCIRepository. */
export type OCIRepositorySpec = OCIRepository['spec'];

/** OCIRepository, source.toolkit.fluxcd.io/v1 (v1beta2 parsed and converted). */
export const ociRepositoryKind: KindDefinition<OCIRepository> = {
  group: SOURCE_GROUP,
  kind: 'OCIRepository',
  version: 'v1',
  plural: 'ocirepositories',
  singular: 'ocirepository',
  shortNames: ['ocirepo'],
  categories: SOURCE_CATEGORIES,
  printerColumns: [
    { name: 'URL', type: 'string', jsonPath: '.spec.url' },
    READY_COLUMNS[1]!,
    READY_COLUMNS[2]!,
    READY_COLUMNS[0]!,
  ],
  statusSubresource: true,
  description: 'OCIRepository is the Schema for the ocirepositories API.',
  schema: ociRepositorySchema,
  legacyVersions: [legacy('v1beta2', ociRepositorySchema, convertByDropping(`${SOURCE_GROUP}/v1`, []))],
};

// ---- HelmChart --------------------------------------------------------------------------------------------------

const helmChartSpecSchema = object({
  chart: string().required().describe('Chart is the name or path the Helm chart is available at in the SourceRef.'),
  version: string().default('*').describe('Version is the chart version semver expression, ignored for charts from GitRepository and Bucket sources.'),
  sourceRef: object({
    apiVersion: string().describe('APIVersion of the referent.'),
    kind: enumOf(['HelmRepository', 'GitRepository', 'Bucket']).required().describe("Kind of the referent, valid values are ('HelmRepository', 'GitRepository', 'Bucket')."),
    name: string().required().describe('Name of the referent.'),
  }).required().describe('SourceRef is the reference to the Source the chart is available at.'),
  interval: duration().required().describe('Interval at which the HelmChart SourceRef is checked for updates.'),
  reconcileStrategy: enumOf(['ChartVersion', 'Revision']).default('ChartVersion').describe('ReconcileStrategy determines what enables the creation of a new artifact.'),
  valuesFiles: array(string()).describe('ValuesFiles is an alternative list of values files to use as the chart values.'),
  valuesFile: string().describe('ValuesFile is an alternative values file to use as the default chart values (deprecated in favour of ValuesFiles).'),
  ignoreMissingValuesFiles: boolean().describe('IgnoreMissingValuesFiles controls whether to silently ignore missing values files rather than failing.'),
  suspend: suspendField('HelmChart'),
  accessFrom: accessFromSchema.describe('AccessFrom specifies an Access Control List for allowing cross-namespace references to this object.'),
  verify: ociVerificationSchema.describe("Verify contains the secret name containing the trusted public keys used to verify the signature; only for HelmRepository sources of type 'oci'."),
});

const helmChartSchema = topLevelSchemaWithStatus(
  helmChartSpecSchema,
  object({
    ...sourceStatusFields(),
    observedSourceArtifactRevision: string().describe('ObservedSourceArtifactRevision is the last observed Artifact.Revision of the HelmChartSpec.SourceRef.'),
    observedChartName: string().describe('ObservedChartName is the last observed chart name as specified by the resolved chart reference.'),
    observedValuesFiles: array(string()).describe('ObservedValuesFiles are the observed value files of the last successful reconciliation.'),
  }),
);
/** A Helm chart packaged from a source (`source.toolkit.fluxcd.io/v1` HelmChart). */
export type HelmChart = OutputOf<typeof helmChartSchema>;
/** The `spec` of a HelmChart. */
export type HelmChartSpec = HelmChart['spec'];

/** HelmChart, source.toolkit.fluxcd.io/v1 (v1beta2 and v1beta1 parsed and converted). */
export const helmChartKind: KindDefinition<HelmChart> = {
  group: SOURCE_GROUP,
  kind: 'HelmChart',
  version: 'v1',
  plural: 'helmcharts',
  singular: 'helmchart',
  shortNames: ['hc'],
  categories: SOURCE_CATEGORIES,
  printerColumns: [
    { name: 'Chart', type: 'string', jsonPath: '.spec.chart' },
    { name: 'Version', type: 'string', jsonPath: '.spec.version' },
    { name: 'Source Kind', type: 'string', jsonPath: '.spec.sourceRef.kind' },
    { name: 'Source Name', type: 'string', jsonPath: '.spec.sourceRef.name' },
    ...READY_COLUMNS,
  ],
  statusSubresource: true,
  description: 'HelmChart is the Schema for the helmcharts API.',
  schema: helmChartSchema,
  legacyVersions: [
    legacy('v1beta2', helmChartSchema, convertByDropping(`${SOURCE_GROUP}/v1`, [])),
    legacy('v1beta1', helmChartSchema, convertByDropping(`${SOURCE_GROUP}/v1`, [])),
  ],
};
