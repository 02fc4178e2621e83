import type { KubeObject } from './types.js';

/** The API group and kind of an object, as kstatus keys its per-kind rules. */
export interface GroupKind {
  /** `''` for the core group (`apiVersion: v1`). */
  readonly group: string;
  readonly kind: string;
}

function stringAt(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function metadataOf(object: KubeObject): Readonly<Record<string, unknown>> {
  const metadata = object['metadata'];
  return isMapping(metadata) ? metadata : {};
}

/** True for a plain mapping (not null, not a list). */
export function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The group of an `apiVersion` string as Kubernetes parses it: `apps/v1` → `apps`, `v1` → `''`. A malformed
 * apiVersion (more than one `/`) has no group version at all, so it returns `undefined`.
 */
export function groupOfApiVersion(apiVersion: string): string | undefined {
  const parts = apiVersion.split('/');
  if (parts.length > 2) return undefined;
  return parts.length === 2 ? parts[0]! : '';
}

/**
 * The group and kind of an object, as kstatus derives them to choose a per-kind rule. An object whose apiVersion
 * cannot be parsed gets an empty kind, so no per-kind rule applies to it (as in kstatus).
 */
export function groupKindOf(object: KubeObject): GroupKind {
  const group = groupOfApiVersion(stringAt(object['apiVersion']));
  if (group === undefined) return { group: '', kind: '' };
  return { group, kind: stringAt(object['kind']) };
}

/**
 * The object as a subject for messages: `Kind/namespace/name`, or `Kind/name` when cluster-scoped. Call it to
 * prefix errors and summaries so that readers know which object is meant.
 */
export function objectRef(object: unknown): string {
  if (!isMapping(object)) return 'object';
  const kind = stringAt(object['kind']) || 'object';
  const metadata = metadataOf(object);
  const name = stringAt(metadata['name']);
  const namespace = stringAt(metadata['namespace']);
  return [kind, namespace, name].filter((part) => part !== '').join('/');
}
