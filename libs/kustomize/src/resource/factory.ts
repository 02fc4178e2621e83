/**
 * Turning YAML text into resources, as kustomize's resource factory does: empty documents dropped, `kind` and
 * `metadata.name` required, `*List` kinds expanded into their items (appended after the file's other documents),
 * null list entries refused.
 */
import { KustomizeBuildError, MalformedYamlError } from '../errors.js';
import { parseYamlDocuments } from '../yaml/parse.js';
import type { ParseOptions } from '../yaml/parse.js';
import { isMap } from '../yaml/value.js';
import type { YMap, YValue } from '../yaml/value.js';
import { Resource, str } from './resource.js';

/** Parses a YAML stream into resources. */
export function resourcesFromText(text: string, opts: ParseOptions): Resource[] {
  const docs = parseYamlDocuments(text, opts);
  return resourcesFromValues(docs, opts.file);
}

/** Validates parsed documents and expands lists. */
export function resourcesFromValues(docs: readonly YValue[], file: string): Resource[] {
  const queue: YMap[] = [];
  for (const d of docs) {
    if (d === null) continue;
    if (!isMap(d)) throw new MalformedYamlError(`MalformedYAMLError: yaml: a document is not a mapping in File: ${file}`);
    if (Object.keys(d).length === 0) continue;
    queue.push(validated(d, file));
  }
  const out: Resource[] = [];
  while (queue.length > 0) {
    const n = queue.shift()!;
    const kind = str(n.kind);
    if (!kind.endsWith('List') || !('items' in n)) {
      out.push(new Resource(n));
      continue;
    }
    const items = n.items;
    if (items === null) continue;
    if (!Array.isArray(items)) throw new KustomizeBuildError(`expected array in ${kind}/items, but found ${typeof items}`);
    for (const it of items) {
      if (!isMap(it)) throw new KustomizeBuildError(`${file}: ${kind}/items: expected objects`);
      queue.push(validated(it, file));
    }
  }
  return out;
}

function validated(n: YMap, file: string): YMap {
  const kind = str(n.kind);
  if (kind === '') throw new KustomizeBuildError(`${file}: missing kind in object ${describe(n)}`);
  const md = n.metadata;
  if (!kind.endsWith('List') && (!isMap(md) || str(md.name) === '')) {
    throw new KustomizeBuildError(`${file}: missing metadata.name in object ${describe(n)}`);
  }
  const nil = nullInList(n, []);
  if (nil) throw new KustomizeBuildError(`${file}: empty item at ${nil} in object ${describe(n)}`);
  return n;
}

function describe(n: YMap): string {
  const md = isMap(n.metadata) ? n.metadata : undefined;
  return `{${str(n.apiVersion)} ${str(n.kind)} {${str(md?.name)} ${str(md?.namespace)}}}`;
}

function nullInList(v: YValue, path: string[]): string | undefined {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (v[i] === null) return [...path, String(i)].join('.');
      const r = nullInList(v[i]!, [...path, String(i)]);
      if (r) return r;
    }
  } else if (isMap(v)) {
    for (const k of Object.keys(v)) {
      const r = nullInList(v[k]!, [...path, k]);
      if (r) return r;
    }
  }
  return undefined;
}
