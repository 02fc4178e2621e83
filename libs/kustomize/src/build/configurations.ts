/**
 * Extra transformer configuration: `configurations` files (custom field specs, name references) and `crds`
 * (Go OpenAPI definitions whose `x-kubernetes-object-ref-*` extensions declare name references).
 */
import { KustomizeBuildError, wrapError } from '../errors.js';
import type { Loader } from '../kustfile/loader.js';
import type { FieldSpec } from '../kustfile/types.js';
import type { NameBackReference, TransformerConfig } from '../transform/builtin-fieldspecs.js';
import { parseYamlDocument } from '../yaml/parse.js';
import { isMap } from '../yaml/value.js';
import type { YMap, YValue } from '../yaml/value.js';
import type { BuildContext } from './context.js';

const LIST_KEYS = ['namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels', 'templateLabels', 'commonAnnotations', 'varReference', 'images', 'replicas'] as const;

function fieldSpec(v: YValue, where: string): FieldSpec {
  if (!isMap(v)) throw new KustomizeBuildError(`${where}: expected a field spec`);
  const fs: FieldSpec = { path: String(v.path ?? '') };
  for (const k of ['group', 'version', 'kind'] as const) if (typeof v[k] === 'string') fs[k] = v[k];
  if (v.create === true) fs.create = true;
  return fs;
}

function specList(v: YValue | undefined, where: string): FieldSpec[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new KustomizeBuildError(`${where}: expected a list of field specs`);
  return v.map((x, i) => fieldSpec(x, `${where}[${i}]`));
}

/** Parses one transformer configuration document. */
export function parseTransformerConfig(doc: YValue, where: string): Partial<TransformerConfig> {
  const out: Partial<TransformerConfig> = {};
  if (doc === null) return out;
  if (!isMap(doc)) throw new KustomizeBuildError(`${where}: expected a map`);
  for (const k of LIST_KEYS) if (k in doc) out[k] = specList(doc[k], `${where}: ${k}`);
  if ('nameReference' in doc) {
    const refs = doc.nameReference;
    if (!Array.isArray(refs)) throw new KustomizeBuildError(`${where}: nameReference: expected a list`);
    out.nameReference = refs.map((r, i): NameBackReference => {
      if (!isMap(r)) throw new KustomizeBuildError(`${where}: nameReference[${i}]: expected a map`);
      return {
        kind: String(r.kind ?? ''),
        ...(typeof r.group === 'string' ? { group: r.group } : {}),
        ...(typeof r.version === 'string' ? { version: r.version } : {}),
        fieldSpecs: specList(r.fieldSpecs ?? r.FieldSpecs, `${where}: nameReference[${i}].fieldSpecs`),
      };
    });
  }
  return out;
}

/** Loads the `configurations` files of a level. */
export async function loadConfigurations(ldr: Loader, paths: readonly string[], ctx: BuildContext): Promise<Partial<TransformerConfig>> {
  const merged: Partial<TransformerConfig> = {};
  for (const [i, p] of paths.entries()) {
    try {
      const doc = parseYamlDocument(await ldr.loadText(p), { dialect: 'v2', file: p, ...ctx.limits });
      const c = parseTransformerConfig(doc, p);
      for (const k of LIST_KEYS) if (c[k]) merged[k] = [...(merged[k] ?? []), ...c[k]];
      if (c.nameReference) merged.nameReference = [...(merged.nameReference ?? []), ...c.nameReference];
    } catch (err) {
      throw wrapError(err, `configurations[${i}]`);
    }
  }
  return merged;
}

/** Loads the `crds` files of a level into name references, annotation, label and name field specs. */
export async function loadCrdConfig(ldr: Loader, paths: readonly string[], ctx: BuildContext): Promise<Partial<TransformerConfig>> {
  const out: Partial<TransformerConfig> = { nameReference: [], commonAnnotations: [], commonLabels: [], namePrefix: [] };
  for (const [i, p] of paths.entries()) {
    try {
      const doc = parseYamlDocument(await ldr.loadText(p), { dialect: 'v3', file: p, ...ctx.limits });
      if (!isMap(doc)) continue;
      for (const name of Object.keys(doc)) {
        const api = doc[name];
        const props = schemaProps(api);
        if (!props || !('kind' in props) || !('apiVersion' in props) || !('metadata' in props)) continue;
        const kind = name.slice(name.lastIndexOf('.') + 1);
        loadCrdType(out, kind, doc, name, []);
      }
    } catch (err) {
      throw wrapError(err, `loading CRDs ${paths.join(' ')}: crds[${i}]`);
    }
  }
  return out;
}

function schemaProps(api: YValue | undefined): YMap | undefined {
  if (!isMap(api) || !isMap(api.Schema)) return undefined;
  const p = api.Schema.properties;
  return isMap(p) ? p : undefined;
}

function loadCrdType(out: Partial<TransformerConfig>, kind: string, defs: YMap, typeName: string, path: string[]): void {
  const props = schemaProps(defs[typeName]);
  if (!props || path.length > 32) return;
  for (const propName of Object.keys(props)) {
    const prop = props[propName];
    if (!isMap(prop)) continue;
    const p = [...path, propName];
    const fs = (extra: string[] = []): FieldSpec => ({ kind, path: [...p, ...extra].join('/') });
    if (typeof prop['x-kubernetes-annotation'] === 'string') out.commonAnnotations!.push(fs());
    if (typeof prop['x-kubernetes-label-selector'] === 'string') out.commonLabels!.push(fs());
    if (typeof prop['x-kubernetes-identity'] === 'string') out.namePrefix!.push(fs());
    const version = prop['x-kubernetes-object-ref-api-version'];
    const refKind = prop['x-kubernetes-object-ref-kind'];
    if (typeof version === 'string' && typeof refKind === 'string') {
      const nameKey = typeof prop['x-kubernetes-object-ref-name-key'] === 'string' ? prop['x-kubernetes-object-ref-name-key'] : 'name';
      out.nameReference!.push({ kind: refKind, version, fieldSpecs: [fs([nameKey])] });
    }
    if (typeof prop.$ref === 'string') loadCrdType(out, kind, defs, prop.$ref, p);
  }
}
