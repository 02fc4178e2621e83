import type { FieldSchema } from '@sluice/k8s-schema';
import { ManagedFieldsError } from '../errors.js';
import { isJsonObject, jsonKind, type JsonObject, type JsonValue } from '../json.js';
import { comparePathElements, parsePathElement, printFieldPath, serializePathElement, type FieldPath, type PathElement } from './path.js';
import { toFieldSet } from './to-field-set.js';

interface ChildNode {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

/**
 * An immutable set of field paths, as structured-merge-diff's fieldpath.Set: the fields one manager owns, or the
 * fields a value sets. A path is in the set when its last element is a member at its parent's node; `children`
 * hold the deeper paths. Round-trips to the fieldsV1 encoding of `metadata.managedFields`.
 */
export class FieldSet {
  static readonly #EMPTY: FieldSet = new FieldSet(new Map(), new Map());
  readonly #members: ReadonlyMap<string, PathElement>;
  readonly #children: ReadonlyMap<string, ChildNode>;

  private constructor(members: ReadonlyMap<string, PathElement>, children: ReadonlyMap<string, ChildNode>) {
    this.#members = members;
    this.#children = children;
  }

  /** The empty set. */
  static empty(): FieldSet {
    return FieldSet.#EMPTY;
  }

  /** The set holding exactly these paths (empty paths are ignored, as upstream ignores them). */
  static fromPaths(paths: Iterable<FieldPath>): FieldSet {
    const b = new FieldSetBuilder();
    for (const p of paths) b.insert(p);
    return b.build();
  }

  /**
   * Decodes a fieldsV1 value (`{"f:spec":{"f:replicas":{}}}`); element types it does not know are skipped, as the
   * API server skips them. Throws ManagedFieldsError when the value is not a trie of objects.
   */
  static fromFieldsV1(fields: JsonValue): FieldSet {
    if (!isJsonObject(fields)) throw new ManagedFieldsError(`fieldsV1 must be an object, got ${jsonKind(fields)}`);
    const b = new FieldSetBuilder();
    readFieldsV1(b, fields);
    return b.build();
  }

  /**
   * The fields a value sets, by the schema's list and map semantics (structured-merge-diff's ToFieldSet): leaves,
   * list-map and set elements, map entries, atomic lists and maps as single fields. `schema` undefined means
   * granular maps and atomic lists throughout.
   */
  static of(value: JsonValue, schema: FieldSchema | undefined): FieldSet {
    return toFieldSet(value, schema, undefined);
  }

  /** The fieldsV1 encoding: keys sorted as the API server sorts them, `.` first for a field that also has children. */
  toFieldsV1(): JsonObject {
    return emitFieldsV1(this, false);
  }

  /** True when the set holds no path. */
  isEmpty(): boolean {
    return this.#members.size === 0 && this.#children.size === 0;
  }

  /** True when `path` is in the set. */
  has(path: FieldPath): boolean {
    if (path.length === 0) return false;
    const [head, ...rest] = path;
    if (rest.length === 0) return this.#members.has(serializePathElement(head!));
    const child = this.#children.get(serializePathElement(head!));
    return child !== undefined && child.set.has(rest);
  }

  /** The sub-set of paths below `pe`, relative to it (structured-merge-diff's WithPrefix). */
  child(pe: PathElement): FieldSet {
    return this.#children.get(serializePathElement(pe))?.set ?? FieldSet.#EMPTY;
  }

  /** True when `pe` itself is a member at this level. */
  hasMember(pe: PathElement): boolean {
    return this.#members.has(serializePathElement(pe));
  }

