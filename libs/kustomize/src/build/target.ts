/**
 * One kustomization level (kustomize's KustTarget): accumulate resources, bases and components, run generators,
 * then the built-in transformers in kustomize's order.
 */
import { posix } from 'node:path';
import { KustomizeBuildError, KustomizeLoadError, KustomizeUnsupportedError, wrapError } from '../errors.js';
import { generate, mergeGeneratorOptions } from '../generate/generators.js';
import { loadKustomization } from '../kustfile/kustfile.js';
import { isRemotePath } from '../kustfile/loader.js';
import type { Loader } from '../kustfile/loader.js';
import type { FieldSpec, Kustomization } from '../kustfile/types.js';
import { resourcesFromText } from '../resource/factory.js';
import { ResMap } from '../resource/resmap.js';
import { transformImages, transformReplicas } from '../transform/images.js';
import { transformMapEntries, transformNamespace, transformPrefixSuffix } from '../transform/metadata.js';
import { applyJson6902, applyPatch, applySmToUnique, loadJson6902, loadPatch, loadPatchesStrategicMerge } from '../transform/patches.js';
import { loadReplacements, applyReplacements } from '../transform/replacements.js';
import { Accumulator } from './accumulator.js';
import type { BuildContext } from './context.js';
import { loadConfigurations, loadCrdConfig } from './configurations.js';
import { runPluginTransformers, runPluginGenerators } from './plugins.js';

/** A loaded kustomization level. */
export class KustTarget {
  readonly ldr: Loader;
  readonly k: Kustomization;
  readonly file: string;
  readonly ctx: BuildContext;

  private constructor(ldr: Loader, k: Kustomization, file: string, ctx: BuildContext) {
    this.ldr = ldr;
    this.k = k;
    this.file = file;
    this.ctx = ctx;
  }

  /** Reads the kustomization of the loader's directory. */
  static async load(ldr: Loader, ctx: BuildContext, allowGenerated: boolean): Promise<KustTarget> {
    const { k, file } = await loadKustomization(ldr, ctx.limits, allowGenerated && ctx.options.generateKustomization);
    refuseUnsupported(k, posix.join(ldr.root, file));
    return new KustTarget(ldr, k, file, ctx);
  }

  /** `dir/kustomization.yaml`, for error messages. */
  get where(): string {
    return this.ctx.display(posix.join(this.ldr.root, this.file));
  }

  /** Absolute path of the kustomization file. */
  get kustomizationPath(): string {
    return posix.join(this.ldr.root, this.file);
  }

  /** Records a built-in transformer of this level on every resource, when transformer annotations are on. */
  recordTransformer(m: ResMap, kind: string): void {
    if (!this.ctx.transformerAnnotations) return;
    const o = this.ctx.configOrigin(this.kustomizationPath, { apiVersion: 'builtin', kind });
    for (const r of m.resources()) r.transformations.push(o);
  }

  /** Builds this level into `ra` (empty for a kustomization; the parent's for a component). */
  async accumulate(ra: Accumulator): Promise<Accumulator> {
    await this.ctx.enter(this.ldr.root);
    await this.ctx.registerOpenApi(this.ldr, this.k);
    await this.accumulateResources(ra, this.k.resources ?? []);
    ra.mergeConfig(await loadConfigurations(this.ldr, this.k.configurations ?? [], this.ctx));
    ra.mergeConfig(await loadCrdConfig(this.ldr, this.k.crds ?? [], this.ctx));
    await this.runGenerators(ra);
    await this.accumulateComponents(ra, this.k.components ?? []);
    await this.runTransformers(ra);
    ra.mergeVars(this.k.vars ?? [], true);
    return ra;
  }

  private async accumulateResources(ra: Accumulator, paths: readonly string[]): Promise<void> {
    for (const [i, path] of paths.entries()) {
      try {
        await this.accumulateOne(ra, path);
      } catch (err) {
        throw wrapError(err, `${this.where}: resources[${i}] '${path}': accumulating resources`);
      }
    }
  }

  private async accumulateOne(ra: Accumulator, path: string): Promise<void> {
    if (isRemotePath(path)) throw new KustomizeUnsupportedError(`${path}: remote bases and files are not fetched by this engine (vendor them into the source)`);
    const abs = this.ldr.join(path);
    const kind = await this.ldr.fs.stat((await this.ldr.fs.realPath(abs)) ?? abs);
    if (kind === 'file') {
      const text = await this.ldr.loadText(path);
      const rs = resourcesFromText(text, { dialect: 'v3', file: this.ctx.display(abs), ...this.ctx.limits });
      this.ctx.countDocuments(rs.length, abs);
      for (const r of rs) r.origin = this.ctx.fileOrigin(abs);
      ra.resMap.appendMany(rs);
      return;
    }
    if (kind === undefined) throw new KustomizeLoadError(`'${abs}' doesn't exist`);
    const child = await this.ldr.child(path);
    const sub = await KustTarget.load(child, this.ctx, true);
    if (sub.k.kind === 'Component') throw new KustomizeBuildError(`expected kind != 'Component' for path '${child.root}'`);
    const subRa = await this.ctx.nested(sub, path, () => sub.accumulate(new Accumulator(this.ctx.scope)));
    ra.mergeAccumulator(subRa);
  }

  private async accumulateComponents(ra: Accumulator, paths: readonly string[]): Promise<void> {
    for (const [i, path] of paths.entries()) {
      try {
        const child = await this.ldr.child(path);
        const sub = await KustTarget.load(child, this.ctx, false);
        if (sub.k.kind !== 'Component') throw new KustomizeBuildError(`expected kind 'Component' for path '${child.root}' but got '${sub.k.kind}'`);
        await this.ctx.nested(sub, path, () => sub.accumulate(ra));
      } catch (err) {
        throw wrapError(err, `${this.where}: components[${i}] '${path}': accumulating components`);
      }
    }
  }

