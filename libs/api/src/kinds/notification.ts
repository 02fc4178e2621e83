/**
 * The notification kinds: Provider and Alert (`notification.toolkit.fluxcd.io/v1beta3`) and Receiver
 * (`notification.toolkit.fluxcd.io/v1`), as notification-controller defines them, plus their v1beta2 versions.
 */
import { array, enumOf, map, object, string, type OutputOf } from '../schema/schema.js';
import { AGE_COLUMN, READY_COLUMNS, convertByDropping, topLevelSchema, topLevelSchemaWithStatus, type KindDefinition } from './kind.js';
import { commonStatusFields, duration, localObjectReferenceSchema, suspendField, timeoutDuration } from './meta.js';

/** API group of Provider, Alert and Receiver. */
export const NOTIFICATION_GROUP = 'notification.toolkit.fluxcd.io';
const NOTIFICATION_CATEGORIES = ['all', 'fluxcd', 'fluxcd-notifications'] as const;

/** Every Provider type notification-controller implements. */
export const PROVIDER_TYPES = [
  'slack', 'discord', 'msteams', 'rocket', 'generic', 'generic-hmac', 'github', 'gitlab', 'gitea', 'bitbucketserver',
  'bitbucket', 'azuredevops', 'googlechat', 'googlepubsub', 'webex', 'sentry', 'azureeventhub', 'telegram', 'lark',
  'matrix', 'opsgenie', 'alertmanager', 'grafana', 'githubdispatch', 'pagerduty', 'datadog', 'nats',
] as const;

/** Provider types that post commit statuses, the only ones `commitStatusExpr` applies to. */
const COMMIT_STATUS_TYPES = ['github', 'gitlab', 'gitea', 'bitbucketserver', 'bitbucket', 'azuredevops'];

/** Every Receiver type notification-controller implements. */
export const RECEIVER_TYPES = [
  'generic', 'generic-hmac', 'generic-oidc', 'github', 'gitlab', 'bitbucket', 'harbor', 'dockerhub', 'quay', 'gcr',
  'nexus', 'acr', 'cdevents',
] as const;

/** Kinds an Alert or Receiver may refer to. */
export const NOTIFICATION_OBJECT_KINDS = [
  'Bucket', 'GitRepository', 'Kustomization', 'HelmRelease', 'HelmChart', 'HelmRepository', 'ImageRepository',
  'ImagePolicy', 'ImageUpdateAutomation', 'OCIRepository', 'ArtifactGenerator', 'ExternalArtifact',
] as const;

/** A reference to the objects an Alert watches or a Receiver triggers (`CrossNamespaceObjectReference`). */
const crossNamespaceObjectReferenceSchema = object({
  apiVersion: string().describe('API version of the referent.'),
  kind: enumOf(NOTIFICATION_OBJECT_KINDS).required().describe('Kind of the referent.'),
  name: string({ minLength: 1, maxLength: 253 }).required().describe('Name of the referent. If multiple resources are targeted `*` may be set.'),
  namespace: string({ minLength: 1, maxLength: 253 }).describe('Namespace of the referent. If multiple resources across all namespaces are targeted `*` may be set, which requires the name to also be set to `*`.'),
  matchLabels: map(string()).describe('MatchLabels is a map of {key,value} pairs; requires the name to be set to `*`.'),
});

// ---- Provider ---------------------------------------------------------------------------------------------------

