/**
 * The topics of the pipeline and their typed payloads. The contract is versioned with the subject (`v1`): fields
 * may be added (consumers ignore unknown fields), never renamed or retyped.
 */

/** Every topic, as written in subjects. */
export const TOPICS = {
  /** Work: reconcile an object (consumed from a work queue, one consumer per kind). */
  reconcile: 'reconcile',
  /** A source produced a new artifact. */
  revision: 'revision',
  /** A Kustomization's manifests were built and stored, or the build failed. */
  build: 'build',
  /** A Kustomization was applied. */
  apply: 'apply',
  /** Health checking finished. */
  health: 'health',
  /** An object's Ready condition changed (wakes dependents waiting in dependsOn). */
  ready: 'ready',
  /** A Flux-style event for notifications. */
  event: 'event',
  /** One event to deliver to one matching Alert's Provider (the notifier's fan-out, retried per Alert). */
  notification: 'notification',
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

const TOPIC_SET: ReadonlySet<string> = new Set(Object.values(TOPICS));

/** True when `value` names a topic. */
export function isTopic(value: string): value is Topic {
  return TOPIC_SET.has(value);
}

/** Why a reconcile was requested. */
export const RECONCILE_TRIGGERS = [
  'created', 'spec-changed', 'requested', 'interval', 'retry', 'revision', 'dependency', 'startup', 'webhook',
] as const;
export type ReconcileTrigger = (typeof RECONCILE_TRIGGERS)[number];

/** `reconcile` payload. */
export interface ReconcilePayload {
  readonly trigger: ReconcileTrigger;
  /** RFC 3339; delayed work: consumers nak with a delay until then instead of handling it. */
  readonly notBefore?: string;
  /** The source revision that caused this work (trigger `revision`). */
  readonly revision?: string;
  /** RFC 3339 value of the `reconcile.fluxcd.io/requestedAt` annotation (trigger `requested`). */
  readonly requestedAt?: string;
  /** RFC 3339 time the work was scheduled (published). */
  readonly scheduledAt: string;
}

/** A Flux source Artifact (source.toolkit.fluxcd.io/v1 `Artifact`), plus where its tarball sits on the bus. */
export interface Artifact {
  /** `main@sha1:<commit>`, `v1.0.0@sha1:<commit>`, ... */
  readonly revision: string;
  /** `sha256:<hex>` of the tarball. */
  readonly digest: string;
  /** Tarball size in bytes. */
  readonly size?: number;
  /** RFC 3339. */
  readonly lastUpdateTime: string;
  /** Object name in the `<prefix>-artifacts` object store. */
  readonly objectName: string;
  /** Flux's `path` (`<kind>/<namespace>/<name>/<digest>.tar.gz`). */
  readonly path: string;
  /** Where Flux-compatible clients download it. */
  readonly url: string;
  /** Artifact metadata (OCI annotations and the like). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** `revision` payload. */
export interface RevisionPayload {
  readonly artifact: Artifact;
  /** metadata.generation of the source the artifact was produced for. */
  readonly sourceGeneration: number;
}

/** Where a build failed. */
export interface BuildFailure {
  readonly message: string;
  /** File inside the source, e.g. `apps/kustomization.yaml`. */
  readonly file?: string;
  /** Field path inside that file, e.g. `patches[1].target`. */
  readonly field?: string;
}

/** `build` payload: built and stored, or failed. */
export type BuildPayload =
  | {
    readonly result: 'built';
    readonly sourceRevision: string;
    /** `sha256:<hex>` of the rendered manifests. */
    readonly digest: string;
    /** Object name in the `<prefix>-builds` object store; absent when the manifests travel inline. */
    readonly objectName?: string;
    /** The manifests themselves (multi-document YAML) when small enough to travel in the message. */
    readonly manifests?: string;
    readonly objectCount: number;
    /** `metadata.generation` of the Kustomization the build was made for. */
    readonly generation?: number;
  }
  | {
    readonly result: 'failed';
    readonly sourceRevision: string;
    readonly error: BuildFailure;
    /** `metadata.generation` of the Kustomization the build was made for. */
    readonly generation?: number;
  };

/** What apply did to one object (fluxcd/pkg/ssa actions). */
export const CHANGE_ACTIONS = ['created', 'configured', 'unchanged', 'deleted', 'skipped'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** One change set entry. */
export interface ChangeSetEntry {
  /** `Kind/namespace/name` (or `Kind/name` for cluster-scoped objects), as Flux logs it. */
  readonly subject: string;
  readonly action: ChangeAction;
}

/** Flux inventory entry: `id` is `<namespace>_<name>_<group>_<kind>`, `v` the version. */
export interface InventoryEntry {
  readonly id: string;
  readonly v: string;
}

/** `apply` payload. */
export interface ApplyPayload {
  readonly revision: string;
  readonly changeSet: {
    readonly counts: Readonly<Record<ChangeAction, number>>;
    readonly entries: readonly ChangeSetEntry[];
  };
  readonly inventory: readonly InventoryEntry[];
  /** False when the Kustomization has neither `wait` nor `healthChecks`: the health checker only reports Ready. */
  readonly healthCheck: boolean;
  /** `metadata.generation` of the Kustomization that was applied. */
  readonly generation?: number;
  /** `sha256:<hex>` of the applied build (the `build` message's digest), for `status.history` snapshots. */
  readonly digest?: string;
}

/** Outcome of a health check. */
export const HEALTH_RESULTS = ['healthy', 'unhealthy', 'canceled', 'timeout'] as const;
export type HealthResult = (typeof HEALTH_RESULTS)[number];

/** kstatus of one object. */
export const OBJECT_STATUSES = ['InProgress', 'Failed', 'Current', 'Terminating', 'NotFound', 'Unknown'] as const;
export type ObjectStatus = (typeof OBJECT_STATUSES)[number];

/** `health` payload. */
export interface HealthPayload {
  readonly revision: string;
  readonly result: HealthResult;
  readonly objects: ReadonlyArray<{ readonly id: string; readonly status: ObjectStatus; readonly message?: string }>;
  /** `metadata.generation` of the Kustomization that was checked. */
  readonly generation?: number;
}

/** `ready` payload: the object's Ready condition as just written. */
export interface ReadyPayload {
  readonly ready: boolean;
  readonly reason: string;
  readonly revision?: string;
  readonly observedGeneration: number;
}

/** `event` payload: empty; Flux's event fields are the envelope itself. */
export type EventPayload = Readonly<Record<string, never>>;

/** The Alert a `notification` is delivered for. */
export interface AlertRef {
  readonly namespace: string;
  readonly name: string;
  readonly uid?: string;
}

/**
 * `notification` payload: the envelope is the event to deliver (as received on `event`), the payload names the
 * Alert whose Provider receives it.
 */
export interface NotificationPayload {
  readonly alert: AlertRef;
}

/** Payload type of each topic. */
export interface TopicPayloads {
  reconcile: ReconcilePayload;
  revision: RevisionPayload;
  build: BuildPayload;
  apply: ApplyPayload;
  health: HealthPayload;
  ready: ReadyPayload;
  event: EventPayload;
  notification: NotificationPayload;
}
