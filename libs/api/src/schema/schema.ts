/**
 * The schema description language: one tree per API kind, from which the runtime validator
 * (`validate.ts`), the CRD's OpenAPI v3 schema (`openapi.ts`) and the TypeScript types (`OutputOf`) are derived.
 *
 * Fields are optional unless marked `.required()` or given a `.default(...)`, as in Kubernetes API types.
 */

/** Any JSON value, as found in YAML or JSON manifests. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object with arbitrary keys (Helm values, JSON patch values). */
export type JsonObject = { [key: string]: JsonValue };

/** A check the CRD cannot express but the runtime validator runs (a message when it fails, else undefined). */
export type Refinement<T> = (value: T) => string | undefined;

/** A cross-field rule: CEL for the CRD (`x-kubernetes-validations`), a predicate for the runtime validator. */
export interface Rule {
  /** The CEL expression Kubernetes evaluates, as Flux's CRD writes it. */
  readonly rule: string;
  /** The message shown when the rule fails. */
  readonly message: string;
  /** The same rule in TypeScript, evaluated against the already validated object. */
  readonly test: (self: Record<string, unknown>) => boolean;
}

interface NodeBase {
  description?: string;
  default?: JsonValue;
  /** Default only written into the CRD (the API server applies it); the parser leaves the field absent. */
  crdOnlyDefault?: JsonValue;
  /** `null` is accepted and treated as absent. */
  nullable?: boolean;
  /** Runtime-only checks, run after the structural ones pass. */
  refinements?: Refinement<never>[];
  /** What the runtime validator says it expected when a refinement fails. */
  refinementExpected?: string;
}

/** A string field, with the CRD constraints it may carry. */
export interface StringNode extends NodeBase {
  type: 'string';
  enum?: readonly string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  format?: 'date-time';
}

/** An integer field. */
export interface IntegerNode extends NodeBase {
  type: 'integer';
  format?: 'int32' | 'int64';
  minimum?: number;
  maximum?: number;
}

/** A boolean field. */
export interface BooleanNode extends NodeBase {
  type: 'boolean';
}

/** An object with declared fields; `required` lists the fields that must be present. */
export interface ObjectNode extends NodeBase {
  type: 'object';
  properties: Record<string, SchemaNode>;
  required: string[];
  rules?: Rule[];
  /** Keep fields the schema does not list (`x-kubernetes-preserve-unknown-fields`). */
  preserveUnknown?: boolean;
}

/** An object with arbitrary keys and uniformly typed values (`additionalProperties`). */
export interface MapNode extends NodeBase {
  type: 'map';
  values: SchemaNode;
}

/** A list, optionally a Kubernetes map-list (`x-kubernetes-list-type: map`) keyed by `listMapKeys`. */
export interface ArrayNode extends NodeBase {
  type: 'array';
  items: SchemaNode;
  minItems?: number;
  maxItems?: number;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
}

/** Any JSON value (`x-kubernetes-preserve-unknown-fields` without a type). */
export interface JsonNode extends NodeBase {
  type: 'json';
}

/** A JSON object whose content is not described (`type: object` plus `x-kubernetes-preserve-unknown-fields`). */
export interface FreeObjectNode extends NodeBase {
  type: 'free-object';
}

/** Any node of a schema tree; `type` tells which. */
export type SchemaNode = StringNode | IntegerNode | BooleanNode | ObjectNode | MapNode | ArrayNode | JsonNode | FreeObjectNode;

/** How a field appears in its parent object. */
export type Presence = 'optional' | 'required' | 'defaulted';

/**
 * A schema node with its TypeScript output type `T` (after defaults) and its presence in a parent object.
 * Build one with the functions below; never construct directly.
 */
export class Schema<T, P extends Presence = 'optional'> {
  readonly node: SchemaNode;
  readonly presence: P;
  /** Phantom member carrying the output type; never set at run time. */
  declare readonly outputType?: T;

  constructor(node: SchemaNode, presence: P) {
    this.node = node;
    this.presence = presence;
  }

  /** Marks the field required in its parent object. */
  required(): Schema<T, 'required'> {
    return new Schema<T, 'required'>(this.node, 'required');
  }

