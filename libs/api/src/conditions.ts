/**
 * The status vocabulary, defined once: condition types and every Reason Flux's source, kustomize, helm and
 * notification controllers write, plus Sluice's own. Use these constants, never string literals.
 */

/** Condition types. `Ready`, `Reconciling`, `Stalled` are kstatus's; the rest are per-kind details. */
export const ConditionType = {
  /** Summary every Flux object carries: True when the last reconciliation of the current generation succeeded. */
  Ready: 'Ready',
  /** True while a reconciliation is under way or will be retried (kstatus: InProgress). */
  Reconciling: 'Reconciling',
  /** True when reconciliation cannot progress without a change to the object (kstatus: Failed; not retried). */
  Stalled: 'Stalled',
  /** Result of the last health assessment of applied objects (Kustomization). */
  Healthy: 'Healthy',
  /** The source's artifact is stored and downloadable. */
  ArtifactInStorage: 'ArtifactInStorage',
  /** Abnormal-true: the stored artifact no longer matches the spec. */
  ArtifactOutdated: 'ArtifactOutdated',
  /** Signature or integrity verification result of a source. */
  SourceVerified: 'SourceVerified',
  /** Abnormal-true: fetching the upstream source failed. */
  FetchFailed: 'FetchFailed',
  /** Abnormal-true: building the artifact failed. */
  BuildFailed: 'BuildFailed',
  /** Abnormal-true: a storage operation failed. */
  StorageOperationFailed: 'StorageOperationFailed',
  /** Abnormal-true: a GitRepository include is not available. */
  IncludeUnavailable: 'IncludeUnavailable',
  /** Status of the last Helm release attempt (install/upgrade). */
  Released: 'Released',
  /** Status of the last Helm test run. */
  TestSuccess: 'TestSuccess',
  /** Status of the last Helm remediation (rollback/uninstall). */
  Remediated: 'Remediated',
} as const;
export type ConditionTypeName = (typeof ConditionType)[keyof typeof ConditionType];

/** Reasons shared by every controller (`github.com/fluxcd/pkg/apis/meta`). */
export const MetaReason = {
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Progressing: 'Progressing',
  ProgressingWithRetry: 'ProgressingWithRetry',
  Suspended: 'Suspended',
  ReconciliationSucceeded: 'ReconciliationSucceeded',
  ReconciliationFailed: 'ReconciliationFailed',
  DependencyNotReady: 'DependencyNotReady',
  HealthCheckFailed: 'HealthCheckFailed',
  HealthCheckCanceled: 'HealthCheckCanceled',
  InvalidCELExpression: 'InvalidCELExpression',
  FeatureGateDisabled: 'FeatureGateDisabled',
  InsecureConnectionsDisallowed: 'InsecureConnectionsDisallowed',
} as const;

/** Reasons source-controller writes (GitRepository, HelmRepository, OCIRepository, HelmChart). */
export const SourceReason = {
  GitOperationSucceeded: 'GitOperationSucceeded',
  GitOperationFailed: 'GitOperationFailed',
  URLInvalid: 'URLInvalid',
  AuthenticationFailed: 'AuthenticationFailed',
  VerificationError: 'VerificationError',
  DirectoryCreationFailed: 'DirectoryCreationFailed',
  StatOperationFailed: 'StatOperationFailed',
  ReadOperationFailed: 'ReadOperationFailed',
  AcquireLockFailed: 'AcquireLockFailed',
  InvalidPath: 'InvalidPath',
  ArchiveOperationFailed: 'ArchiveOperationFailed',
  SymlinkUpdateFailed: 'SymlinkUpdateFailed',
  ArtifactUpToDate: 'ArtifactUpToDate',
  CacheOperationFailed: 'CacheOperationFailed',
  IndexationFailed: 'IndexationFailed',
  ChartPullSucceeded: 'ChartPullSucceeded',
  ChartPullFailed: 'ChartPullFailed',
  ChartPackageSucceeded: 'ChartPackageSucceeded',
  ChartPackageFailed: 'ChartPackageFailed',
  OCIArtifactPullFailed: 'OCIArtifactPullFailed',
  OCIArtifactLayerOperationFailed: 'OCIArtifactLayerOperationFailed',
} as const;

/** Reasons kustomize-controller writes (Kustomization). */
export const KustomizeReason = {
  ArtifactFailed: 'ArtifactFailed',
  BuildFailed: 'BuildFailed',
  HealthCheckFailed: 'HealthCheckFailed',
  PruneFailed: 'PruneFailed',
  DependencyNotReady: 'DependencyNotReady',
  ReconciliationSucceeded: 'ReconciliationSucceeded',
  ReconciliationFailed: 'ReconciliationFailed',
  ProgressingWithRetry: 'ProgressingWithRetry',
} as const;

/** Reasons helm-controller writes (HelmRelease). */
export const HelmReason = {
  InstallSucceeded: 'InstallSucceeded',
  InstallFailed: 'InstallFailed',
  UpgradeSucceeded: 'UpgradeSucceeded',
  UpgradeFailed: 'UpgradeFailed',
  TestSucceeded: 'TestSucceeded',
  TestFailed: 'TestFailed',
  RollbackSucceeded: 'RollbackSucceeded',
  RollbackFailed: 'RollbackFailed',
  UninstallSucceeded: 'UninstallSucceeded',
  UninstallFailed: 'UninstallFailed',
  ArtifactFailed: 'ArtifactFailed',
  InitFailed: 'InitFailed',
  GetLastReleaseFailed: 'GetLastReleaseFailed',
  DependencyNotReady: 'DependencyNotReady',
  ReconciliationSucceeded: 'ReconciliationSucceeded',
  ReconciliationFailed: 'ReconciliationFailed',
} as const;

/** Reasons notification-controller writes (Receiver, and events about Alerts and Providers). */
export const NotificationReason = {
  Initialized: 'Initialized',
  ValidationFailed: 'ValidationFailed',
  TokenNotFound: 'TokenNotFound',
  Migration: 'Migration',
  InvalidConfig: 'InvalidConfig',
  NotificationDispatchFailed: 'NotificationDispatchFailed',
  SourceFetchFailed: 'SourceFetchFailed',
  MetadataAppendFailed: 'MetadataAppendFailed',
} as const;

/** Reasons only Sluice writes. */
export const SluiceReason = {
  /** The object's dependsOn chain leads back to itself; it stalls until the cycle is broken. */
  DependencyCycle: 'DependencyCycle',
} as const;

/** Every reason, for lookups and exhaustive checks. */
export const Reason = {
  ...MetaReason,
  ...SourceReason,
  ...KustomizeReason,
  ...HelmReason,
  ...NotificationReason,
  ...SluiceReason,
} as const;
export type ReasonName = (typeof Reason)[keyof typeof Reason];
