/**
 * Source artifacts on local disk, unpacked once per digest and shared by every Kustomization that reads the same
 * revision (a thousand Kustomizations of one repository cost one download and one unpack).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { unpackToDirectory, verifyDigest } from '@sluice/artifact';
import type { Bus } from '@sluice/bus';
import { SluiceError } from '@sluice/errors';

/** The stored artifact is gone from the object store (garbage-collected or never stored). */
export class ArtifactMissingError extends SluiceError {
  constructor(subject: string, path: string) {
    super('SLUICE_ARTIFACT_MISSING', `${subject}: artifact '${path}' not found in the artifact store`);
  }
}

/** Options of {@link ArtifactCache}. */
export interface ArtifactCacheOptions {
  /** Folder holding one sub-folder per digest. */
  readonly dir: string;
  /** Unpacked artifacts kept; older ones are removed once unused for `idleMs`. */
  readonly keep?: number;
  readonly idleMs?: number;
}

/** Unpacked artifacts by digest. */
export class ArtifactCache {
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly lastUsed = new Map<string, number>();
  private readonly bus: Bus;
  private readonly opts: ArtifactCacheOptions;

  constructor(bus: Bus, opts: ArtifactCacheOptions) {
    this.bus = bus;
    this.opts = opts;
  }

  /** The folder holding the unpacked artifact, downloading, verifying and unpacking it on first use. */
  async get(artifact: { readonly path: string; readonly digest: string }, subject: string): Promise<string> {
    const key = artifact.digest.replace(/^sha256:/, '');
    this.lastUsed.set(key, Date.now());
    const dir = join(this.opts.dir, key);
    if (existsSync(dir)) return dir;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.fetch(artifact, subject, dir).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private async fetch(artifact: { readonly path: string; readonly digest: string }, subject: string, dir: string): Promise<string> {
    const store = await this.bus.objectStore('artifacts');
    const data = await store.getBlob(artifact.path);
    if (!data) throw new ArtifactMissingError(subject, artifact.path);
    verifyDigest(data, artifact.digest, subject);
    const staging = `${dir}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    await unpackToDirectory(data, staging, subject);
    await rename(staging, dir).catch(async (err: unknown) => {
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(dir)) throw err;
    });
    await this.evict();
    return dir;
  }

  /** Removes the least recently used folders beyond `keep` that nobody used for `idleMs`. */
  private async evict(): Promise<void> {
    const keep = this.opts.keep ?? 16;
    const idleMs = this.opts.idleMs ?? 10 * 60_000;
    await mkdir(this.opts.dir, { recursive: true });
    const entries = (await readdir(this.opts.dir)).filter((n) => !n.includes('.tmp-'));
    if (entries.length <= keep) return;
    const aged = await Promise.all(entries.map(async (n) => ({ n, at: this.lastUsed.get(n) ?? (await stat(join(this.opts.dir, n))).mtimeMs })));
    aged.sort((a, b) => a.at - b.at);
    for (const { n, at } of aged.slice(0, aged.length - keep)) {
      if (Date.now() - at < idleMs) continue;
      this.lastUsed.delete(n);
      await rm(join(this.opts.dir, n), { recursive: true, force: true });
    }
  }
}