  private async runGenerators(ra: Accumulator): Promise<void> {
    const specs = [
      ...(this.k.configMapGenerator ?? []).map((a, i) => ({ kind: 'ConfigMap' as const, a, field: `configMapGenerator[${i}]` })),
      ...(this.k.secretGenerator ?? []).map((a, i) => ({ kind: 'Secret' as const, a, field: `secretGenerator[${i}]` })),
    ];
    for (const { kind, a, field } of specs) {
      try {
        const r = await generate(this.ldr, kind, a, mergeGeneratorOptions(a.options, this.k.generatorOptions));
        if (this.ctx.originAnnotations) r.origin = this.ctx.configOrigin(this.kustomizationPath, { apiVersion: 'builtin', kind: `${kind}Generator` });
        const m = new ResMap(this.ctx.scope);
        m.append(r);
        ra.resMap.absorbAll(m);
      } catch (err) {
        throw wrapError(err, `${this.where}: ${field}`);
      }
    }
    await runPluginGenerators(this, ra);
  }

  private async runTransformers(ra: Accumulator): Promise<void> {
    const m = ra.resMap;
    const cfg = ra.config;
    const pctx = this.ctx.patchContext;
    await this.step('patchesStrategicMerge', async () => {
      if (!this.k.patchesStrategicMerge?.length) return;
      for (const p of await loadPatchesStrategicMerge(this.ldr, this.k.patchesStrategicMerge, pctx)) applySmToUnique(m, p, pctx);
      this.recordTransformer(m, 'PatchStrategicMergeTransformer');
    });
    for (const [i, p] of (this.k.patches ?? []).entries()) {
      await this.step(`patches[${i}]`, async () => {
        applyPatch(m, await loadPatch(this.ldr, p, pctx), pctx);
        this.recordTransformer(m, 'PatchTransformer');
      });
    }
    await this.step('namespace', () => {
      transformNamespace(m, this.k.namespace ?? '', cfg.namespace);
      if (this.k.namespace) this.recordTransformer(m, 'NamespaceTransformer');
    });
    await this.step('namePrefix', () => {
      transformPrefixSuffix(m, { prefix: this.k.namePrefix ?? '', suffix: this.k.nameSuffix ?? '' }, { prefix: cfg.namePrefix, suffix: cfg.nameSuffix });
      if (this.k.namePrefix) this.recordTransformer(m, 'PrefixTransformer');
      if (this.k.nameSuffix) this.recordTransformer(m, 'SuffixTransformer');
    });
    for (const [i, l] of (this.k.labels ?? []).entries()) {
      await this.step(`labels[${i}]`, () => transformMapEntries(m, l.pairs ?? {}, labelSpecs(l, cfg)));
    }
    await this.step('commonLabels', () => transformMapEntries(m, this.k.commonLabels ?? {}, cfg.commonLabels));
    await this.step('commonAnnotations', () => transformMapEntries(m, this.k.commonAnnotations ?? {}, cfg.commonAnnotations));
    for (const [i, p] of (this.k.patchesJson6902 ?? []).entries()) {
      await this.step(`patchesJson6902[${i}]`, async () => applyJson6902(m, p.target!, await loadJson6902(this.ldr, p, pctx)));
    }
    for (const [i, r] of (this.k.replicas ?? []).entries()) await this.step(`replicas[${i}]`, () => transformReplicas(m, r, cfg.replicas));
    for (const [i, img] of (this.k.images ?? []).entries()) await this.step(`images[${i}]`, () => transformImages(m, img, cfg.images));
    await this.step('replacements', async () => {
      if (!this.k.replacements?.length) return;
      applyReplacements(m, await loadReplacements(this.ldr, this.k.replacements, this.ctx.limits));
    });
    await runPluginTransformers(this, ra);
  }

  /** Runs one transformer, prefixing its errors with the file and field. */
  async step(field: string, f: () => void | Promise<void>): Promise<void> {
    try {
      await f();
    } catch (err) {
      throw wrapError(err, `${this.where}: ${field}`);
    }
  }
}

function labelSpecs(l: NonNullable<Kustomization['labels']>[number], cfg: Accumulator['config']): FieldSpec[] {
  const specs = [...(l.fields ?? [])];
  const add = (more: readonly FieldSpec[]): void => {
    for (const s of more) {
      if (!specs.some((x) => x.path === s.path && (x.kind ?? '') === (s.kind ?? '') && (x.group ?? '') === (s.group ?? '') && (x.version ?? '') === (s.version ?? ''))) specs.push(s);
    }
  };
  if (l.includeSelectors) add(cfg.commonLabels);
  else {
    if (l.includeTemplates) add(cfg.templateLabels);
    if (l.includeVolumeClaimTemplates) add([{ path: 'spec/volumeClaimTemplates[]/metadata/labels', create: true, kind: 'StatefulSet', group: 'apps' }]);
    add([{ path: 'metadata/labels', create: true }]);
  }
  add(cfg.labels);
  return specs;
}

function refuseUnsupported(k: Kustomization, where: string): void {
  if (k.helmCharts?.length || k.helmChartInflationGenerator?.length || k.helmGlobals) {
    throw new KustomizeUnsupportedError(`${where}: helmCharts: Helm chart inflation is not supported by this engine (render charts with a HelmRelease)`);
  }
  if (k.validators?.length) throw new KustomizeUnsupportedError(`${where}: validators: validator plugins are not supported`);
}
