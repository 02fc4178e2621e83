/**
 * The entry point: build a kustomization directory into resources and into exactly the YAML `kustomize build`
 * prints.
 */
import { posix } from 'node:path';
import { KustomizeBuildError, KustomizeLoadError, wrapError } from '../errors.js';
import { cleanPath } from '../fs/filesystem.js';
import type { KustomizeFileSystem } from '../fs/filesystem.js';
import { nameHash } from '../generate/hash.js';
import { Loader } from '../kustfile/loader.js';
import type { SortOptions } from '../kustfile/types.js';
import type { ResMap } from '../resource/resmap.js';
import type { Resource } from '../resource/resource.js';
import { fixNameReferences } from '../transform/nameref.js';
import { transformMapEntries } from '../transform/metadata.js';
import { legacySort } from '../transform/sort.js';
import { resolveVars } from '../transform/vars.js';
import { emitDocument } from '../yaml/emit.js';
import { isMap } from '../yaml/value.js';
import type { YMap } from '../yaml/value.js';
import { Accumulator } from './accumulator.js';
import { BuildContext } from './context.js';
import { defaultBuildOptions } from './options.js';
import type { BuildOptions } from './options.js';
import { KustTarget } from './target.js';
import { originText, transformationsText } from './origin.js';

/** The result of a build. */
export interface BuildResult {
  /** The resources in output order, as plain objects. */
  readonly resources: YMap[];
  /** The multi-document YAML `kustomize build` prints for them. */
  readonly yaml: string;
}

/** Overrides of {@link defaultBuildOptions}; `limits` may be given partially. */
export type BuildOptionsInput = Partial<Omit<BuildOptions, 'limits'>> & { readonly limits?: Partial<BuildOptions['limits']> };

/** The label kustomize 5.7.1 adds with `--enable-managedby-label` or `buildMetadata: [managedByLabel]`. */
export const MANAGED_BY_LABEL = { key: 'app.kubernetes.io/managed-by', value: 'kustomize-v5.7.1' } as const;

/**
 * Builds the kustomization in `dir` of `fs`. Call it once per build; it reads only through `fs`, never runs
 * plugins, and fails with a {@link KustomizeBuildError} (or another KustomizeError) naming the file and field.
 */
export async function build(fs: KustomizeFileSystem, dir: string, input: BuildOptionsInput = {}): Promise<BuildResult> {
  const defaults = defaultBuildOptions();
  const options: BuildOptions = { ...defaults, ...input, limits: { ...defaults.limits, ...input.limits } };
  const root = await fs.realPath(cleanPath(dir));
  if (root === undefined || (await fs.stat(root)) !== 'directory') {
    throw new KustomizeLoadError(`must build at directory: not a valid directory: '${cleanPath(dir)}'`);
  }
  const ctx = new BuildContext(options, root);
  const ldr = new Loader(fs, root, options.loadRestrictor, { maxFileBytes: options.limits.maxFileBytes, maxTotalBytes: options.limits.maxTotalBytes, totalBytes: 0 });
  const top = await KustTarget.load(ldr, ctx, true);
  const meta = top.k.buildMetadata ?? [];
  ctx.originAnnotations = meta.includes('originAnnotations');
  ctx.transformerAnnotations = meta.includes('transformerAnnotations');
  await ctx.registerOpenApi(ldr, top.k, true);
  const ra = await top.accumulate(new Accumulator(ctx.scope));
  finish(ra, top);
  applySortOrder(ra.resMap, top.k.sortOptions, options.reorder, top.where);
  if (options.addManagedByLabel || meta.includes('managedByLabel')) {
    transformMapEntries(ra.resMap, { [MANAGED_BY_LABEL.key]: options.managedByLabelValue }, [{ path: 'metadata/labels', create: true }]);
  }
  const resources = ra.resMap.resources().map((r) => outputObject(r));
  return { resources, yaml: resources.map((r) => emitDocument(r)).join('---\n') };
}

/** kustomize's last steps: hash suffixes, name references, vars, dropping local-config resources. */
function finish(ra: Accumulator, top: KustTarget): void {
  const m = ra.resMap;
  try {
    for (const r of m.resources()) {
      if (!r.meta.needsHash) continue;
      const h = nameHash(r);
      r.storePreviousId(m.scope);
      r.name = `${r.name}-${h}`;
    }
    fixNameReferences(m, ra.config.nameReference);
    resolveVars(m, ra.vars, ra.config.varReference);
  } catch (err) {
    throw wrapError(err, top.where);
  }
  for (const r of [...m.resources()]) {
    if (r.annotations()['config.kubernetes.io/local-config'] === 'true') m.remove(r);
  }
}

function applySortOrder(m: ResMap, sort: SortOptions | undefined, reorder: BuildOptions['reorder'], where: string): void {
  if (sort) {
    const order = sort.order;
    if (order !== 'fifo' && order !== 'legacy') throw new KustomizeBuildError(`${where}: sortOptions: the field 'sortOptions.order' must be one of [fifo, legacy]`);
    if (order === 'fifo' && sort.legacySortOptions) {
      throw new KustomizeBuildError(`${where}: sortOptions: the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'`);
    }
    if (order === 'legacy') legacySort(m, sort.legacySortOptions);
    return;
  }
  if (reorder === 'legacy') legacySort(m, undefined);
}

/** The object as printed: build bookkeeping gone, origin and transformation annotations added when asked for. */
function outputObject(r: Resource): YMap {
  const obj = r.obj;
  const md = obj.metadata;
  if (isMap(md)) {
    const extra: [string, string][] = [];
    if (r.origin) extra.push(['config.kubernetes.io/origin', originText(r.origin)]);
    if (r.transformations.length > 0) extra.push(['alpha.config.kubernetes.io/transformations', transformationsText(r.transformations)]);
    if (extra.length > 0) {
      const ann = isMap(md.annotations) ? md.annotations : (md.annotations = Object.create(null) as YMap);
      for (const [k, v] of extra) ann[k] = v;
    }
    // kustomize rewrites the annotations as a string map when it drops its build annotations.
    const a = md.annotations;
    if (a === null || (isMap(a) && Object.keys(a).length === 0)) delete md.annotations;
    else if (isMap(a)) for (const k of Object.keys(a)) if (typeof a[k] !== 'string' && (typeof a[k] !== 'object' || a[k] === null)) a[k] = a[k] === null ? '' : String(a[k]);
  }
  return obj;
}

/** Joins a path relative to a build root, for callers that hold relative paths. */
export function buildPath(root: string, rel: string): string {
  return posix.join(root, rel);
}
