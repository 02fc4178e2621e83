/**
 * kustomize's file loader: a root directory, the load restrictor that decides which files the kustomization in it
 * may read, and the chain of roots visited so far (for cycle detection).
 */
import { posix } from 'node:path';
import { KustomizeLimitError, KustomizeLoadError, KustomizeUnsupportedError } from '../errors.js';
import { cleanPath } from '../fs/filesystem.js';
import type { KustomizeFileSystem } from '../fs/filesystem.js';

/** Which files a kustomization may read. */
export const LoadRestrictor = {
  /** Only files in or below the kustomization's own directory (kustomize's default). */
  rootOnly: 'LoadRestrictionsRootOnly',
  /** Any file in the file system (Flux's setting). */
  none: 'LoadRestrictionsNone',
} as const;
export type LoadRestrictor = (typeof LoadRestrictor)[keyof typeof LoadRestrictor];

/** Counters shared by every loader of one build, for the input limits. */
export interface LoadBudget {
  readonly maxFileBytes: number;
  readonly maxTotalBytes: number;
  totalBytes: number;
}

const REMOTE = /^(https?:\/\/|git::|gh:|ssh:\/\/|git@|github\.com[:/])/i;

/** True for paths kustomize treats as remote (URLs, git specs). */
export function isRemotePath(p: string): boolean {
  return REMOTE.test(p);
}

export class Loader {
  readonly fs: KustomizeFileSystem;
  readonly root: string;
  readonly restrictor: LoadRestrictor;
  readonly budget: LoadBudget;
  private readonly referrer: Loader | undefined;

  constructor(fs: KustomizeFileSystem, root: string, restrictor: LoadRestrictor, budget: LoadBudget, referrer?: Loader) {
    this.fs = fs;
    this.root = root;
    this.restrictor = restrictor;
    this.budget = budget;
    this.referrer = referrer;
  }

  /** Resolves a path relative to this root. */
  join(p: string): string {
    return cleanPath(posix.isAbsolute(p) ? p : posix.join(this.root, p));
  }

  /** Reads a file, applying the load restrictor. */
  async load(p: string): Promise<Uint8Array> {
    if (isRemotePath(p)) throw new KustomizeUnsupportedError(`${p}: remote files are disabled`);
    const abs = this.join(p);
    const real = await this.fs.realPath(abs);
    if (real === undefined) throw new KustomizeLoadError(`'${abs}' doesn't exist`);
    if (this.restrictor === LoadRestrictor.rootOnly) {
      const dir = posix.dirname(real);
      if (!within(dir, this.root)) throw new KustomizeLoadError(`security; file '${abs}' is not in or below '${this.root}'`);
    }
    if ((await this.fs.stat(real)) !== 'file') throw new KustomizeLoadError(`'${abs}' must resolve to a file`);
    const data = await this.fs.readFile(real);
    if (data.byteLength > this.budget.maxFileBytes) {
      throw new KustomizeLimitError(`${abs}: file is larger than the limit of ${this.budget.maxFileBytes} bytes`);
    }
    this.budget.totalBytes += data.byteLength;
    if (this.budget.totalBytes > this.budget.maxTotalBytes) {
      throw new KustomizeLimitError(`${abs}: the build read more than the limit of ${this.budget.maxTotalBytes} bytes`);
    }
    return data;
  }

  /** Reads a file as UTF-8 text. */
  async loadText(p: string): Promise<string> {
    return decodeText(await this.load(p));
  }

  /** This loader and the loaders of the kustomizations that led to it. */
  private chain(): Loader[] {
    const out: Loader[] = [];
    for (let l: Loader | undefined = this as Loader; l; l = l.referrer) out.push(l);
    return out;
  }

  /** A loader rooted at directory `p` (a base or component), refusing cycles. */
  async child(p: string): Promise<Loader> {
    if (isRemotePath(p)) throw new KustomizeUnsupportedError(`${p}: remote bases are disabled (enable remote bases to use them)`);
    const abs = this.join(p);
    const real = await this.fs.realPath(abs);
    if (real === undefined) throw new KustomizeLoadError(`must build at directory: not a valid directory: '${abs}' doesn't exist`);
    if ((await this.fs.stat(real)) !== 'directory') throw new KustomizeLoadError(`must build at directory: '${abs}': file is not directory`);
    for (const l of this.chain()) {
      if (within(l.root, real)) throw new KustomizeLoadError(`cycle detected: candidate root '${real}' contains visited root '${l.root}'`);
    }
    return new Loader(this.fs, real, this.restrictor, this.budget, this);
  }
}

function within(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(`${dir}/`);
}

/** UTF-8 text of a file; a UTF-16 file (with a byte-order mark) is decoded as such, as Go's readers do for YAML. */
export function decodeText(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return Buffer.from(data.subarray(2)).toString('utf16le');
  if (data[0] === 0xfe && data[1] === 0xff) return Buffer.from(Buffer.from(data.subarray(2)).swap16()).toString('utf16le');
  return Buffer.from(data).toString('utf8');
}
