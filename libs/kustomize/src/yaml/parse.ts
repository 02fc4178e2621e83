/**
 * Reads YAML text into {@link YValue}s the way kustomize does: each `---` document on its own (anchors do not cross
 * documents), empty documents skipped, aliases and `<<` merge keys expanded, scalars resolved with go-yaml's rules.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { KustomizeLimitError, MalformedYamlError } from '../errors.js';
import { FastParseUnsupported, fastParseDocuments } from './fastparse.js';
import { resolvePlain } from './resolve.js';
import type { YamlDialect } from './resolve.js';
import { newMap } from './value.js';
import type { YMap, YValue } from './value.js';

/** How to read a stream. */
export interface ParseOptions {
  /** `v3` for resources (kyaml), `v2` for kustomization files (sigs.k8s.io/yaml). */
  readonly dialect: YamlDialect;
  /** Name used in error messages. */
  readonly file: string;
  /** Deepest nesting of maps and sequences accepted. */
  readonly maxDepth: number;
  /** Most values one document may expand to (guards against alias bombs). */
  readonly maxNodes: number;
}

const STR_TAG = 'tag:yaml.org,2002:str';
const BINARY_TAG = 'tag:yaml.org,2002:binary';

/** Parses every non-empty document of `text`. Throws {@link MalformedYamlError} on syntax errors. */
export function parseYamlDocuments(text: string, opts: ParseOptions): YValue[] {
  try {
    return fastParseDocuments(text, opts);
  } catch (err) {
    if (!(err instanceof FastParseUnsupported)) throw err;
  }
  return parseWithLibrary(text, opts);
}

/** The full YAML reader (the `yaml` package), for everything the fast reader leaves alone. */
export function parseWithLibrary(text: string, opts: ParseOptions): YValue[] {
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: opts.dialect === 'v3', strict: false, prettyErrors: false });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (err) {
    throw new MalformedYamlError(`MalformedYAMLError: yaml: ${(err as Error).message} in File: ${opts.file}`, { cause: err });
  }
  const out: YValue[] = [];
  for (const doc of docs) {
    const first = doc.errors[0];
    if (first) throw new MalformedYamlError(`MalformedYAMLError: yaml: ${first.message.split('\n')[0]} in File: ${opts.file}`, { cause: first });
    if (doc.contents === null) continue;
    const value = new Converter(doc, opts).convert(doc.contents as YamlNode, 0);
    // An empty document (`---` with nothing after it) reads as null: kustomize skips it like a missing one.
    if (value !== null) out.push(value);
  }
  return out;
}

/** Parses a single YAML document (the whole text); returns null for an empty one. */
export function parseYamlDocument(text: string, opts: ParseOptions): YValue {
  const docs = parseYamlDocuments(text, opts);
  return docs[0] ?? null;
}

class Converter {
  private nodes = 0;
  private readonly doc: Document.Parsed;
  private readonly opts: ParseOptions;

  constructor(doc: Document.Parsed, opts: ParseOptions) {
    this.doc = doc;
    this.opts = opts;
  }

  convert(node: YamlNode | null, depth: number): YValue {
    if (++this.nodes > this.opts.maxNodes) {
      throw new KustomizeLimitError(`${this.opts.file}: a document expands to more than ${this.opts.maxNodes} values`);
    }
    if (depth > this.opts.maxDepth) throw new KustomizeLimitError(`${this.opts.file}: nesting deeper than ${this.opts.maxDepth} levels`);
    if (node === null) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) throw new MalformedYamlError(`MalformedYAMLError: yaml: unknown anchor '${node.source}' referenced in File: ${this.opts.file}`);
      return this.convert(target, depth + 1);
    }
    if (isScalar(node)) return this.scalar(node.value, node.type, node.tag);
    if (isSeq(node)) return node.items.map((item) => this.convert(item as YamlNode | null, depth + 1));
    if (isMap(node)) return this.map(node.items, depth);
    throw new MalformedYamlError(`MalformedYAMLError: yaml: unsupported node in File: ${this.opts.file}`);
  }

  private scalar(raw: unknown, type: string | undefined, tag: string | undefined): YValue {
    const text = typeof raw === 'string' ? raw : String(raw);
    if (tag === undefined || tag === '!') {
      return type === 'PLAIN' && tag === undefined ? resolvePlain(text, this.opts.dialect).value : text;
    }
    if (tag === STR_TAG) return text;
    if (tag === BINARY_TAG) return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('latin1');
    if (tag.startsWith('tag:yaml.org,2002:')) return this.tagged(text, tag.slice('tag:yaml.org,2002:'.length));
    return text;
  }

  /** A scalar with an explicit core tag (`!!int "12"`): resolved as if plain, then checked against the tag. */
  private tagged(text: string, name: string): YValue {
    const r = resolvePlain(text, this.opts.dialect);
    if (name === r.tag || (name === 'float' && r.tag === 'int')) return name === 'float' ? Number(r.value) : r.value;
    if (name === 'timestamp' || name === 'map' || name === 'seq') return text;
    throw new MalformedYamlError(`MalformedYAMLError: yaml: cannot decode !!${r.tag} \`${text}\` as a !!${name} in File: ${this.opts.file}`);
  }

  private map(items: readonly unknown[], depth: number): YMap {
    const out = newMap();
    const merged: YMap[] = [];
    for (const item of items) {
      if (!isPair(item)) continue;
      const keyNode = item.key as YamlNode | null;
      if (isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.tag === undefined && keyNode.value === '<<') {
        merged.push(...this.mergeSources(item.value as YamlNode | null, depth));
        continue;
      }
      const key = isScalar(keyNode) ? String(keyNode.value) : keyText(this.convert(keyNode, depth + 1));
      out[key] = this.convert(item.value as YamlNode | null, depth + 1);
    }
    for (const src of merged) {
      for (const k of Object.keys(src)) if (!(k in out)) out[k] = src[k]!;
    }
    return out;
  }

  private mergeSources(node: YamlNode | null, depth: number): YMap[] {
    const v = this.convert(node, depth + 1);
    const list = Array.isArray(v) ? v : [v];
    return list.map((m) => {
      if (typeof m !== 'object' || m === null || Array.isArray(m)) {
        throw new MalformedYamlError(`MalformedYAMLError: yaml: map merge requires map or sequence of maps as the value in File: ${this.opts.file}`);
      }
      return m;
    });
  }
}

/** The string a map key becomes (go-yaml decodes scalar keys into strings by their text). */
function keyText(key: YValue): string {
  if (typeof key === 'string') return key;
  if (key === null) return 'null';
  if (typeof key === 'object') return JSON.stringify(key);
  return String(key);
}
