/**
 * What every verb works with: the store, the registry, the merge engine and the clock. Verbs are plain functions
 * of an {@link ApiCore}, so they run the same for HTTP clients and for the simulated controllers.
 */
import type { JsonObject } from '../json.js';
import type { MergeEngine } from '../merge.js';
import type { Registry } from '../registry/registry.js';
import type { Store } from '../storage/store.js';

/** The server's state and collaborators. */
export interface ApiCore {
  readonly store: Store;
  readonly registry: Registry;
  readonly merge: MergeEngine;
  /** The current time; tests may freeze it. */
  now(): Date;
}

/** RFC 3339 at second precision, as Kubernetes timestamps are serialized (`2024-05-01T10:00:00Z`). */
export function timestamp(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** An authenticated (or impersonated) user. */
export interface UserInfo {
  readonly name: string;
  readonly uid: string;
  readonly groups: readonly string[];
  readonly extra: Readonly<Record<string, readonly string[]>>;
}

/** `fieldValidation` query parameter values. */
export const FieldValidation = { Strict: 'Strict', Warn: 'Warn', Ignore: 'Ignore' } as const;
export type FieldValidation = (typeof FieldValidation)[keyof typeof FieldValidation];

/** Options shared by every mutating verb. */
export interface WriteOptions {
  /** `dryRun=All`: validate fully, store nothing, consume no resourceVersion. */
  readonly dryRun: boolean;
  /** The `fieldManager` query parameter, or undefined. */
  readonly fieldManager: string | undefined;
  readonly fieldValidation: FieldValidation;
  /** The client's User-Agent, the manager name when `fieldManager` is absent. */
  readonly userAgent: string;
}

/** Defaults for {@link WriteOptions}: what a request with no query parameters gets. */
export function defaultWriteOptions(): WriteOptions {
  return { dryRun: false, fieldManager: undefined, fieldValidation: FieldValidation.Warn, userAgent: '' };
}

/** The answer of a successful verb: HTTP code, body and Warning header texts. */
export interface VerbResult {
  readonly code: number;
  readonly body: JsonBody;
  readonly warnings: readonly string[];
}

/** A response body (an object, a list or a Status). */
export type JsonBody = JsonObject;
