/**
 * State shared by every level of one build: options, limits, the merge schema in force (kustomize's global OpenAPI
 * setting) and the origin bookkeeping for `buildMetadata`.
 */
import { posix } from 'node:path';
import { builtinSchema } from '@sluice/k8s-schema';
import type { FieldSchema } from '@sluice/k8s-schema';
import { KustomizeBuildError, KustomizeLimitError } from '../errors.js';
import type { Loader } from '../kustfile/loader.js';
import type { Kustomization } from '../kustfile/types.js';
import type { Gvk } from '../resource/resid.js';
import type { PatchContext } from '../transform/patches.js';
import { parseYamlDocument } from '../yaml/parse.js';
import { newMap } from '../yaml/value.js';
import type { YMap } from '../yaml/value.js';
import type { BuildOptions } from './options.js';
import { customSchemaResolver } from './openapi.js';

/** Where a resource came from, in kustomize's origin annotation terms. */
interface OriginFrame {
  /** Path of the kustomization directory relative to the build root. */
  readonly dir: string;
}

export class BuildContext {
  readonly options: BuildOptions;
  readonly limits: { readonly maxDepth: number; readonly maxNodes: number };
  readonly scope = new Map<string, boolean>();
  /** The build root (the directory `build` was called on). */
  readonly root: string;
  private depth = 0;
  private documents = 0;
  private custom: ((gvk: Gvk) => FieldSchema | undefined) | undefined;
  private schemaSet = false;
  /** Whether resources carry origin annotations (the top kustomization's buildMetadata). */
  originAnnotations = false;
  private readonly frames: OriginFrame[] = [];

  constructor(options: BuildOptions, root: string) {
    this.options = options;
    this.root = root;
    this.limits = { maxDepth: options.limits.maxYamlDepth, maxNodes: options.limits.maxYamlNodes };
  }

  /** The merge schema of a type: the custom OpenAPI document when one is set, else the built-in spec. */
  schema = (gvk: Gvk): FieldSchema | undefined => {
    if (this.custom) return this.custom(gvk);
    return builtinSchema(gvk);
  };

  get patchContext(): PatchContext {
    return { schema: this.schema, ...this.limits };
  }

  /** A path as shown in error messages: relative to the file-system root. */
  display(path: string): string {
    return path.startsWith('/') ? path.slice(1) || '.' : path;
  }

  /** Called when a kustomization level starts; enforces the nesting limit. */
  enter(_root: string): Promise<void> {
    if (this.depth > this.options.limits.maxKustomizationDepth) {
      throw new KustomizeLimitError(`kustomizations nest deeper than ${this.options.limits.maxKustomizationDepth} levels`);
    }
    return Promise.resolve();
  }

  /** Runs a nested level with depth accounting and origin tracking. */
  async nested<T>(sub: { ldr: Loader }, _path: string, f: () => Promise<T>): Promise<T> {
    this.depth++;
    this.frames.push({ dir: posix.relative(this.root, sub.ldr.root) });
    try {
      return await f();
    } finally {
      this.frames.pop();
      this.depth--;
    }
  }

  countDocuments(n: number, file: string): void {
    this.documents += n;
    if (this.documents > this.options.limits.maxDocuments) {
      throw new KustomizeLimitError(`${this.display(file)}: the build loaded more than ${this.options.limits.maxDocuments} documents`);
    }
  }

  /** kustomize's openapi.SetSchema: the top level always sets it; a lower level only when none is set yet. */
  async registerOpenApi(ldr: Loader, k: Kustomization, top = false): Promise<void> {
    if (this.schemaSet && !top) return;
    const field = k.openapi ?? {};
    const path = field.path;
    const version = field.version;
    if (path !== undefined) {
      if (version !== undefined) throw new KustomizeBuildError('builtin version and custom schema provided, cannot use both');
      const text = await ldr.loadText(path);
      const doc = parseYamlDocument(text, { dialect: 'v3', file: path, ...this.limits });
      this.custom = customSchemaResolver(doc);
      this.schemaSet = true;
      return;
    }
    if (version !== undefined && version !== '') {
      if (version !== 'v1.21.2' && version !== 'v1212') throw new KustomizeBuildError('the specified OpenAPI version is not built in');
      this.custom = undefined;
      this.schemaSet = true;
    }
  }

  /** The origin annotation value for a resource loaded from `path` of a level. */
  originFor(_t: { ldr: Loader }, path: string): YMap | undefined {
    if (!this.originAnnotations) return undefined;
    const o = newMap();
    const dir = this.frames.length > 0 ? this.frames[this.frames.length - 1]!.dir : '';
    o.path = dir === '' ? posix.normalize(path) : posix.join(dir, path);
    return o;
  }

  /** The origin annotation value for a generated resource. */
  generatorOrigin(t: { ldr: Loader; file: string }): YMap | undefined {
    if (!this.originAnnotations) return undefined;
    const o = newMap();
    const dir = posix.relative(this.root, t.ldr.root);
    o.configuredIn = dir === '' ? t.file : posix.join(dir, t.file);
    const by = newMap();
    by.apiVersion = 'builtin';
    by.kind = 'ConfigMapGenerator';
    o.configuredBy = by;
    return o;
  }
}
