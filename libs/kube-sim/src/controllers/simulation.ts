/**
 * The documented annotations that steer the simulation per object (see the README): a custom ready delay and
 * failure modes that let health checks be tested. Pods inherit them from their owners (ReplicaSet, Deployment,
 * StatefulSet, DaemonSet, Job), the nearest annotation winning.
 */
import { isJsonObject, objectAt, stringAt, type JsonObject } from '../json.js';
import type { ControllerRuntime } from './runtime.js';

/** Annotation keys the simulation reads. */
export const SimAnnotation = {
  /** How long pods take to become ready: `500ms`, `2s`, `1m` (default: the server's `readyDelayMs`). */
  ReadyDelay: 'kube-sim.sluice.dev/ready-delay',
  /** A failure to simulate; one of {@link FailureMode}. */
  Fail: 'kube-sim.sluice.dev/fail',
} as const;

/** Values of the `kube-sim.sluice.dev/fail` annotation. */
export const FailureMode = {
  /** Pods run but never become Ready: a Deployment never gets Available and exceeds its progress deadline. */
  Unready: 'unready',
  /** Containers crash-loop (waiting, reason CrashLoopBackOff, restart count growing). */
  CrashLoop: 'crashloop',
  /** Images cannot be pulled (pods stay Pending, reason ImagePullBackOff). */
  ImagePull: 'image-pull',
  /** Pods of Jobs exit with an error: the Job fails with BackoffLimitExceeded. */
  Fail: 'fail',
  /** PersistentVolumeClaims stay Pending; LoadBalancer Services get no address. */
  Pending: 'pending',
} as const;
export type FailureMode = (typeof FailureMode)[keyof typeof FailureMode];

const MODES: ReadonlySet<string> = new Set(Object.values(FailureMode));

/** Parses `500ms`, `2s`, `1m`, `1h` or a bare number of milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  return Math.round(n * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const)[unit as 'ms']);
}

/** How the simulation treats one object. */
export interface SimSettings {
  readonly readyDelayMs: number;
  readonly fail: FailureMode | undefined;
}

function annotationsOf(obj: JsonObject | undefined): JsonObject {
  return objectAt(objectAt(obj, 'metadata'), 'annotations') ?? {};
}

/** The controller owner of `obj`, looked up in the store (same namespace), if any. */
export function controllerOwner(rt: ControllerRuntime, obj: JsonObject): JsonObject | undefined {
  const meta = objectAt(obj, 'metadata') ?? {};
  const refs = Array.isArray(meta.ownerReferences) ? meta.ownerReferences.filter(isJsonObject) : [];
  const ref = refs.find((r) => r.controller === true);
  if (!ref) return undefined;
  const apiVersion = stringAt(ref, 'apiVersion') ?? '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  const def = rt.core.registry.findKindAnyVersion(group, stringAt(ref, 'kind') ?? '');
  if (!def) return undefined;
  const owner = rt.get(def.storageKey, def.namespaced ? String(meta.namespace ?? '') : '', stringAt(ref, 'name') ?? '');
  return owner && objectAt(owner, 'metadata')?.uid === ref.uid ? owner : undefined;
}

/** The simulation settings of `obj`, from its own annotations or its owners'. */
export function simSettings(rt: ControllerRuntime, obj: JsonObject): SimSettings {
  let delay: number | undefined;
  let fail: FailureMode | undefined;
  let cur: JsonObject | undefined = obj;
  for (let depth = 0; cur && depth < 4 && (delay === undefined || fail === undefined); depth++) {
    const a = annotationsOf(cur);
    const d = stringAt(a, SimAnnotation.ReadyDelay);
    if (delay === undefined && d !== undefined) delay = parseDuration(d);
    const f = stringAt(a, SimAnnotation.Fail);
    if (fail === undefined && f !== undefined && MODES.has(f)) fail = f as FailureMode;
    cur = controllerOwner(rt, cur);
  }
  return { readyDelayMs: delay ?? rt.sim.readyDelayMs, fail };
}

/** One status condition. */
export interface Condition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
}

/**
 * Sets conditions on a status's `conditions` list, keeping `lastTransitionTime` when the status did not change
 * and `lastUpdateTime` (when `withUpdateTime`) when nothing changed at all.
 */
export function setConditions(existing: unknown, wanted: readonly Condition[], now: string, withUpdateTime = false): JsonObject[] {
  const old = Array.isArray(existing) ? existing.filter(isJsonObject) : [];
  const out: JsonObject[] = old.filter((c) => !wanted.some((w) => w.type === c.type));
  for (const w of wanted) {
    const prev = old.find((c) => c.type === w.type);
    const sameStatus = prev?.status === w.status;
    const same = sameStatus && prev?.reason === w.reason && prev?.message === w.message;
    const c: JsonObject = { type: w.type, status: w.status };
    if (withUpdateTime) c.lastUpdateTime = same && prev?.lastUpdateTime !== undefined ? prev.lastUpdateTime : now;
    c.lastTransitionTime = sameStatus && prev?.lastTransitionTime !== undefined ? prev.lastTransitionTime : now;
    c.reason = w.reason;
    c.message = w.message;
    out.push(c);
  }
  return out;
}

/** The condition of a type in a status, if present. */
export function conditionOf(status: JsonObject | undefined, type: string): JsonObject | undefined {
  const list = status?.conditions;
  return Array.isArray(list) ? list.filter(isJsonObject).find((c) => c.type === type) : undefined;
}
