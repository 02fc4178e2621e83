/**
 * The file system a build reads from: a real directory or an in-memory map of files. Paths are POSIX and absolute
 * inside the file system (`/apps/base/kustomization.yaml`); nothing outside its root can be named, and a real
 * directory refuses symlinks that lead out of it.
 */
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { KustomizeLoadError } from '../errors.js';

/** What the engine needs from a file system. Every method takes an absolute POSIX path inside it. */
export interface KustomizeFileSystem {
  /** The bytes of a file; rejects with {@link KustomizeLoadError} when it is missing or not a file. */
  readFile(path: string): Promise<Uint8Array>;
  /** Whether the path is a file, a directory, or missing. */
  stat(path: string): Promise<'file' | 'directory' | undefined>;
  /** Entry names of a directory, sorted. */
  readDir(path: string): Promise<string[]>;
  /** The path with symlinks resolved, or undefined when it does not exist. */
  realPath(path: string): Promise<string | undefined>;
}

/** Normalises a path inside the file system: absolute, no `.`/`..` segments, no trailing slash. */
export function cleanPath(path: string): string {
  const p = posix.normalize(posix.isAbsolute(path) ? path : `/${path}`);
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

/**
 * An in-memory file system, for tests and for artifacts already in memory. Keys are paths (leading `/` optional);
 * directories are implied by the files under them.
 */
export function memoryFileSystem(files: Readonly<Record<string, string | Uint8Array>>): KustomizeFileSystem {
  const content = new Map<string, Uint8Array>();
  const dirs = new Map<string, Set<string>>([['/', new Set()]]);
  for (const [name, data] of Object.entries(files)) {
    const p = cleanPath(name);
    content.set(p, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    let child = p;
    for (let dir = posix.dirname(p); ; dir = posix.dirname(dir)) {
      if (!dirs.has(dir)) dirs.set(dir, new Set());
      dirs.get(dir)!.add(posix.basename(child));
      if (dir === '/') break;
      child = dir;
    }
  }
  return {
    readFile(path) {
      const data = content.get(cleanPath(path));
      if (!data) return Promise.reject(new KustomizeLoadError(`'${cleanPath(path)}' doesn't exist`));
      return Promise.resolve(data);
    },
    stat(path) {
      const p = cleanPath(path);
      return Promise.resolve(content.has(p) ? 'file' : dirs.has(p) ? 'directory' : undefined);
    },
    readDir(path) {
      return Promise.resolve([...(dirs.get(cleanPath(path)) ?? [])].sort());
    },
    realPath(path) {
      const p = cleanPath(path);
      return Promise.resolve(content.has(p) || dirs.has(p) ? p : undefined);
    },
  };
}

/**
 * A real directory seen as a file system whose root `/` is `rootDir`. Symlinks are followed only while they stay
 * inside `rootDir`; anything else reads as missing. Calls are synchronous underneath (a build reads many small files,
 * and thread-pool round trips dominated), so give each build its own instance in a worker if the event loop matters.
 */
export function diskFileSystem(rootDir: string): KustomizeFileSystem {
  const root = resolve(rootDir);
  const toHost = (p: string): string => resolve(root, `.${cleanPath(p)}`);
  let realRoot: string | undefined;
  const insideCache = new Map<string, string | undefined>();
  const inside = (host: string): string | undefined => {
    if (insideCache.has(host)) return insideCache.get(host);
    realRoot ??= realpathSync(root);
    let virtual: string | undefined;
    try {
      const real = realpathSync(host);
      const rel = relative(realRoot, real);
      if (!rel.startsWith('..') && !isAbsolute(rel)) virtual = `/${rel.split(sep).join('/')}`.replace(/\/$/, '') || '/';
    } catch {
      virtual = undefined;
    }
    insideCache.set(host, virtual);
    return virtual;
  };
  const kinds = new Map<string, 'file' | 'directory' | undefined>();
  const kindOf = (v: string): 'file' | 'directory' | undefined => {
    if (kinds.has(v)) return kinds.get(v);
    const st = statSync(toHost(v), { throwIfNoEntry: false });
    const k = st?.isFile() ? 'file' : st?.isDirectory() ? 'directory' : undefined;
    kinds.set(v, k);
    return k;
  };
  return {
    readFile(path) {
      const v = inside(toHost(path));
      if (v === undefined || kindOf(v) !== 'file') return Promise.reject(new KustomizeLoadError(`'${cleanPath(path)}' doesn't exist`));
      return Promise.resolve(readFileSync(toHost(v)));
    },
    stat(path) {
      const v = inside(toHost(path));
      return Promise.resolve(v === undefined ? undefined : kindOf(v));
    },
    readDir(path) {
      const v = inside(toHost(path));
      if (v === undefined || kindOf(v) !== 'directory') return Promise.resolve([]);
      return Promise.resolve(readdirSync(toHost(v)).sort());
    },
    realPath(path) {
      return Promise.resolve(inside(toHost(path)));
    },
  };
}
