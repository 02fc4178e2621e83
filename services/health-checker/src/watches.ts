/**
 * Shared watches: one list+watch cache per apiVersion and kind for the whole process, however many health checks
 * look at objects of that kind. Each check *tracks* the objects it waits for; a change to an object reaches only
 * the checks tracking that object. A watch starts with its first tracker, keeps retrying while its kind cannot be
 * listed (a CRD not established yet), and stops a short while after its last tracker left.
 */
import { errorMessage } from '@sluice/errors';
import { Informer, type KubeClient, type KubeObject } from '@sluice/runtime';
import type { Observation } from './judge.js';

/** A kind to watch. */
export interface WatchKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/** What the hub needs from a list+watch cache (the runtime's `Informer`, or a fake in tests and benchmarks). */
export interface SourceInformer {
  /** Lists and starts watching; resolves once the list is in the cache, rejects when listing failed. */
  start(): Promise<void>;
  stop(): Promise<void>;
  get(namespace: string, name: string): KubeObject | undefined;
}

/** Callbacks a {@link SourceInformer} calls. */
export interface SourceHandlers {
  /** An object was added, changed or deleted (the deleted object is passed). */
  changed(obj: KubeObject): void;
  /** The watch broke and is being re-established; for logs. */
  error(err: unknown): void;
}

/** Makes the cache of one kind. */
export type InformerFactory = (kind: WatchKind, handlers: SourceHandlers) => SourceInformer;

/** The factory for a real API server: the runtime's {@link Informer} over `kube`. */
export function kubeInformerFactory(kube: KubeClient): InformerFactory {
  return (kind, handlers) => new Informer(kube, { apiVersion: kind.apiVersion, kind: kind.kind }, {
    added: (obj) => handlers.changed(obj),
    modified: (obj) => handlers.changed(obj),
    deleted: (obj) => handlers.changed(obj),
    error: (err) => handlers.error(err),
  });
}

/** Options of {@link WatchHub}. */
export interface WatchHubOptions {
  /** How long a watch outlives its last tracker, so back-to-back checks of one kind do not list it again. */
  readonly lingerMs: number;
  /** First and largest pause between attempts to list a kind that could not be listed. */
  readonly retryMs: readonly [number, number];
  /** Told about watch failures (the service logs them). */
  readonly onError: (kind: WatchKind, err: unknown) => void;
}

/** Every {@link WatchHubOptions} with its default. */
export function defaultWatchHubOptions(): WatchHubOptions {
  return { lingerMs: 30_000, retryMs: [500, 5_000], onError: () => undefined };
}

/** One tracked object: read what the watch shows, and stop tracking when done. */
export interface Tracker {
  observe(): Observation;
  /** Stops tracking; safe to call twice. */
  release(): void;
}

interface Listener {
  readonly namespace: string;
  readonly name: string;
  readonly onChange: () => void;
}

const kindKey = (k: WatchKind): string => `${k.apiVersion}|${k.kind}`;

/** The process-wide set of shared watches; see the module comment. */
export class WatchHub {
  private readonly watches = new Map<string, SharedWatch>();
  private readonly factory: InformerFactory;
  private readonly opts: WatchHubOptions;

  constructor(factory: InformerFactory, opts: Partial<WatchHubOptions> = {}) {
    this.factory = factory;
    this.opts = { ...defaultWatchHubOptions(), ...opts };
  }

  /**
   * Tracks one object: `onChange` runs whenever the object changes or its watch (re)synchronises. Call
   * `observe()` then to read it. A namespaced reference also matches a cluster-scoped object of that name, since
   * `healthChecks` entries default their namespace even for cluster-scoped kinds.
   */
  track(ref: WatchKind & { readonly namespace: string; readonly name: string }, onChange: () => void): Tracker {
    const key = kindKey(ref);
    let watch = this.watches.get(key);
    if (!watch) {
      watch = new SharedWatch({ apiVersion: ref.apiVersion, kind: ref.kind }, this.factory, this.opts, (idle) => this.retire(key, idle));
      this.watches.set(key, watch);
    }
    const listener: Listener = { namespace: ref.namespace, name: ref.name, onChange };
    const shared = watch;
    shared.add(listener);
    let released = false;
    return {
      observe: () => shared.observe(ref.namespace, ref.name),
      release: () => {
        if (released) return;
        released = true;
        shared.remove(listener);
      },
    };
  }

