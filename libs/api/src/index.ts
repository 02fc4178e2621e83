// Public surface of @sluice/api: Flux v2 kinds as types, validating parsers, status vocabulary and helpers, CRDs.

export type {
  Artifact,
  Condition,
  HistorySnapshot,
  Image,
  LocalObjectReference,
  NamespacedObjectKindReference,
  NamespacedObjectReference,
  ObjectMeta,
  Patch,
  ResourceInventory,
  ResourceRef,
  Selector,
} from './kinds/meta.js';
export type { GitRepository, GitRepositorySpec, GitRepositoryStatus, HelmChart, HelmChartSpec, HelmRepository, HelmRepositorySpec, OCIRepository, OCIRepositorySpec } from './kinds/source.js';
export { SOURCE_GROUP, gitRepositoryKind, helmChartKind, helmRepositoryKind, ociRepositoryKind } from './kinds/source.js';
export type { DependencyReference, Kustomization, KustomizationSourceReference, KustomizationSpec, KustomizationStatus } from './kinds/kustomization.js';
export { KUSTOMIZE_GROUP, kustomizationKind } from './kinds/kustomization.js';
export type { HelmRelease, HelmReleaseSpec, HelmReleaseStatus } from './kinds/helm-release.js';
export { HELM_GROUP, helmReleaseKind } from './kinds/helm-release.js';
export type { Alert, AlertSpec, Provider, ProviderSpec, Receiver, ReceiverSpec } from './kinds/notification.js';
export {
  NOTIFICATION_GROUP,
  NOTIFICATION_OBJECT_KINDS,
  PROVIDER_TYPES,
  RECEIVER_TYPES,
  alertKind,
  providerKind,
  receiverKind,
} from './kinds/notification.js';
export type { KindDefinition, LegacyVersion, PrinterColumn } from './kinds/kind.js';
export { apiVersionOf } from './kinds/kind.js';
export type { FluxObject } from './kinds/registry.js';
export { FLUX_GROUPS, FLUX_KINDS, findKind, isSupportedKind, servedVersions, splitApiVersion } from './kinds/registry.js';

export type { ParseOptions, ParseResult } from './parse.js';
export {
  describeSubject,
  parseAlert,
  parseFluxObject,
  parseGitRepository,
  parseHelmChart,
  parseHelmRelease,
  parseHelmRepository,
  parseKind,
  parseKustomization,
  parseOCIRepository,
  parseOrThrow,
  parseProvider,
  parseReceiver,
} from './parse.js';
export type { DocumentLocation, FluxManifest, Manifest, OtherManifest, ParseManifestsOptions, ParsedManifests } from './manifests.js';
export { manifestSubject, parseManifests } from './manifests.js';
export type { SourceLocation, ValidationError } from './validation-error.js';

export type { DurationResult } from './duration.js';
export {
  FLUX_DURATION_PATTERN,
  FLUX_TIMEOUT_PATTERN,
  durationToMs,
  formatDuration,
  formatDurationNs,
  isFluxDuration,
  parseDuration,
  parseDurationNs,
} from './duration.js';
export type { Digest, Revision } from './revision.js';
export {
  digestMatches,
  formatDigest,
  formatRevision,
  gitRevision,
  mustParseRevision,
  normalizeRevision,
  parseDigest,
  parseRevision,
  revisionDigest,
  revisionsEqual,
  sha256Digest,
  shortRevision,
} from './revision.js';

export type { ConditionTypeName, ReasonName } from './conditions.js';
export { ConditionType, HelmReason, KustomizeReason, MetaReason, NotificationReason, Reason, SluiceReason, SourceReason } from './conditions.js';
export type { ConditionInput, ConditionOptions, ConditionedObject, MarkInput } from './condition-helpers.js';
export {
  findCondition,
  isReady,
  isStalled,
  markNotReady,
  markReady,
  markReconciling,
  markStalled,
  removeCondition,
  rfc3339,
  setCondition,
} from './condition-helpers.js';
export type { ObjectIdentity } from './inventory.js';
export { entryApiVersion, inventoryEntry, inventoryId, parseInventoryId, sortEntries, staleEntries, tryParseInventoryId } from './inventory.js';
export type { ReconciliationRecord } from './history.js';
export { HISTORY_MAX_SIZE, latestSnapshot, recordReconciliation } from './history.js';
export type { ObjectRef } from './object-key.js';
export { formatObjectKey, objectKey, parseObjectKey } from './object-key.js';
export type { HelmReleaseSettings, KustomizationSettings, SourceSettings } from './effective.js';
export { helmReleaseSettings, kustomizationSettings, providerTimeoutMs, receiverIntervalMs, sourceSettings } from './effective.js';

export { buildCrd, crdFileName, renderAllCrds, renderCrdYaml } from './crd.js';
export type { JsonObject, JsonValue } from './schema/schema.js';
export { formatPath } from './schema/path.js';
export type { PathSegment } from './schema/path.js';

export { InvalidDurationError, InvalidFluxObjectError, InvalidInventoryIdError, InvalidObjectKeyError, InvalidRevisionError } from './errors.js';