  /** Path elements that are members at this level, sorted. */
  memberElements(): PathElement[] {
    return [...this.#members.values()].sort(comparePathElements);
  }

  /** Path elements that have children at this level, sorted, with their sub-sets. */
  childElements(): ChildNode[] {
    return [...this.#children.values()].sort((a, b) => comparePathElements(a.pe, b.pe));
  }

  /** Paths in either set. */
  union(other: FieldSet): FieldSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    const members = new Map([...this.#members, ...other.#members]);
    const children = new Map(this.#children);
    for (const [key, node] of other.#children) {
      const mine = children.get(key);
      children.set(key, mine ? { pe: node.pe, set: mine.set.union(node.set) } : node);
    }
    return new FieldSet(members, children);
  }

  /** Paths in both sets. */
  intersection(other: FieldSet): FieldSet {
    const members = new Map([...this.#members].filter(([key]) => other.#members.has(key)));
    const children = new Map<string, ChildNode>();
    for (const [key, node] of this.#children) {
      const theirs = other.#children.get(key);
      if (!theirs) continue;
      const both = node.set.intersection(theirs.set);
      if (!both.isEmpty()) children.set(key, { pe: node.pe, set: both });
    }
    return FieldSet.#make(members, children);
  }

  /** Paths in this set and not in `other` (a path's children are unaffected by removing the path itself). */
  difference(other: FieldSet): FieldSet {
    if (other.isEmpty() || this.isEmpty()) return this;
    const members = new Map([...this.#members].filter(([key]) => !other.#members.has(key)));
    const children = new Map<string, ChildNode>();
    for (const [key, node] of this.#children) {
      const theirs = other.#children.get(key);
      const rest = theirs ? node.set.difference(theirs.set) : node.set;
      if (!rest.isEmpty()) children.set(key, { pe: node.pe, set: rest });
    }
    return FieldSet.#make(members, children);
  }

  /** Paths in this set that neither are in `other` nor lie below a path of `other`. */
  recursiveDifference(other: FieldSet): FieldSet {
    if (other.isEmpty() || this.isEmpty()) return this;
    const members = new Map([...this.#members].filter(([key]) => !other.#members.has(key)));
    const children = new Map<string, ChildNode>();
    for (const [key, node] of this.#children) {
      if (other.#members.has(key)) continue;
      const theirs = other.#children.get(key);
      const rest = theirs ? node.set.recursiveDifference(theirs.set) : node.set;
      if (!rest.isEmpty()) children.set(key, { pe: node.pe, set: rest });
    }
    return FieldSet.#make(members, children);
  }

  /** True when both sets hold the same paths. */
  equals(other: FieldSet): boolean {
    if (this.#members.size !== other.#members.size || this.#children.size !== other.#children.size) return false;
    for (const key of this.#members.keys()) if (!other.#members.has(key)) return false;
    for (const [key, node] of this.#children) {
      const theirs = other.#children.get(key);
      if (!theirs || !node.set.equals(theirs.set)) return false;
    }
    return true;
  }

  /** Every path, in the API server's iteration order: a level's members first, then its children, each sorted. */
  paths(): FieldPath[] {
    const out: FieldPath[] = [];
    const walk = (set: FieldSet, prefix: FieldPath): void => {
      for (const pe of set.memberElements()) out.push([...prefix, pe]);
      for (const node of set.childElements()) walk(node.set, [...prefix, node.pe]);
    };
    walk(this, []);
    return out;
  }

  /** The paths printed as the API server prints them, one per line. */
  toString(): string {
    return this.paths().map(printFieldPath).join('\n');
  }

  static #make(members: Map<string, PathElement>, children: Map<string, ChildNode>): FieldSet {
    return members.size === 0 && children.size === 0 ? FieldSet.#EMPTY : new FieldSet(members, children);
  }

  /** @internal Builder hook; use {@link FieldSetBuilder}. */
  static fromParts(members: Map<string, PathElement>, children: Map<string, ChildNode>): FieldSet {
    return FieldSet.#make(members, children);
  }
}

/** Collects paths into a new {@link FieldSet}; used by the walkers that compute sets from values. */
export class FieldSetBuilder {
  readonly #members = new Map<string, PathElement>();
  readonly #children = new Map<string, { pe: PathElement; builder: FieldSetBuilder }>();

  /** Adds `path` (a no-op for the empty path). */
  insert(path: FieldPath): void {
    if (path.length === 0) return;
    const last = path[path.length - 1]!;
    const parent = path.slice(0, -1).reduce((node: FieldSetBuilder, pe) => node.descend(pe), this);
    parent.#members.set(serializePathElement(last), last);
  }

  /** The builder for paths below `pe`, created on first use. */
  descend(pe: PathElement): FieldSetBuilder {
    const key = serializePathElement(pe);
    let child = this.#children.get(key);
    if (!child) {
      child = { pe, builder: new FieldSetBuilder() };
      this.#children.set(key, child);
    }
    return child.builder;
  }

  /** Adds `pe` as a member at this level. */
  addMember(pe: PathElement): void {
    this.#members.set(serializePathElement(pe), pe);
  }

  build(): FieldSet {
    const children = new Map<string, ChildNode>();
    for (const [key, { pe, builder }] of this.#children) {
      const set = builder.build();
      if (!set.isEmpty()) children.set(key, { pe, set });
    }
    return FieldSet.fromParts(new Map(this.#members), children);
  }
}

function emitFieldsV1(set: FieldSet, includeSelf: boolean): JsonObject {
  const out: JsonObject = {};
  if (includeSelf) out['.'] = {};
  const entries: { pe: PathElement; member: boolean; child: FieldSet | undefined }[] = [];
  const byKey = new Map<string, (typeof entries)[number]>();
  for (const pe of set.memberElements()) {
    const entry = { pe, member: true, child: undefined };
    entries.push(entry);
    byKey.set(serializePathElement(pe), entry);
  }
  for (const node of set.childElements()) {
    const existing = byKey.get(serializePathElement(node.pe));
    if (existing) existing.child = node.set;
    else entries.push({ pe: node.pe, member: false, child: node.set });
  }
  entries.sort((a, b) => comparePathElements(a.pe, b.pe));
  for (const e of entries) {
    out[serializePathElement(e.pe)] = e.child ? emitFieldsV1(e.child, e.member) : {};
  }
  return out;
}

/** Reads a fieldsV1 trie into `b`; returns whether the trie marks its own path as a member (`.` or no entries). */
function readFieldsV1(b: FieldSetBuilder, obj: JsonObject): boolean {
  let any = false;
  let isMember = false;
  for (const [key, value] of Object.entries(obj)) {
    if (key === '.') {
      isMember = true;
      continue;
    }
    const pe = parsePathElement(key);
    if (pe === undefined) continue;
    if (!isJsonObject(value)) throw new ManagedFieldsError(`fieldsV1 entry ${JSON.stringify(key)} must map to an object, got ${jsonKind(value)}`);
    any = true;
    if (readFieldsV1(b.descend(pe), value)) b.addMember(pe);
  }
  return isMember || !any;
}