  /** Gives the field a default, written into the CRD and applied by the parser when the field is absent. */
  default(value: T & JsonValue): Schema<T, 'defaulted'> {
    return new Schema<T, 'defaulted'>({ ...this.node, default: value }, 'defaulted');
  }

  /** A default the CRD declares but the parser does not apply (e.g. `status: {observedGeneration: -1}`). */
  crdDefault(value: JsonValue): Schema<T, P> {
    return new Schema<T, P>({ ...this.node, crdOnlyDefault: value }, this.presence);
  }

  /** The description the CRD shows in `kubectl explain`. */
  describe(text: string): Schema<T, P> {
    return new Schema<T, P>({ ...this.node, description: text }, this.presence);
  }

  /** Accepts `null` as "absent" (e.g. `creationTimestamp: null` written by generators). */
  nullable(): Schema<T, P> {
    return new Schema<T, P>({ ...this.node, nullable: true }, this.presence);
  }

  /** Adds a runtime-only check; `expected` is what the error says was expected. */
  refine(expected: string, check: Refinement<T>): Schema<T, P> {
    const refinements = [...(this.node.refinements ?? []), check as Refinement<never>];
    return new Schema<T, P>({ ...this.node, refinements, refinementExpected: expected }, this.presence);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySchema = Schema<any, Presence>;
type Props = Record<string, AnySchema>;

/** The TypeScript type a schema produces after validation and defaulting. */
export type OutputOf<S> = S extends Schema<infer T, Presence> ? T : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type PresentKeys<P extends Props> = { [K in keyof P]: P[K]['presence'] extends 'optional' ? never : K }[keyof P];
type ObjectOutput<P extends Props> = Simplify<
  { [K in PresentKeys<P>]: OutputOf<P[K]> } & { [K in Exclude<keyof P, PresentKeys<P>>]?: OutputOf<P[K]> }
>;

interface StringOptions {
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  format?: 'date-time';
}

/** A string field. */
export function string(options: StringOptions = {}): Schema<string> {
  return new Schema({ type: 'string', ...options }, 'optional');
}

/** A string restricted to the given values. */
export function enumOf<const V extends readonly string[]>(values: V): Schema<V[number]> {
  return new Schema({ type: 'string', enum: values }, 'optional');
}

/** An integer field (JSON number without fraction). */
export function integer(options: { format?: 'int32' | 'int64'; minimum?: number; maximum?: number } = {}): Schema<number> {
  return new Schema({ type: 'integer', ...options }, 'optional');
}

/** A boolean field. */
export function boolean(): Schema<boolean> {
  return new Schema({ type: 'boolean' }, 'optional');
}

/** An object with the listed fields; unknown fields are errors unless `preserveUnknown` is set. */
export function object<P extends Props>(
  props: P,
  options: { rules?: Rule[]; preserveUnknown?: boolean } = {},
): Schema<ObjectOutput<P>> {
  const properties: Record<string, SchemaNode> = {};
  const required: string[] = [];
  for (const [key, schema] of Object.entries(props)) {
    properties[key] = schema.node;
    if (schema.presence === 'required') required.push(key);
  }
  const node: ObjectNode = { type: 'object', properties, required };
  if (options.rules !== undefined) node.rules = options.rules;
  if (options.preserveUnknown === true) node.preserveUnknown = true;
  return new Schema(node, 'optional');
}

/** An object with arbitrary keys whose values all follow `values` (labels, annotations, substitutions). */
export function map<T>(values: Schema<T, Presence>): Schema<Record<string, T>> {
  return new Schema({ type: 'map', values: values.node }, 'optional');
}

interface ArrayOptions {
  minItems?: number;
  maxItems?: number;
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
}

/** A list; `listType: 'map'` with `listMapKeys` makes the listed keys unique, as Kubernetes does. */
export function array<T>(items: Schema<T, Presence>, options: ArrayOptions = {}): Schema<T[]> {
  return new Schema({ type: 'array', items: items.node, ...options }, 'optional');
}

/** Any JSON value, kept as is. */
export function json(): Schema<JsonValue> {
  return new Schema({ type: 'json' }, 'optional');
}

/** A JSON object whose content is not described (Helm values). */
export function freeObject(): Schema<JsonObject> {
  return new Schema({ type: 'free-object' }, 'optional');
}