  /** Watches running and objects tracked, for metrics. */
  stats(): { watches: number; trackers: number } {
    let trackers = 0;
    for (const w of this.watches.values()) trackers += w.size;
    return { watches: this.watches.size, trackers };
  }

  /** Stops every watch (at shutdown, after the checks using them ended). */
  async stop(): Promise<void> {
    const all = [...this.watches.values()];
    this.watches.clear();
    await Promise.all(all.map((w) => w.stop()));
  }

  private retire(key: string, idle: SharedWatch): void {
    if (this.watches.get(key) !== idle) return;
    this.watches.delete(key);
    void idle.stop();
  }
}

/** The watch of one kind and the trackers interested in it, indexed by object name. */
class SharedWatch {
  size = 0;
  private readonly kind: WatchKind;
  private readonly factory: InformerFactory;
  private readonly opts: WatchHubOptions;
  private readonly onIdle: (watch: SharedWatch) => void;
  private readonly byName = new Map<string, Set<Listener>>();
  private informer: SourceInformer | undefined;
  private synced = false;
  private error: string | undefined;
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  private linger: NodeJS.Timeout | undefined;
  private readonly running: Promise<void>;

  constructor(kind: WatchKind, factory: InformerFactory, opts: WatchHubOptions, onIdle: (watch: SharedWatch) => void) {
    this.kind = kind;
    this.factory = factory;
    this.opts = opts;
    this.onIdle = onIdle;
    this.running = this.establish();
  }

  add(listener: Listener): void {
    clearTimeout(this.linger);
    this.linger = undefined;
    let set = this.byName.get(listener.name);
    if (!set) this.byName.set(listener.name, (set = new Set()));
    set.add(listener);
    this.size += 1;
  }

  remove(listener: Listener): void {
    const set = this.byName.get(listener.name);
    if (!set?.delete(listener)) return;
    if (set.size === 0) this.byName.delete(listener.name);
    this.size -= 1;
    if (this.size > 0 || this.stopped) return;
    this.linger = setTimeout(() => {
      if (this.size === 0) this.onIdle(this);
    }, this.opts.lingerMs);
    this.linger.unref();
  }

  observe(namespace: string, name: string): Observation {
    if (!this.synced || !this.informer) return this.error === undefined ? { synced: false } : { synced: false, error: this.error };
    const object = this.informer.get(namespace, name) ?? (namespace === '' ? undefined : this.informer.get('', name));
    return { synced: true, object };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.linger);
    this.wakeUp?.();
    await this.running;
    await this.informer?.stop();
  }

  /** Lists the kind, retrying with backoff until it works or the watch stops; then tells every tracker. */
  private async establish(): Promise<void> {
    const [first, max] = this.opts.retryMs;
    for (let delay = first; !this.stopped; delay = Math.min(delay * 2, max)) {
      const informer = this.factory(this.kind, { changed: (obj) => this.changed(obj), error: (err) => this.opts.onError(this.kind, err) });
      try {
        await informer.start();
        if (this.stopped) {
          await informer.stop();
          return;
        }
        this.informer = informer;
        this.synced = true;
        this.error = undefined;
        this.notifyAll();
        return;
      } catch (err) {
        await informer.stop().catch(() => undefined);
        this.error = errorMessage(err);
        this.opts.onError(this.kind, err);
        this.notifyAll();
        await this.pause(delay);
      }
    }
  }

  private changed(obj: KubeObject): void {
    if (!this.synced) return;
    const namespace = obj.metadata.namespace ?? '';
    for (const l of this.byName.get(obj.metadata.name ?? '') ?? []) {
      if (l.namespace === namespace || namespace === '') l.onChange();
    }
  }

  private notifyAll(): void {
    for (const set of [...this.byName.values()]) for (const l of [...set]) l.onChange();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
