/**
 * Finding, reading and validating a directory's kustomization file, and Flux's rule for directories without one.
 */
import { posix } from 'node:path';
import { KustomizeBuildError, KustomizeLoadError, wrapError } from '../errors.js';
import { parseYamlDocuments } from '../yaml/parse.js';
import { isMap } from '../yaml/value.js';
import type { YValue } from '../yaml/value.js';
import { KUSTOMIZATION_SHAPE, decodeStrict } from './decode.js';
import type { Loader } from './loader.js';
import type { Kustomization } from './types.js';

/** The file names kustomize recognises, in its order. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export const KUSTOMIZATION_VERSION = 'kustomize.config.k8s.io/v1beta1';
export const COMPONENT_VERSION = 'kustomize.config.k8s.io/v1alpha1';

/** A loaded kustomization and the file it came from. */
export interface LoadedKustomization {
  readonly k: Kustomization;
  /** The file name inside the loader's root (`kustomization.yaml`), or `(generated)`. */
  readonly file: string;
}

/** Limits applied while parsing YAML. */
export interface ParseLimits {
  readonly maxDepth: number;
  readonly maxNodes: number;
}

/** Reads the kustomization of `ldr.root`; with `generate`, a directory without one gets Flux's generated one. */
export async function loadKustomization(ldr: Loader, limits: ParseLimits, generate: boolean): Promise<LoadedKustomization> {
  const found: string[] = [];
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    if ((await ldr.fs.stat(posix.join(ldr.root, name))) === 'file') found.push(name);
  }
  if (found.length > 1) throw new KustomizeBuildError(`Found multiple kustomization files under: ${ldr.root}\n`);
  if (found.length === 0) {
    if (generate) return { k: await generatedKustomization(ldr), file: '(generated kustomization)' };
    throw new KustomizeLoadError(`unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${ldr.root}'`);
  }
  const file = found[0]!;
  const text = await ldr.loadText(file);
  const where = posix.join(ldr.root, file);
  let docs: YValue[];
  try {
    docs = parseYamlDocuments(text, { dialect: 'v2', file: where, ...limits });
  } catch (err) {
    throw wrapError(err, where);
  }
  let k: Kustomization;
  try {
    k = decodeKustomization(docs[0] ?? null);
  } catch (err) {
    throw wrapError(err, `${where}: invalid Kustomization`);
  }
  return { k, file };
}

/** Decodes and fixes up a kustomization document. */
export function decodeKustomization(doc: YValue): Kustomization {
  if (doc !== null && !isMap(doc)) throw new KustomizeBuildError('json: cannot unmarshal array into Go value of type types.Kustomization');
  const raw = (decodeStrict(doc, KUSTOMIZATION_SHAPE) ?? {}) as Kustomization & { bases?: string[]; imageTags?: Kustomization['images'] };
  const k: Kustomization & { bases?: string[]; imageTags?: Kustomization['images'] } = { ...raw };
  const isEmpty = Object.keys(k).every((f) => f === 'apiVersion' || f === 'kind');
  if (!k.kind) k.kind = 'Kustomization';
  if (!k.apiVersion) k.apiVersion = k.kind === 'Component' ? COMPONENT_VERSION : KUSTOMIZATION_VERSION;
  if (k.bases) k.resources = [...(k.resources ?? []), ...k.bases];
  delete k.bases;
  if (k.imageTags) k.images = [...(k.images ?? []), ...k.imageTags];
  delete k.imageTags;
  for (const g of [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])]) {
    if (g.env) g.envs = [...(g.envs ?? []), g.env];
    delete g.env;
  }
  if (isEmpty) throw new KustomizeBuildError('kustomization.yaml is empty');
  const errs: string[] = [];
  if (k.kind !== 'Kustomization' && k.kind !== 'Component') errs.push('kind should be Kustomization or Component');
  const required = k.kind === 'Component' ? COMPONENT_VERSION : KUSTOMIZATION_VERSION;
  if (k.apiVersion !== required) errs.push(`apiVersion for ${k.kind} should be ${required}`);
  if (errs.length > 0) throw new KustomizeBuildError(`Failed to read kustomization file: ${errs.join('\n')}`);
  return k;
}

/**
 * Flux's generated kustomization (fluxcd/pkg/kustomize): every `.yaml`/`.yml` file under the directory, walked in
 * lexical order, and every sub-directory that has its own kustomization file (not descended into).
 */
async function generatedKustomization(ldr: Loader): Promise<Kustomization> {
  const resources: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const name of await ldr.fs.readDir(dir)) {
      const p = posix.join(dir, name);
      const kind = await ldr.fs.stat(p);
      if (kind === 'directory') {
        let hasKustomization = false;
        for (const n of KUSTOMIZATION_FILE_NAMES) if ((await ldr.fs.stat(posix.join(p, n))) === 'file') hasKustomization = true;
        if (hasKustomization) resources.push(`./${posix.relative(ldr.root, p)}`);
        else await walk(p);
      } else if (kind === 'file' && (name.endsWith('.yaml') || name.endsWith('.yml'))) {
        resources.push(`./${posix.relative(ldr.root, p)}`);
      }
    }
  };
  await walk(ldr.root);
  return { apiVersion: KUSTOMIZATION_VERSION, kind: 'Kustomization', resources };
}
