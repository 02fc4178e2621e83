/**
 * The `transformers` and `generators` fields. Only kustomize's built-in plugins are run (configured inline or from
 * files); any other plugin (Go, exec, container functions) is refused, because this engine never runs code from a
 * repository.
 */
import { KustomizeBuildError, KustomizeUnsupportedError, wrapError } from '../errors.js';
import { generate, mergeGeneratorOptions } from '../generate/generators.js';
import type { FieldSpec, GeneratorArgs, Image, Patch, Replica, Replacement, Selector } from '../kustfile/types.js';
import { resourcesFromText } from '../resource/factory.js';
import { ResMap } from '../resource/resmap.js';
import { Resource as ResourceClass } from '../resource/resource.js';
import type { Resource } from '../resource/resource.js';
import { isMap, newMap } from '../yaml/value.js';
import { transformImages, transformReplicas } from '../transform/images.js';
import { transformMapEntries, transformNamespace, transformPrefixSuffix } from '../transform/metadata.js';
import { applyJson6902, applyPatch, applySmToUnique, jsonOpsFromText, loadPatch, loadPatchesStrategicMerge } from '../transform/patches.js';
import { applyReplacements, loadReplacements } from '../transform/replacements.js';
import { Accumulator as AccumulatorClass } from './accumulator.js';
import type { Accumulator } from './accumulator.js';
import type { Origin } from './origin.js';
import { KustTarget as KustTargetClass } from './target.js';
import type { KustTarget } from './target.js';

/** Plugin configs named by a `transformers`/`generators` list: inline YAML or files (directories are refused). */
async function loadPluginConfigs(t: KustTarget, entries: readonly string[], field: string): Promise<Resource[]> {
  const out: Resource[] = [];
  for (const [i, e] of entries.entries()) {
    try {
      let rs: Resource[] | undefined;
      try {
        rs = resourcesFromText(e, { dialect: 'v3', file: `${field}[${i}]`, ...t.ctx.limits });
      } catch {
        rs = undefined;
      }
      if (!rs || rs.length === 0) {
        if ((await t.ldr.fs.stat(t.ldr.join(e))) === 'directory') rs = await configsFromKustomization(t, e);
        else {
          rs = resourcesFromText(await t.ldr.loadText(e), { dialect: 'v3', file: e, ...t.ctx.limits });
          for (const r of rs) configSource.set(r, t.ldr.join(e));
        }
      }
      out.push(...rs);
    } catch (err) {
      throw wrapError(err, `${t.where}: ${field}[${i}]`);
    }
  }
  return out;
}

const configSource = new WeakMap<Resource, string>();

/** Where a plugin configuration was written: its file, or the kustomization file for inline ones. */
function pluginOrigin(t: KustTarget, c: Resource): Origin {
  const md = c.metadata();
  return t.ctx.configOrigin(configSource.get(c) ?? t.kustomizationPath, {
    apiVersion: c.apiVersion,
    kind: c.kind,
    ...(md?.name ? { name: String(md.name) } : {}),
    ...(md?.namespace ? { namespace: String(md.namespace) } : {}),
  });
}

/** Plugin configurations produced by a kustomization directory (they go through its transformers). */
async function configsFromKustomization(t: KustTarget, dir: string): Promise<Resource[]> {
  const child = await t.ldr.child(dir);
  const sub = await KustTargetClass.load(child, t.ctx, false);
  const ra = await t.ctx.nested(sub, dir, () => sub.accumulate(new AccumulatorClass(t.ctx.scope)));
  return [...ra.resMap.resources()];
}

function requireBuiltin(c: Resource): void {
  if (c.apiVersion !== 'builtin' && !c.apiVersion.startsWith('builtin/')) {
    throw new KustomizeUnsupportedError(`plugin ${c.apiVersion}/${c.kind} ${c.name}: external plugins are not supported (only kustomize's built-in transformers and generators run)`);
  }
}

const o = (r: Resource): Record<string, unknown> => r.obj as unknown as Record<string, unknown>;

/** Runs the level's `generators` (built-in ConfigMapGenerator and SecretGenerator configs only). */
export async function runPluginGenerators(t: KustTarget, ra: Accumulator): Promise<void> {
  for (const c of await loadPluginConfigs(t, t.k.generators ?? [], 'generators')) {
    await t.step(`generators ${c.kind}/${c.name}`, async () => {
      requireBuiltin(c);
      if (c.kind === 'IAMPolicyGenerator') {
        ra.resMap.absorbAll(iamPolicy(c, t));
        return;
      }
      if (c.kind !== 'ConfigMapGenerator' && c.kind !== 'SecretGenerator') throw new KustomizeUnsupportedError(`unable to load builtin ${c.kind}: not supported`);
      const args = { ...(o(c) as GeneratorArgs) };
      const md = c.metadata();
      args.name = (o(c).name as string | undefined) ?? c.name;
      if (md?.namespace !== undefined && args.namespace === undefined) args.namespace = String(md.namespace);
      const r = await generate(t.ldr, c.kind === 'ConfigMapGenerator' ? 'ConfigMap' : 'Secret', args, mergeGeneratorOptions(args.options, undefined));
      if (t.ctx.originAnnotations) r.origin = pluginOrigin(t, c);
      const m = new ResMap(t.ctx.scope);
      m.append(r);
      ra.resMap.absorbAll(m);
    });
  }
}