const providerSpecSchema = object(
  {
    type: enumOf(PROVIDER_TYPES).required().describe('Type specifies which Provider implementation to use.'),
    interval: duration().describe('Interval at which to reconcile the Provider with its Secret references (deprecated and not used in v1beta3).'),
    channel: string({ maxLength: 2048 }).describe('Channel specifies the destination channel where events should be posted.'),
    username: string({ maxLength: 2048 }).describe('Username specifies the name under which events are posted.'),
    address: string({ maxLength: 2048 }).describe('Address specifies the endpoint, in a generic sense, to where alerts are sent.'),
    timeout: timeoutDuration().describe('Timeout for sending alerts to the Provider.'),
    proxy: string({ pattern: '^(http|https)://.*$', maxLength: 2048 }).describe('Proxy the HTTP/S address of the proxy server (deprecated, use ProxySecretRef).'),
    proxySecretRef: localObjectReferenceSchema.describe('ProxySecretRef specifies the Secret containing the proxy configuration for this Provider.'),
    secretRef: localObjectReferenceSchema.describe('SecretRef specifies the Secret containing the authentication credentials for this Provider.'),
    serviceAccountName: string().describe('ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate with cloud provider services through workload identity.'),
    certSecretRef: localObjectReferenceSchema.describe('CertSecretRef specifies the Secret containing TLS certificates for secure communication.'),
    suspend: suspendField('Provider'),
    commitStatusExpr: string().describe('CommitStatusExpr is a CEL expression that evaluates to a string value that can be used to generate a custom commit status message.'),
  },
  {
    rules: [
      {
        rule: `${COMMIT_STATUS_TYPES.map((t) => `self.type == '${t}'`).join(' || ')} || !has(self.commitStatusExpr)`,
        message: `spec.commitStatusExpr is only supported for the ${COMMIT_STATUS_TYPES.map((t) => `'${t}'`).join(', ')} provider types`,
        test: (self) => self['commitStatusExpr'] === undefined || COMMIT_STATUS_TYPES.includes(self['type'] as string),
      },
    ],
  },
);

const providerSchema = topLevelSchema(providerSpecSchema);
/** Where alerts are sent (`notification.toolkit.fluxcd.io/v1beta3` Provider). */
export type Provider = OutputOf<typeof providerSchema>;
/** The `spec` of a Provider. */
export type ProviderSpec = Provider['spec'];

/** Provider, notification.toolkit.fluxcd.io/v1beta3 (v1beta2 parsed and converted). */
export const providerKind: KindDefinition<Provider> = {
  group: NOTIFICATION_GROUP,
  kind: 'Provider',
  version: 'v1beta3',
  plural: 'providers',
  singular: 'provider',
  shortNames: [],
  categories: NOTIFICATION_CATEGORIES,
  printerColumns: AGE_COLUMN,
  statusSubresource: false,
  description: 'Provider is the Schema for the providers API.',
  schema: providerSchema,
  legacyVersions: [{ version: 'v1beta2', schema: providerSchema, convert: convertByDropping(`${NOTIFICATION_GROUP}/v1beta3`, []) }],
};

// ---- Alert ------------------------------------------------------------------------------------------------------

const alertSpecSchema = object({
  providerRef: localObjectReferenceSchema.required().describe('ProviderRef specifies which Provider this Alert should use.'),
  eventSeverity: enumOf(['info', 'error']).default('info').describe("EventSeverity specifies how to filter events based on severity. If set to 'info' no events will be filtered."),
  eventSources: array(crossNamespaceObjectReferenceSchema).required().describe('EventSources specifies how to filter events based on the involved object kind, name and namespace.'),
  inclusionList: array(string()).describe('InclusionList specifies a list of Golang regular expressions to be used for including messages.'),
  eventMetadata: map(string()).describe('EventMetadata is an optional field for adding metadata to events dispatched by the controller.'),
  exclusionList: array(string()).describe('ExclusionList specifies a list of Golang regular expressions to be used for excluding messages.'),
  summary: string({ maxLength: 255 }).describe('Summary holds a short description of the impact and affected cluster.'),
  suspend: suspendField('Alert'),
});

const alertSchema = topLevelSchema(alertSpecSchema);
/** Which events go to which Provider (`notification.toolkit.fluxcd.io/v1beta3` Alert). */
export type Alert = OutputOf<typeof alertSchema>;
/** The `spec` of a Alert. */
export type AlertSpec = Alert['spec'];

/** Alert, notification.toolkit.fluxcd.io/v1beta3 (v1beta2 parsed and converted). */
export const alertKind: KindDefinition<Alert> = {
  group: NOTIFICATION_GROUP,
  kind: 'Alert',
  version: 'v1beta3',
  plural: 'alerts',
  singular: 'alert',
  shortNames: [],
  categories: NOTIFICATION_CATEGORIES,
  printerColumns: AGE_COLUMN,
  statusSubresource: false,
  description: 'Alert is the Schema for the alerts API.',
  schema: alertSchema,
  legacyVersions: [{ version: 'v1beta2', schema: alertSchema, convert: convertByDropping(`${NOTIFICATION_GROUP}/v1beta3`, []) }],
};

// ---- Receiver ---------------------------------------------------------------------------------------------------

