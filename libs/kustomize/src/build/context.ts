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
import type { BuildOptions } from './options.js';
import type { Origin } from './origin.js';
import { customSchemaResolver } from './openapi.js';

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

  /** A path as shown in error messages: relative to the directory being built (`../base/kustomization.yaml`). */
  display(path: string): string {
    return posix.relative(this.root, path) || '.';
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
    try {
      return await f();
    } finally {
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

  /** Whether transformers record themselves on resources (buildMetadata: [transformerAnnotations]). */
  transformerAnnotations = false;

  /** A path as kustomize prints it in origins: relative to the top kustomization's directory. */
  relativePath(abs: string): string {
    return posix.relative(this.root, abs);
  }

  /** The origin of a resource loaded from a file. */
  fileOrigin(abs: string): Origin | undefined {
    return this.originAnnotations ? { path: this.relativePath(abs) } : undefined;
  }

  /** The origin of something configured in `file` by a built-in or plugin configuration. */
  configOrigin(file: string, by: NonNullable<Origin['configuredBy']>): Origin {
    return { configuredIn: this.relativePath(file), configuredBy: by };
  }
}
