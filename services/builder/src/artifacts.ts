/**
 * Source artifacts as file systems for kustomize, built once per digest and shared by every Kustomization that
 * reads the same revision (a thousand Kustomizations of one repository cost one download and one unpack). Archives
 * are unpacked into memory; only archives with symlinks (which an in-memory tree cannot follow) go to disk.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readArchive, unpackToDirectory, verifyDigest, type TarEntry } from '@sluice/artifact';
import type { Bus } from '@sluice/bus';
import { SluiceError } from '@sluice/errors';
import { diskFileSystem, memoryFileSystem, type KustomizeFileSystem } from '@sluice/kustomize';
import { treeDigestsOf, type TreeDigests } from './tree-digests.js';

/** The stored artifact is gone from the object store (garbage-collected or never stored). */
export class ArtifactMissingError extends SluiceError {
  constructor(subject: string, path: string) {
    super('SLUICE_ARTIFACT_MISSING', `${subject}: artifact '${path}' not found in the artifact store`);
  }
}

/** Options of {@link ArtifactCache}. */
export interface ArtifactCacheOptions {
  /** Folder for artifacts that must be unpacked on disk (those with symlinks). */
  readonly dir: string;
  /** Artifacts kept (in memory or on disk); the least recently used beyond this are dropped. */
  readonly keep?: number;
}

/** An artifact's location in the object store and its digest. */
export interface ArtifactRef {
  readonly path: string;
  readonly digest: string;
}

/** What is kept per artifact. */
interface Unpacked {
  readonly fs: KustomizeFileSystem;
  readonly digests: TreeDigests;
  /** The folder on disk, for artifacts unpacked there. */
  readonly dir: string | undefined;
}

/** Unpacked artifacts by digest. */
export class ArtifactCache {
  private readonly entries = new Map<string, Promise<Unpacked>>();
  private readonly bus: Bus;
  private readonly opts: ArtifactCacheOptions;

  constructor(bus: Bus, opts: ArtifactCacheOptions) {
    this.bus = bus;
    this.opts = opts;
  }

  /** The artifact as a file system rooted at `/`, downloading, verifying and unpacking it on first use. */
  async filesystem(artifact: ArtifactRef, subject: string): Promise<KustomizeFileSystem> {
    return (await this.unpacked(artifact, subject)).fs;
  }

  /** Per-folder digests of an artifact (see `tree-digests.ts`). */
  async treeDigests(artifact: ArtifactRef, subject: string): Promise<TreeDigests> {
    return (await this.unpacked(artifact, subject)).digests;
  }

  private unpacked(artifact: ArtifactRef, subject: string): Promise<Unpacked> {
    const key = artifact.digest;
    let pending = this.entries.get(key);
    if (pending) {
      this.entries.delete(key);
      this.entries.set(key, pending);
      return pending;
    }
    pending = this.load(artifact, subject);
    pending.catch(() => this.entries.delete(key));
    this.entries.set(key, pending);
    void this.evict();
    return pending;
  }

  private async load(artifact: ArtifactRef, subject: string): Promise<Unpacked> {
    const store = await this.bus.objectStore('artifacts');
    const data = await store.getBlob(artifact.path);
    if (!data) throw new ArtifactMissingError(subject, artifact.path);
    verifyDigest(data, artifact.digest, subject);
    const entries = readArchive(data, subject);
    const digests = treeDigestsOf(entries);
    if (!entries.some((e) => e.type === 'symlink')) return { fs: memoryFileSystem(filesOf(entries)), digests, dir: undefined };
    const dir = join(this.opts.dir, artifact.digest.replace(/^sha256:/, ''));
    if (!existsSync(dir)) {
      const staging = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
      await unpackToDirectory(data, staging, subject);
      await rename(staging, dir).catch(async (err: unknown) => {
        await rm(staging, { recursive: true, force: true });
        if (!existsSync(dir)) throw err;
      });
    }
    return { fs: diskFileSystem(dir), digests, dir };
  }

  /** Drops the least recently used artifacts beyond `keep` (and their folders on disk). */
  private async evict(): Promise<void> {
    const keep = this.opts.keep ?? 4;
    while (this.entries.size > keep) {
      const [key, oldest] = this.entries.entries().next().value!;
      this.entries.delete(key);
      const dir = await oldest.then((u) => u.dir, () => undefined);
      if (dir) await rm(dir, { recursive: true, force: true });
    }
    await mkdir(this.opts.dir, { recursive: true });
  }
}

function filesOf(entries: readonly TarEntry[]): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const e of entries) if (e.type === 'file') files[`/${e.path}`] = e.data;
  return files;
}
