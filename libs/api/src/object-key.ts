/**
 * Object keys, `Kind/namespace/name` (or `Kind/name` for cluster-scoped objects): how Sluice names an object in
 * messages, maps, bus subjects' payloads and dependency graphs.
 */
import { InvalidObjectKeyError } from './errors.js';

/** The parts of an object key. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** `Kind/namespace/name`, or `Kind/name` when there is no namespace. */
export function formatObjectKey(ref: ObjectRef): string {
  return ref.namespace === undefined || ref.namespace === '' ? `${ref.kind}/${ref.name}` : `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** The key of a Kubernetes object; `defaultNamespace` fills in a missing namespace (as `kubectl apply -n` would). */
export function objectKey(
  obj: { readonly kind: string; readonly metadata: { readonly name: string; readonly namespace?: string } },
  defaultNamespace?: string,
): string {
  const namespace = obj.metadata.namespace ?? defaultNamespace;
  return formatObjectKey({ kind: obj.kind, name: obj.metadata.name, ...(namespace === undefined ? {} : { namespace }) });
}

/** Parses `Kind/namespace/name` or `Kind/name`; throws {@link InvalidObjectKeyError} (`SLUICE_INVALID_OBJECT_KEY`). */
export function parseObjectKey(key: string): ObjectRef {
  const parts = key.split('/');
  if (parts.some((p) => p === '')) throw new InvalidObjectKeyError(key, 'empty part');
  if (parts.length === 2) return { kind: parts[0]!, name: parts[1]! };
  if (parts.length === 3) return { kind: parts[0]!, namespace: parts[1]!, name: parts[2]! };
  throw new InvalidObjectKeyError(key, 'expected Kind/namespace/name or Kind/name');
}
