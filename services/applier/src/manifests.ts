/**
 * Reading a stored build back into objects, and stamping them with the ownership labels Flux puts on everything a
 * Kustomization applies (`kustomize.toolkit.fluxcd.io/name` and `/namespace`), which prune later relies on.
 */
import { parseAllDocuments } from 'yaml';
import { SluiceError } from '@sluice/errors';
import type { KubeObject } from '@sluice/runtime';

/** Label naming the Kustomization that applied an object. */
export const OWNER_NAME_LABEL = 'kustomize.toolkit.fluxcd.io/name';
/** Label naming that Kustomization's namespace. */
export const OWNER_NAMESPACE_LABEL = 'kustomize.toolkit.fluxcd.io/namespace';

/** A stored build is not a list of Kubernetes objects. */
export class InvalidBuildError extends SluiceError {
  constructor(subject: string, detail: string) {
    super('SLUICE_INVALID_BUILD', `${subject}: ${detail}`);
  }
}

/** The ownership labels of a Kustomization. */
export function ownerLabels(namespace: string, name: string): Record<string, string> {
  return { [OWNER_NAME_LABEL]: name, [OWNER_NAMESPACE_LABEL]: namespace };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses the build's multi-document YAML; every document must be an object with apiVersion, kind and a name. */
export function parseBuild(yaml: string, subject: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const [i, doc] of parseAllDocuments(yaml).entries()) {
    if (doc.errors.length > 0) throw new InvalidBuildError(subject, `document ${i + 1}: ${doc.errors[0]!.message}`);
    const value: unknown = doc.toJSON();
    if (value === null || value === undefined) continue;
    if (!isObject(value)) throw new InvalidBuildError(subject, `document ${i + 1} is not an object`);
    const meta = value.metadata;
    if (typeof value.apiVersion !== 'string' || typeof value.kind !== 'string' || !isObject(meta) || typeof meta.name !== 'string' || meta.name === '') {
      throw new InvalidBuildError(subject, `document ${i + 1} lacks apiVersion, kind or metadata.name`);
    }
    objects.push(value as unknown as KubeObject);
  }
  return objects;
}

/** A copy of `obj` with the owner labels added to `metadata.labels` (selectors untouched). */
export function withOwnerLabels(obj: KubeObject, labels: Readonly<Record<string, string>>): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, ...labels } } };
}
