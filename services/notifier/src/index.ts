export { warnOnAlert } from './alert-events.js';
export type { AlertWarning } from './alert-events.js';
export { NOTIFICATION_API_VERSION, NotificationCatalog, startCatalog } from './catalog.js';
export type { ProviderEntry } from './catalog.js';
export { createDeliveryHandler, maskSecrets } from './deliver.js';
export type { DeliveryDeps } from './deliver.js';
export { createEventHandler, kubeLabelLookup } from './dispatch.js';
export type { DispatchDeps } from './dispatch.js';
export {
  DeliveryError, InvalidRegexpError, NOTIFIER_ERROR_CODES, NotificationConfigError, NotificationObjectNotFoundError, isRetryable,
} from './errors.js';
export {
  EVENT_GROUP, describeInvolved, encodeFluxEvent, fluxEventOf, goString, goStringMap, goTimestamp, groupOf,
} from './flux-event.js';
export type { FluxEvent, FluxObjectReference } from './flux-event.js';
export { compileGoRegexp } from './go-regexp.js';
export { labelsMatch, selectorProblems } from './labels.js';
export { MATCH_PROBLEM_REASONS, compileAlert, crossNamespaceRefusal, matchAlert, severityPasses } from './match.js';
export type { AlertMatch, AlertProblem, CompiledAlert, LabelLookup } from './match.js';
export { METADATA_CONFLICT_MESSAGE, METADATA_SOURCES, combineEventMetadata, excludeInternalMetadata } from './metadata.js';
export type { CombinedMetadata, MetadataConflict } from './metadata.js';
export { DELIVERY_RESULTS, createNotifierMetrics } from './metrics.js';
export type { DeliveryResult, NotifierMetrics } from './metrics.js';
export { defaultProviderRegistry } from './providers/defaults.js';
export { NOTIFICATION_HEADER, canonicalHeaderKey, genericSender, renderGenericRequest } from './providers/generic.js';
export { nodeHttpTransport } from './providers/http.js';
export {
  ProviderRegistry, requireHttpUrl, requireSuccess, transportFailure, urlForMessages, webhookSender,
} from './providers/registry.js';
export type { RequestRenderer, ResponseCheck } from './providers/registry.js';
export { parseHeaders, providerSubject, providerTarget, readProviderTarget, secretData } from './providers/target.js';
export type { SecretData } from './providers/target.js';
export type { HttpRequest, HttpResponse, HttpTransport, ProviderSender, ProviderTarget, TlsSettings } from './providers/types.js';
export { defaultRetryPolicy, retryDelay } from './retry.js';
export type { RetryPolicy } from './retry.js';
export { defaultNotifierOptions, startNotifier } from './service.js';
export type { NotifierOptions } from './service.js';
