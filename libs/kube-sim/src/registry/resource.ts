/**
 * What the server knows about one served resource (group, version, plural): its discovery facts, its schema and
 * the per-kind behaviour of the real API server's registry strategy for it.
 */
import type { FieldSchema } from '@sluice/k8s-schema';
import type { JsonObject } from '../json.js';

/** How `metadata.generation` moves, as the real server's strategy for the kind decides it. */
export const GenerationPolicy = {
  /** No generation field at all (ConfigMap, Secret, Service, ...). */
  None: 'none',
  /** 1 on create, +1 whenever `spec` changes (Deployment, Job, Pod, ...). */
  Spec: 'spec',
  /** 1 on create, +1 whenever anything but `metadata` and `status` changes (custom resources, webhooks). */
  NonMetadata: 'non-metadata',
} as const;
export type GenerationPolicy = (typeof GenerationPolicy)[keyof typeof GenerationPolicy];

/** Which rule `metadata.name` must follow. */
export const NameRule = {
  /** Lowercase RFC 1123 subdomain, at most 253 characters: most kinds. */
  Subdomain: 'subdomain',
  /** Lowercase RFC 1123 label, at most 63 characters: Namespace. */
  Label: 'label',
  /** DNS-1035 label (starts with a letter): Service. */
  Dns1035: 'dns1035',
  /** Anything but `.`, `..`, `/` and `%`: RBAC kinds. */
  PathSegment: 'path-segment',
} as const;
export type NameRule = (typeof NameRule)[keyof typeof NameRule];

/** A subresource as served: `status`, `scale`, `finalize`, ... */
export interface SubresourceDef {
  readonly name: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly verbs: readonly string[];
}

/** Where a custom resource keeps what its `scale` subresource exposes (CRD `subresources.scale`). */
export interface ScalePaths {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  readonly labelSelectorPath: string | undefined;
}

/** A CRD `additionalPrinterColumns` entry. */
export interface PrinterColumn {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly description: string;
  readonly priority: number;
  readonly jsonPath: string;
}

/** The facts of a custom resource that only its CRD knows. */
export interface CustomResourceFacts {
  /** Name of the CRD (`widgets.example.com`). */
  readonly crdName: string;
  /** The version's `openAPIV3Schema` as written in the CRD (for OpenAPI publishing and validation). */
  readonly openAPIV3Schema: JsonObject | undefined;
  readonly printerColumns: readonly PrinterColumn[];
  readonly scale: ScalePaths | undefined;
  /** `selectableFields[].jsonPath`, usable in field selectors besides metadata.name/namespace. */
  readonly selectableFields: readonly string[];
  /** The storage version's name. */
  readonly storageVersion: string;
  /** Warning text for requests to a version marked `deprecated` (its `deprecationWarning`, or the default). */
  readonly deprecationWarning: string | undefined;
}

/** One served group/version/resource. Different versions of one resource share storage (`storageKey`). */
export interface ResourceDef {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  readonly resource: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly subresources: readonly SubresourceDef[];
  /** Whole-object schema (built-in spec or `crdObjectSchema`), undefined when the CRD has none. */
  readonly schema: FieldSchema | undefined;
  /** `<group>/<resource>`: objects of every version of the resource live under this key. */
  readonly storageKey: string;
  readonly generation: GenerationPolicy;
  readonly nameRule: NameRule;
  /** `Orphan` for batch/v1 Job and v1 ReplicationController (back compatibility), else `Background`. */
  readonly defaultPropagation: 'Background' | 'Orphan';
  /** Deletes answer with the deleted object instead of a Success Status (pods, services, custom resources, ...). */
  readonly returnsDeletedObject: boolean;
  /** Present for custom resources. */
  readonly custom: CustomResourceFacts | undefined;
}

/** `apps/v1`, or `v1` for the core group. */
export function apiVersionOf(def: Pick<ResourceDef, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** True when the resource has the named subresource. */
export function hasSubresource(def: ResourceDef, name: string): boolean {
  return def.subresources.some((s) => s.name === name);
}

/** The `{ group, resource }` pair used in error messages. */
export function groupResource(def: ResourceDef): { group: string; resource: string } {
  return { group: def.group, resource: def.resource };
}

/** The `{ group, kind }` pair used in Invalid errors. */
export function groupKind(def: ResourceDef): { group: string; kind: string } {
  return { group: def.group, kind: def.kind };
}

const VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/**
 * Orders Kubernetes versions the way discovery does: GA before beta before alpha, higher numbers first, then
 * anything else alphabetically. Use it to pick a group's preferred version.
 */
export function compareKubeVersions(a: string, b: string): number {
  const ma = VERSION.exec(a);
  const mb = VERSION.exec(b);
  if (!ma || !mb) return ma ? -1 : mb ? 1 : a.localeCompare(b);
  const rank = (m: RegExpExecArray): number => (m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0);
  if (rank(ma) !== rank(mb)) return rank(mb) - rank(ma);
  if (ma[1] !== mb[1]) return Number(mb[1]) - Number(ma[1]);
  return Number(mb[3] ?? 0) - Number(ma[3] ?? 0);
}
