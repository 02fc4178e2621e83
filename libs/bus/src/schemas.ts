/** Runtime checks of the envelope and of each topic's payload; they mirror the types in `topics.ts`. */
import {
  CHANGE_ACTIONS, HEALTH_RESULTS, OBJECT_STATUSES, RECONCILE_TRIGGERS, type Topic,
} from './topics.js';
import {
  arrayOf, bool, exactlyOneOf, num, object, oneOf, optional, recordOf, str, timestamp, union, type Check,
} from './validation.js';

const artifact = object({
  revision: str({ nonEmpty: true }),
  digest: str({ nonEmpty: true }),
  size: optional(num({ count: true })),
  lastUpdateTime: timestamp(),
  objectName: str({ nonEmpty: true }),
  path: str(),
  url: str(),
  metadata: optional(recordOf(str())),
});

const counts = object(Object.fromEntries(CHANGE_ACTIONS.map((action) => [action, num({ count: true })])));

/** Payload check per topic. */
export const PAYLOAD_CHECKS: Readonly<Record<Topic, Check>> = {
  reconcile: object({
    trigger: oneOf(RECONCILE_TRIGGERS),
    notBefore: optional(timestamp()),
    revision: optional(str()),
    requestedAt: optional(str()),
    scheduledAt: timestamp(),
  }),
  revision: object({ artifact, sourceGeneration: num({ count: true }) }),
  build: union('result', {
    built: exactlyOneOf(['objectName', 'manifests'], object({
      sourceRevision: str({ nonEmpty: true }), digest: str({ nonEmpty: true }), objectName: optional(str({ nonEmpty: true })),
      manifests: optional(str()), objectCount: num({ count: true }), generation: optional(num({ count: true })),
    })),
    failed: object({
      sourceRevision: str(), generation: optional(num({ count: true })),
      error: object({ message: str({ nonEmpty: true }), file: optional(str()), field: optional(str()) }),
    }),
  }),
  apply: object({
    revision: str({ nonEmpty: true }),
    changeSet: object({ counts, entries: arrayOf(object({ subject: str({ nonEmpty: true }), action: oneOf(CHANGE_ACTIONS) })) }),
    inventory: arrayOf(object({ id: str({ nonEmpty: true }), v: str() })),
    healthCheck: bool(),
    generation: optional(num({ count: true })),
    digest: optional(str()),
  }),
  health: object({
    revision: str(),
    result: oneOf(HEALTH_RESULTS),
    objects: arrayOf(object({ id: str({ nonEmpty: true }), status: oneOf(OBJECT_STATUSES), message: optional(str()) })),
    generation: optional(num({ count: true })),
  }),
  ready: object({ ready: bool(), reason: str({ nonEmpty: true }), revision: optional(str()), observedGeneration: num() }),
  event: object({}),
  notification: object({ alert: object({ namespace: str({ nonEmpty: true }), name: str({ nonEmpty: true }), uid: optional(str()) }) }),
};

/** Check of the envelope around any payload (Flux's `event.Event` fields). */
export const ENVELOPE_CHECK: Check = object({
  involvedObject: object({
    apiVersion: str({ nonEmpty: true }),
    kind: str({ nonEmpty: true }),
    namespace: str(),
    name: str({ nonEmpty: true }),
    uid: optional(str()),
    resourceVersion: optional(str()),
  }),
  severity: oneOf(['info', 'error', 'trace']),
  timestamp: timestamp(),
  message: str(),
  reason: str(),
  metadata: recordOf(str()),
  reportingController: str({ nonEmpty: true }),
  reportingInstance: str(),
  payload: object({}),
});
