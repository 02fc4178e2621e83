/**
 * Key/value sources of ConfigMap and Secret generators: `literals` (`key=value`), `files` (`[key=]path`) and
 * `envs` (env files), read and validated as kustomize does.
 */
import { posix } from 'node:path';
import { KustomizeBuildError } from '../errors.js';
import type { Loader } from '../kustfile/loader.js';
import type { GeneratorArgs } from '../kustfile/types.js';

/** One generated entry; `binary` when the file content is not valid UTF-8. */
export interface KvPair {
  readonly key: string;
  readonly value: string;
  readonly binary?: Uint8Array;
}

/** Reads every source of a generator, in kustomize's order (literals, files, env files). */
export async function loadKvPairs(ldr: Loader, args: GeneratorArgs, kindName: string): Promise<KvPair[]> {
  const pairs: KvPair[] = [];
  for (const env of args.envs ?? []) pairs.push(...parseEnvFile(await ldr.loadText(env), env));
  for (const lit of args.literals ?? []) pairs.push(parseLiteral(lit));
  for (const file of args.files ?? []) pairs.push(await loadFileSource(ldr, file));
  const seen = new Set<string>();
  for (const p of pairs) {
    if (!/^[-._a-zA-Z0-9]+$/.test(p.key)) throw new KustomizeBuildError(`configmap ${args.name ?? ''} illegal keys: "${p.key}" is not a valid key name for a ${kindName}`);
    if (seen.has(p.key)) throw new KustomizeBuildError(`configmap ${args.name ?? ''} illegal keys: cannot add key ${p.key}, another key by that name already exists`);
    seen.add(p.key);
  }
  return pairs;
}

function parseLiteral(source: string): KvPair {
  const i = source.indexOf('=');
  if (i <= 0) throw new KustomizeBuildError(`invalid literal source ${source}, expected key=value`);
  return { key: source.slice(0, i), value: removeQuotes(source.slice(i + 1)) };
}

function removeQuotes(s: string): string {
  if (s.length < 2 || s[0] !== s[s.length - 1]) return s;
  if (s[0] === '"' || s[0] === "'") return s.slice(1, -1);
  return s;
}

async function loadFileSource(ldr: Loader, source: string): Promise<KvPair> {
  const n = source.split('=').length - 1;
  let key: string;
  let path: string;
  if (n === 0) {
    key = posix.basename(source);
    path = source;
  } else if (n === 1 && source.startsWith('=')) {
    throw new KustomizeBuildError(`key name for file path ${source.slice(1)} missing`);
  } else if (n === 1 && source.endsWith('=')) {
    throw new KustomizeBuildError(`file path for key name ${source.slice(0, -1)} missing`);
  } else if (n > 1) {
    throw new KustomizeBuildError("key names or file paths cannot contain '='");
  } else {
    [key, path] = source.split('=') as [string, string];
  }
  const data = await ldr.load(path);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(data);
  if (isValidUtf8(data)) return { key, value: text };
  return { key, value: '', binary: data };
}

function isValidUtf8(data: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/** Parses an env file: `KEY=value` lines, `#` comments and blank lines skipped, a leading BOM dropped. */
export function parseEnvFile(text: string, file: string): KvPair[] {
  const out: KvPair[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0 && line.startsWith('\ufeff')) line = line.slice(1);
    line = line.replace(/^\s+/u, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) {
      throw new KustomizeBuildError(`${file}: line ${i + 1}: "${key}" is not a valid environment variable name`);
    }
    // A line without '=' asks kustomize for the builder's own environment variable: never exposed here.
    out.push({ key, value: eq < 0 ? '' : line.slice(eq + 1) });
  });
  return out;
}
