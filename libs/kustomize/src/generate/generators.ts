/**
 * ConfigMap and Secret generators: build the object from its key/value sources and options, and mark it for the
 * name hash suffix and for merging with a base's generator according to `behavior`.
 */
import type { Loader } from '../kustfile/loader.js';
import type { GeneratorArgs, GeneratorOptions } from '../kustfile/types.js';
import { Resource } from '../resource/resource.js';
import type { GenerationBehavior } from '../resource/resource.js';
import { newMap } from '../yaml/value.js';
import type { YMap } from '../yaml/value.js';
import { loadKvPairs } from './kv.js';

/** Which generator. */
export type GeneratorKind = 'ConfigMap' | 'Secret';

/** kustomize's MergeGlobalOptionsIntoLocal: the generator's own options win over `generatorOptions`. */
export function mergeGeneratorOptions(local: GeneratorOptions | undefined, global: GeneratorOptions | undefined): GeneratorOptions {
  const out: GeneratorOptions = { ...local };
  if (!global) return out;
  out.labels = { ...global.labels, ...local?.labels };
  out.annotations = { ...global.annotations, ...local?.annotations };
  if (global.disableNameSuffixHash) out.disableNameSuffixHash = true;
  if (global.immutable) out.immutable = true;
  return out;
}

/** Makes one generated ConfigMap or Secret. */
export async function generate(ldr: Loader, kind: GeneratorKind, args: GeneratorArgs, options: GeneratorOptions): Promise<Resource> {
  const obj = newMap();
  obj.apiVersion = 'v1';
  obj.kind = kind;
  const md = newMap();
  md.name = args.name ?? '';
  if (args.namespace) md.namespace = args.namespace;
  obj.metadata = md;
  if (kind === 'Secret') obj.type = args.type || 'Opaque';
  const pairs = await loadKvPairs(ldr, args, kind);
  const data = newMap();
  const binary = newMap();
  for (const p of pairs) {
    if (kind === 'Secret') data[p.key] = encodeBase64(p.binary ?? Buffer.from(p.value, 'utf8'));
    else if (p.binary) binary[p.key] = encodeBase64(p.binary);
    else data[p.key] = p.value;
  }
  if (Object.keys(data).length > 0) obj.data = data;
  if (Object.keys(binary).length > 0) obj.binaryData = binary;
  setStringMap(md, 'labels', options.labels);
  setStringMap(md, 'annotations', options.annotations);
  if (options.immutable) obj.immutable = true;
  const r = new Resource(obj);
  r.meta.behavior = behaviorOf(args.behavior);
  r.meta.needsHash = !options.disableNameSuffixHash;
  return r;
}

/** kyaml's base64 encoding: one line, or 70-character lines each ending in a newline once it is longer. */
function encodeBase64(data: Uint8Array): string {
  const enc = Buffer.from(data).toString('base64');
  const lines = Math.floor(enc.length / 70) + 1;
  if (lines <= 1) return enc;
  let out = '';
  for (let i = 0; i < enc.length; i += 70) out += `${enc.slice(i, i + 70)}\n`;
  return out;
}

function setStringMap(md: YMap, field: string, m: Record<string, string> | undefined): void {
  if (!m || Object.keys(m).length === 0) return;
  const out = newMap();
  for (const k of Object.keys(m)) out[k] = m[k]!;
  md[field] = out;
}

function behaviorOf(b: string | undefined): GenerationBehavior {
  if (b === undefined || b === '') return 'unspecified';
  if (b === 'create' || b === 'merge' || b === 'replace') return b;
  return 'unspecified';
}
