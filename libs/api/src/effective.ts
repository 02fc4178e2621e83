/**
 * The settings Flux's controllers compute when a field is absent — defaults that are not written into the object
 * (the CRD cannot express them because they depend on other fields). Call these instead of re-deriving them.
 */
import { durationToMs } from './duration.js';
import type { HelmRelease } from './kinds/helm-release.js';
import type { Kustomization } from './kinds/kustomization.js';
import type { Provider, Receiver } from './kinds/notification.js';
import type { GitRepository, HelmChart, HelmRepository, OCIRepository } from './kinds/source.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** When and how long a Kustomization reconciles. */
export interface KustomizationSettings {
  readonly intervalMs: number;
  /** `spec.retryInterval`, else the interval. */
  readonly retryIntervalMs: number;
  /** `spec.timeout`, else the interval minus 30s; never below 30s (kustomize-controller's `GetTimeout`). */
  readonly timeoutMs: number;
  /** `spec.deletionPolicy`, else `MirrorPrune`. */
  readonly deletionPolicy: 'MirrorPrune' | 'Delete' | 'WaitForTermination' | 'Orphan';
  readonly wait: boolean;
  readonly force: boolean;
  readonly suspend: boolean;
}

/** The effective settings of a parsed Kustomization. */
export function kustomizationSettings(k: Kustomization): KustomizationSettings {
  const intervalMs = durationToMs(k.spec.interval);
  const timeoutMs = Math.max(k.spec.timeout === undefined ? intervalMs - 30 * SECOND : durationToMs(k.spec.timeout), 30 * SECOND);
  return {
    intervalMs,
    retryIntervalMs: k.spec.retryInterval === undefined ? intervalMs : durationToMs(k.spec.retryInterval),
    timeoutMs,
    deletionPolicy: k.spec.deletionPolicy ?? 'MirrorPrune',
    wait: k.spec.wait ?? false,
    force: k.spec.force,
    suspend: k.spec.suspend ?? false,
  };
}

/** When and how long a HelmRelease reconciles, and where its release lives. */
export interface HelmReleaseSettings {
  readonly intervalMs: number;
  /** `spec.timeout`, else 5m (helm-controller's `GetTimeout`). */
  readonly timeoutMs: number;
  /** The install/upgrade `RetryOnFailure` strategy's retryInterval, else the interval. */
  readonly retryIntervalMs: number;
  /** `spec.maxHistory`, else 5. */
  readonly maxHistory: number;
  /** `spec.releaseName`, else `[targetNamespace-]name`. */
  readonly releaseName: string;
  /** `spec.targetNamespace`, else the HelmRelease's namespace. */
  readonly releaseNamespace: string | undefined;
  /** `spec.storageNamespace`, else the HelmRelease's namespace. */
  readonly storageNamespace: string | undefined;
  /** `spec.persistentClient`, else true. */
  readonly persistentClient: boolean;
  readonly suspend: boolean;
}

/** The effective settings of a parsed HelmRelease. */
export function helmReleaseSettings(hr: HelmRelease): HelmReleaseSettings {
  const intervalMs = durationToMs(hr.spec.interval);
  const retry = hr.spec.upgrade?.strategy?.retryInterval ?? hr.spec.install?.strategy?.retryInterval;
  const name = hr.metadata.name;
  const target = hr.spec.targetNamespace;
  return {
    intervalMs,
    timeoutMs: hr.spec.timeout === undefined ? 5 * MINUTE : durationToMs(hr.spec.timeout),
    retryIntervalMs: retry === undefined ? intervalMs : durationToMs(retry),
    maxHistory: hr.spec.maxHistory ?? 5,
    releaseName: hr.spec.releaseName ?? (target === undefined ? name : `${target}-${name}`),
    releaseNamespace: target ?? hr.metadata.namespace,
    storageNamespace: hr.spec.storageNamespace ?? hr.metadata.namespace,
    persistentClient: hr.spec.persistentClient ?? true,
    suspend: hr.spec.suspend ?? false,
  };
}

/** When a source is checked and how long one fetch may take. */
export interface SourceSettings {
  /** `spec.interval`; for a HelmRepository without one, 1m (source-controller's `GetRequeueAfter`). */
  readonly intervalMs: number;
  /** `spec.timeout` (defaulted to 60s by the CRD where it has one), else 60s; HelmChart has none and uses 60s. */
  readonly timeoutMs: number;
  readonly suspend: boolean;
}

/** The effective fetch settings of a parsed source. */
export function sourceSettings(source: GitRepository | HelmRepository | OCIRepository | HelmChart): SourceSettings {
  const spec = source.spec as { interval?: string; timeout?: string; suspend?: boolean };
  return {
    intervalMs: spec.interval === undefined ? MINUTE : durationToMs(spec.interval),
    timeoutMs: spec.timeout === undefined ? MINUTE : durationToMs(spec.timeout),
    suspend: spec.suspend ?? false,
  };
}

/** How long sending one notification may take: `spec.timeout`, else 15s. */
export function providerTimeoutMs(provider: Provider): number {
  return provider.spec.timeout === undefined ? 15 * SECOND : durationToMs(provider.spec.timeout);
}

/** How often a Receiver re-reads its secret: `spec.interval` (the CRD defaults it to 10m). */
export function receiverIntervalMs(receiver: Receiver): number {
  return durationToMs(receiver.spec.interval);
}