const receiverSpecSchema = object(
  {
    type: enumOf(RECEIVER_TYPES).required().describe('Type of webhook sender, used to determine the validation procedure and payload deserialization.'),
    interval: duration().default('10m').describe('Interval at which to reconcile the Receiver with its Secret references.'),
    events: array(string()).describe("Events specifies the list of event types to handle, e.g. 'push' for GitHub or 'Push Hook' for GitLab."),
    resources: array(crossNamespaceObjectReferenceSchema).required().describe('A list of resources to be notified about changes.'),
    resourceFilter: string().describe('ResourceFilter is a CEL expression expected to return a boolean that is evaluated for each resource referenced in the Resources field when a webhook is received.'),
    secretRef: localObjectReferenceSchema.describe("SecretRef specifies the Secret containing the token used to validate the payload authenticity. Required for all receiver types except 'generic-oidc'."),
    oidcProviders: array(
      object({
        issuerURL: string({ pattern: '^https?://' }).required().describe("IssuerURL is the OIDC issuer URL used for provider discovery. It must match the 'iss' claim of tokens issued by this provider."),
        audience: string().describe("Audience is the expected audience ('aud' claim) for tokens issued by this provider. Defaults to 'notification-controller'."),
        variables: array(object({
          name: string().required().describe('Name is the variable name; it must be a valid CEL identifier.'),
          expression: string().required().describe('Expression is the CEL expression that defines the variable value.'),
        })).describe('Variables is an optional list of named CEL expressions, evaluated in order and exposed as vars.<name>.'),
        validations: array(object({
          expression: string().required().describe('Expression is the CEL boolean expression to evaluate.'),
          message: string().required().describe('Message is returned to the caller when the expression evaluates to false.'),
        }), { minItems: 1 }).required().describe('Validations is the list of CEL boolean expressions evaluated against the token claims and the variables.'),
      }),
      { listType: 'map', listMapKeys: ['issuerURL'] },
    ).describe("OIDCProviders specifies the OIDC providers used to authenticate incoming requests when Type is 'generic-oidc'."),
    suspend: suspendField('receiver'),
  },
  {
    rules: [
      {
        rule: "self.type != 'generic-oidc' || (has(self.oidcProviders) && size(self.oidcProviders) > 0)",
        message: 'generic-oidc receivers must define at least one oidcProvider',
        test: (self) => self['type'] !== 'generic-oidc' || ((self['oidcProviders'] as unknown[] | undefined)?.length ?? 0) > 0,
      },
      {
        rule: "self.type == 'generic-oidc' || !has(self.oidcProviders) || size(self.oidcProviders) == 0",
        message: 'oidcProviders can only be set when type is generic-oidc',
        test: (self) => self['type'] === 'generic-oidc' || ((self['oidcProviders'] as unknown[] | undefined)?.length ?? 0) === 0,
      },
      {
        rule: "self.type == 'generic-oidc' || has(self.secretRef)",
        message: 'secretRef is required when type is not generic-oidc',
        test: (self) => self['type'] === 'generic-oidc' || self['secretRef'] !== undefined,
      },
    ],
  },
);

const receiverSchema = topLevelSchemaWithStatus(
  receiverSpecSchema,
  object({
    ...commonStatusFields(),
    webhookPath: string().describe("WebhookPath is the generated incoming webhook address in the format of '/hook/sha256sum(token+name+namespace)'."),
  }),
);
/** A webhook endpoint that triggers reconciliations (`notification.toolkit.fluxcd.io/v1` Receiver). */
export type Receiver = OutputOf<typeof receiverSchema>;
/** The `spec` of a Receiver. */
export type ReceiverSpec = Receiver['spec'];

/** Receiver, notification.toolkit.fluxcd.io/v1 (v1beta2 parsed and converted). */
export const receiverKind: KindDefinition<Receiver> = {
  group: NOTIFICATION_GROUP,
  kind: 'Receiver',
  version: 'v1',
  plural: 'receivers',
  singular: 'receiver',
  shortNames: [],
  categories: NOTIFICATION_CATEGORIES,
  printerColumns: READY_COLUMNS,
  statusSubresource: true,
  description: 'Receiver is the Schema for the receivers API.',
  schema: receiverSchema,
  legacyVersions: [{ version: 'v1beta2', schema: receiverSchema, convert: convertByDropping(`${NOTIFICATION_GROUP}/v1`, []) }],
};

