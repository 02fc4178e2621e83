/**
 * A node of a Kubernetes type's schema, reduced to what merging, server-side apply, validation and `explain` need.
 *
 * Built-in nodes come from the 1.36 OpenAPI v2 spec; custom resources' nodes from their CRD's openAPIV3Schema. The
 * graph may be cyclic (JSONSchemaProps refers to itself), so never JSON.stringify a node; nodes are shared and must
 * be treated as immutable.
 */
export interface FieldSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly properties?: Readonly<Record<string, FieldSchema>>;
  /** Value schema of a map (labels, data, ...). */
  readonly additionalProperties?: FieldSchema;
  readonly items?: FieldSchema;
  readonly required?: readonly string[];
  readonly description?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly nullable?: boolean;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly uniqueItems?: boolean;
  /** Raw `x-kubernetes-patch-strategy`: `merge`, `replace`, `retainKeys` or `merge,retainKeys`. */
  readonly patchStrategy?: string;
  /** `x-kubernetes-patch-merge-key`: the field that identifies list elements for strategic merge patch. */
  readonly patchMergeKey?: string;
  /** `x-kubernetes-list-type`: how server-side apply treats a list. */
  readonly listType?: 'atomic' | 'set' | 'map';
  /** `x-kubernetes-list-map-keys`: the keys of a `map` list. */
  readonly listMapKeys?: readonly string[];
  /** `x-kubernetes-map-type`, on maps and structs: `atomic` means one owner for the whole value. */
  readonly mapType?: 'atomic' | 'granular';
  /** `x-kubernetes-int-or-string` (IntOrString): an integer or a string; `type` is then unset. */
  readonly intOrString?: boolean;
  /** `x-kubernetes-preserve-unknown-fields`, or a free-form value (RawExtension, FieldsV1, JSON). */
  readonly preserveUnknownFields?: boolean;
  /** `x-kubernetes-embedded-resource`: the value is a whole object with apiVersion, kind and metadata. */
  readonly embeddedResource?: boolean;
  /** The definition this node came from (`io.k8s.api.core.v1.Container`), for built-ins. */
  readonly ref?: string;
}

/** A group, version and kind; `group` is `''` for the core group. */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** A subresource as discovery lists it, e.g. `deployments/scale` with kind `autoscaling/v1 Scale`. */
export interface SubresourceType {
  /** Subresource name: `status`, `scale`, `log`, `exec`, ... */
  readonly name: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly verbs: readonly string[];
}

/** A REST resource as the API server serves it and discovery describes it. */
export interface ResourceType extends GroupVersionKind {
  /** Plural resource name, e.g. `deployments`. */
  readonly resource: string;
  /** Singular name, the lowercased kind. */
  readonly singular: string;
  readonly namespaced: boolean;
  /** Verbs in discovery's order (sorted): create, delete, deletecollection, get, list, patch, update, watch. */
  readonly verbs: readonly string[];
  /** Names of its subresources (`status`, `scale`, ...). */
  readonly subresources: readonly string[];
  /** The same subresources with their kinds and verbs. */
  readonly subresourceDetails: readonly SubresourceType[];
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
}