/** kustomize's IAMPolicyGenerator (cloud: gke): a ServiceAccount bound to a Google service account. */
function iamPolicy(c: Resource, t: KustTarget): ResMap {
  const cfg = o(c);
  if (cfg.cloud !== 'gke') throw new KustomizeBuildError(`IAMPolicyGenerator ${c.name}: cloud ${String(cfg.cloud)} is not supported`);
  const ks = isMap(c.obj.kubernetesService) ? c.obj.kubernetesService : newMap();
  const sa = isMap(c.obj.serviceAccount) ? c.obj.serviceAccount : newMap();
  const obj = newMap();
  obj.apiVersion = 'v1';
  obj.kind = 'ServiceAccount';
  const md = newMap();
  md.name = String(ks.name ?? '');
  const ns = ks.namespace ?? c.metadata()?.namespace;
  if (ns) md.namespace = String(ns);
  const ann = newMap();
  ann['iam.gke.io/gcp-service-account'] = `${String(sa.name ?? '')}@${String(sa.projectId ?? '')}.iam.gserviceaccount.com`;
  md.annotations = ann;
  obj.metadata = md;
  const m = new ResMap(t.ctx.scope);
  m.append(new ResourceClass(obj));
  return m;
}

/** Runs the level's `transformers` (built-in transformer configs only). */
export async function runPluginTransformers(t: KustTarget, ra: Accumulator): Promise<void> {
  for (const c of await loadPluginConfigs(t, t.k.transformers ?? [], 'transformers')) {
    await t.step(`transformers ${c.kind}/${c.name}`, async () => {
      requireBuiltin(c);
      await runBuiltinTransformer(t, ra, c);
      if (t.ctx.transformerAnnotations) for (const r of ra.resMap.resources()) r.transformations.push(pluginOrigin(t, c));
    });
  }
}

async function runBuiltinTransformer(t: KustTarget, ra: Accumulator, c: Resource): Promise<void> {
  const m = ra.resMap;
  const cfg = o(c);
  const specs = (key: string, fallback: readonly FieldSpec[]): FieldSpec[] => (Array.isArray(cfg[key]) ? (cfg[key] as FieldSpec[]) : [...fallback]);
  const pctx = t.ctx.patchContext;
  switch (c.kind) {
    case 'PatchTransformer': {
      const p: Patch = { ...(cfg.path ? { path: String(cfg.path) } : {}), ...(cfg.patch ? { patch: String(cfg.patch) } : {}), ...(cfg.target ? { target: cfg.target as Selector } : {}), ...(cfg.options ? { options: cfg.options as NonNullable<Patch['options']> } : {}) };
      applyPatch(m, await loadPatch(t.ldr, p, pctx), pctx);
      return;
    }
    case 'PatchStrategicMergeTransformer': {
      const entries = [...((cfg.paths as string[] | undefined) ?? []), ...(cfg.patches ? [String(cfg.patches)] : [])];
      for (const p of await loadPatchesStrategicMerge(t.ldr, entries, pctx)) applySmToUnique(m, p, pctx);
      return;
    }
    case 'PatchJson6902Transformer': {
      const text = cfg.path ? await t.ldr.loadText(String(cfg.path)) : String(cfg.jsonOp ?? '');
      if (!cfg.target) throw new KustomizeBuildError('must specify a target for patch');
      applyJson6902(m, cfg.target as Selector, jsonOpsFromText(text, pctx));
      return;
    }
    case 'LabelTransformer':
      transformMapEntries(m, (cfg.labels as Record<string, string>) ?? {}, specs('fieldSpecs', []));
      return;
    case 'AnnotationsTransformer':
      transformMapEntries(m, (cfg.annotations as Record<string, string>) ?? {}, specs('fieldSpecs', []));
      return;
    case 'NamespaceTransformer':
      transformNamespace(m, String(c.metadata()?.namespace ?? ''), specs('fieldSpecs', ra.config.namespace));
      return;
    case 'PrefixSuffixTransformer':
    case 'PrefixTransformer':
    case 'SuffixTransformer': {
      const fs = specs('fieldSpecs', []);
      transformPrefixSuffix(m, { prefix: String(cfg.prefix ?? ''), suffix: String(cfg.suffix ?? '') }, { prefix: fs, suffix: fs });
      return;
    }
    case 'ImageTagTransformer':
      transformImages(m, (cfg.imageTag as Image) ?? {}, specs('fieldSpecs', []));
      return;
    case 'ReplicaCountTransformer':
      transformReplicas(m, (cfg.replica as Replica) ?? {}, specs('fieldSpecs', []));
      return;
    case 'ReplacementTransformer': {
      const list = (cfg.replacements as Replacement[] | undefined) ?? [];
      applyReplacements(m, await loadReplacements(t.ldr, list, t.ctx.limits));
      return;
    }
    default:
      throw new KustomizeUnsupportedError(`unable to load builtin ${c.kind}.builtin.[noGrp]`);
  }
}
