/**
 * Watches over HTTP: a chunked stream of `{"type":...,"object":...}` lines, starting with synthetic ADDED events
 * (no resourceVersion, or `0`) or with the events after a resourceVersion (an ERROR event with a 410 Expired
 * Status when it is too old), then live events filtered by namespace and selectors (objects that stop or start
 * matching are reported as DELETED / ADDED), optional BOOKMARK events, and the timeout.
 */
import type { ServerResponse } from 'node:http';
import type { ApiCore } from '../api/context.js';
import { expired } from '../api/status.js';
import type { JsonObject } from '../json.js';
import { apiVersionOf, type ResourceDef } from '../registry/resource.js';
import type { StoreEvent } from '../storage/store.js';
import { buildTable, type IncludeObject } from '../tables/table.js';
import { toVersion } from '../verbs/common.js';
import { matchesQuery, type ListQuery } from '../verbs/read.js';
import type { Rendering } from './negotiate.js';
import { jsonOf } from './respond.js';

/** What one watch request asks for. */
export interface WatchRequest {
  readonly def: ResourceDef;
  /** undefined: every namespace. */
  readonly namespace: string | undefined;
  readonly query: ListQuery;
  readonly bookmarks: boolean;
  /** `sendInitialEvents=true`: ADDED events for the current objects, then a BOOKMARK marking their end. */
  readonly sendInitialEvents: boolean;
  readonly timeoutMs: number;
  readonly rendering: Rendering;
  readonly includeObject: IncludeObject;
  /** Warning header texts (deprecated versions). */
  readonly warnings: readonly string[];
}

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

class WatchStream {
  private headersSent = false;
  private readonly req: WatchRequest;
  private readonly res: ServerResponse;
  private readonly core: ApiCore;

  constructor(core: ApiCore, req: WatchRequest, res: ServerResponse) {
    this.core = core;
    this.req = req;
    this.res = res;
  }

  private inScope(obj: JsonObject | undefined): boolean {
    if (!obj) return false;
    const meta = obj.metadata as JsonObject;
    if (this.req.namespace !== undefined && (meta.namespace ?? '') !== this.req.namespace) return false;
    return matchesQuery(this.req.query, obj);
  }

  /** Translates a store event into what this watcher sees, or undefined. */
  translate(ev: StoreEvent): { type: EventType; object: JsonObject } | undefined {
    const now = ev.type !== 'DELETED' && this.inScope(ev.object);
    const before = this.inScope(ev.previous);
    if (ev.type === 'ADDED') return now ? { type: 'ADDED', object: ev.object } : undefined;
    if (ev.type === 'DELETED') return before || this.inScope(ev.object) ? { type: 'DELETED', object: ev.object } : undefined;
    if (now) return { type: before ? 'MODIFIED' : 'ADDED', object: ev.object };
    return before ? { type: 'DELETED', object: ev.object } : undefined;
  }

  private encode(type: string, obj: JsonObject): string {
    const r = this.req.rendering;
    const versioned = toVersion(this.req.def, obj);
    if (r.as === 'table') {
      const table = buildTable(this.req.def, [versioned], { now: this.core.now(), include: this.req.includeObject, headers: !this.headersSent, listMeta: { resourceVersion: (obj.metadata as JsonObject).resourceVersion ?? '' } });
      this.headersSent = true;
      return `{"type":"${type}","object":${JSON.stringify(table)}}\n`;
    }
    if (r.as === 'partial') {
      return `{"type":"${type}","object":${JSON.stringify({ kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${r.version}`, metadata: versioned.metadata ?? {} })}}\n`;
    }
    return `{"type":"${type}","object":${jsonOf(versioned)}}\n`;
  }

  write(type: string, obj: JsonObject): void {
    if (this.res.destroyed || this.res.writableEnded) return;
    this.res.write(this.encode(type, obj));
  }

  writeRaw(line: string): void {
    if (!this.res.destroyed && !this.res.writableEnded) this.res.write(line);
  }

  bookmark(initialEventsEnd = false): void {
    const metadata: JsonObject = { resourceVersion: String(this.core.store.revision) };
    if (initialEventsEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    const obj = { kind: this.req.def.kind, apiVersion: apiVersionOf(this.req.def), metadata };
    this.writeRaw(`{"type":"BOOKMARK","object":${JSON.stringify(obj)}}\n`);
  }
}

/** Keeps track of open watches so the server can end them when it stops. */
export class WatchHub {
  private readonly open = new Set<() => void>();
  private readonly bookmarkIntervalMs: number;

  constructor(bookmarkIntervalMs: number) {
    this.bookmarkIntervalMs = bookmarkIntervalMs;
  }

  /** Number of open watches. */
  get size(): number {
    return this.open.size;
  }

  /** Serves one watch until the client goes away, the timeout passes or the hub closes. */
  serve(core: ApiCore, req: WatchRequest, res: ServerResponse): void {
    const stream = new WatchStream(core, req, res);
    const initial = this.initialEvents(core, req, stream);
    const headers: Record<string, string | string[]> = { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' };
    if (req.warnings.length > 0) headers.Warning = req.warnings.map((w) => `299 - ${JSON.stringify(w)}`);
    res.writeHead(200, headers);
    res.flushHeaders();
    if (!Array.isArray(initial)) {
      const status = expired(`too old resource version: ${String(req.query.resourceVersion)} (${initial.oldest})`).status;
      stream.writeRaw(`{"type":"ERROR","object":${JSON.stringify(status)}}\n`);
      res.end();
      return;
    }
    for (const e of initial) stream.write(e.type, e.object);
    if (req.sendInitialEvents && req.bookmarks) stream.bookmark(true);
    const unsubscribe = core.store.subscribe((ev) => {
      if (ev.storageKey !== req.def.storageKey) return;
      const seen = stream.translate(ev);
      if (seen) stream.write(seen.type, seen.object);
    });
    const timers: NodeJS.Timeout[] = [setTimeout(() => close(), req.timeoutMs)];
    if (req.bookmarks) timers.push(setInterval(() => stream.bookmark(), this.bookmarkIntervalMs));
    const close = (): void => {
      unsubscribe();
      for (const t of timers) clearTimeout(t);
      this.open.delete(close);
      if (!res.writableEnded) res.end();
    };
    this.open.add(close);
    res.on('close', close);
  }

  private initialEvents(core: ApiCore, req: WatchRequest, stream: WatchStream): { type: EventType; object: JsonObject }[] | { oldest: number } {
    const rv = req.query.resourceVersion;
    if (rv === undefined || rv === '0' || req.sendInitialEvents) {
      const all = core.store.list(req.def.storageKey, req.def.namespaced ? req.namespace : undefined);
      return all.filter((o) => matchesQuery(req.query, o)).map((object) => ({ type: 'ADDED', object }));
    }
    const since = core.store.eventsSince(req.def.storageKey, Number(rv));
    if (!since.ok) return { oldest: since.oldest };
    return since.events.map((e) => stream.translate(e)).filter((e) => e !== undefined);
  }

  /** Ends every open watch (server shutdown). */
  closeAll(): void {
    for (const close of [...this.open]) close();
  }
}
