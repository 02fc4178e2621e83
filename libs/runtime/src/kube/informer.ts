/**
 * A list-then-watch cache of one kind, like client-go's informer: it delivers every object once on start, then
 * changes as they happen, re-lists when the watch falls too far behind (410 Gone), and reconnects with backoff
 * when the API server goes away. Handlers run one at a time, in event order.
 */
import { errorMessage } from '@sluice/errors';
import type { KubeClient } from './client.js';
import { isKubeStatus } from './errors.js';
import type { KubeObject } from './types.js';

/** Callbacks for changes; each may be async (the informer awaits it before the next event). */
export interface InformerHandlers<T extends KubeObject> {
  readonly added?: (obj: T) => void | Promise<void>;
  readonly modified?: (obj: T, previous: T) => void | Promise<void>;
  readonly deleted?: (obj: T) => void | Promise<void>;
  /** The watch failed and will be retried; for logs. */
  readonly error?: (err: unknown) => void;
}

/** What to watch. */
export interface InformerOptions {
  readonly apiVersion: string;
  readonly kind: string;
  /** Limit to one namespace; all namespaces when absent. */
  readonly namespace?: string | undefined;
  readonly labelSelector?: string | undefined;
  /** First and largest delay between reconnect attempts, in ms. */
  readonly backoffMs?: readonly [number, number];
  /** Ask the server to end each watch after this many seconds, so connections are renewed. */
  readonly watchTimeoutSeconds?: number;
}

interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T & { code?: number; metadata?: { resourceVersion?: string } };
}

const keyOf = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

/** A cache of one kind kept current by a watch; see the module comment. */
export class Informer<T extends KubeObject = KubeObject> {
  private readonly cache = new Map<string, T>();
  private readonly abort = new AbortController();
  private queue: Promise<void> = Promise.resolve();
  private resourceVersion = '';
  private running: Promise<void> | undefined;
  private readonly client: KubeClient;
  private readonly opts: InformerOptions;
  private readonly handlers: InformerHandlers<T>;

  constructor(client: KubeClient, opts: InformerOptions, handlers: InformerHandlers<T> = {}) {
    this.client = client;
    this.opts = opts;
    this.handlers = handlers;
  }

  /** Lists, delivers every object to `added`, then keeps watching. Resolves once the first list is delivered. */
  async start(): Promise<void> {
    await this.relist();
    this.running = this.loop();
  }

  /** Stops watching; resolves when the watch connection is closed and queued handlers have run. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    await this.queue;
  }

  /** The cached object, if any. */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.cache.get(`${namespace ?? ''}/${name}`);
  }

  /** Every cached object. */
  list(): T[] {
    return [...this.cache.values()];
  }

  private enqueue(fn: () => void | Promise<void>): Promise<void> {
    this.queue = this.queue.then(fn).catch((err: unknown) => this.handlers.error?.(err));
    return this.queue;
  }

  private async relist(): Promise<void> {
    const { items, resourceVersion } = await this.client.list<T>(this.opts.apiVersion, this.opts.kind, this.opts);
    const seen = new Set<string>();
    for (const item of items) {
      seen.add(keyOf(item));
      this.apply('ADDED', item);
    }
    for (const [key, old] of this.cache) if (!seen.has(key)) this.apply('DELETED', old);
    this.resourceVersion = resourceVersion;
    await this.queue;
  }

  private apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T): void {
    const key = keyOf(obj);
    const previous = this.cache.get(key);
    if (type === 'DELETED') {
      this.cache.delete(key);
      void this.enqueue(() => this.handlers.deleted?.(obj));
      return;
    }
    this.cache.set(key, obj);
    if (!previous) void this.enqueue(() => this.handlers.added?.(obj));
    else if (previous.metadata.resourceVersion !== obj.metadata.resourceVersion) void this.enqueue(() => this.handlers.modified?.(obj, previous));
  }

  private async loop(): Promise<void> {
    const [first, max] = this.opts.backoffMs ?? [200, 5000];
    let delay = first;
    while (!this.abort.signal.aborted) {
      try {
        await this.watchOnce();
        delay = first;
      } catch (err) {
        if (this.abort.signal.aborted) return;
        this.handlers.error?.(err);
        await sleep(delay, this.abort.signal);
        delay = Math.min(delay * 2, max);
        await this.relist().catch((e: unknown) => this.handlers.error?.(e));
      }
    }
  }

  private async watchOnce(): Promise<void> {
    const path = await this.client.path({ apiVersion: this.opts.apiVersion, kind: this.opts.kind, namespace: this.opts.namespace });
    let gone = false;
    await this.client.transport.stream(
      {
        path,
        query: {
          watch: 1,
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: true,
          labelSelector: this.opts.labelSelector,
          timeoutSeconds: this.opts.watchTimeoutSeconds ?? 300,
        },
        subject: `${this.opts.kind} watch failed`,
        signal: this.abort.signal,
      },
      (line) => {
        const ev = JSON.parse(line) as WatchEvent<T>;
        if (ev.type === 'ERROR') {
          gone = ev.object.code === 410;
          if (!gone) this.handlers.error?.(new Error(`${this.opts.kind} watch error: ${errorMessage((ev.object as { message?: string }).message)}`));
          return;
        }
        if (ev.object.metadata?.resourceVersion) this.resourceVersion = ev.object.metadata.resourceVersion;
        if (ev.type !== 'BOOKMARK') this.apply(ev.type, { ...ev.object, apiVersion: this.opts.apiVersion, kind: this.opts.kind });
      },
    ).catch((err: unknown) => {
      if (isKubeStatus(err, 410)) gone = true;
      else throw err;
    });
    if (gone) await this.relist();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}
