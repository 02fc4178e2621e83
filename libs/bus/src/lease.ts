/**
 * Per-object work leases on the `<prefix>-leases` KV bucket, so each object is worked by one replica at a time.
 * Taking is `create` (fails while another holder's entry exists); renewing is `update` with the last revision;
 * expiry is the bucket's max age (NATS 2.9 has no per-key TTL): an entry not renewed within the TTL disappears and
 * the next `create` takes the lease over.
 */
import { JetStreamApiError } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { errorMessage } from '@sluice/errors';
import type { Logger } from '@sluice/telemetry';
import { BUS_ERROR_CODES, BusError } from './errors.js';
import { encodeToken, kindToken, type SubjectObject } from './subjects.js';

/** A held lease. */
export interface Lease {
  readonly key: string;
  readonly holder: string;
  /** KV revision of the last successful take or renew. */
  readonly revision: number;
  /** True once the lease was lost (renew refused or not possible within the TTL) or released. */
  readonly lost: boolean;
  /** Aborted when the lease is lost; pass it to long work so it stops. */
  readonly signal: AbortSignal;
  /** Stops renewing and deletes the entry if still ours. Safe to call twice. */
  release(): Promise<void>;
}

/** Options of {@link Leases}. */
export interface LeaseOptions {
  /** Identity written into the entry; the bus uses its reporting instance. */
  readonly holder: string;
  /** The bucket's TTL (max age). */
  readonly ttlMs: number;
  /** Renew interval; default a third of the TTL. */
  readonly renewEveryMs?: number;
  /**
   * Namespace of the keys, e.g. the service name: leases of different scopes never exclude each other, so the
   * builder can take a Kustomization while the health-checker still waits on its previous revision.
   */
  readonly scope?: string;
  readonly logger: Logger;
}

/** Value stored per lease. */
interface LeaseRecord {
  readonly holder: string;
  readonly acquiredAt: string;
  readonly renewedAt: string;
}

const WRONG_LAST_SEQUENCE = 10071;

/**
 * The KV key of an object's lease: `[<scope>.]<kind>.<namespace>.<name>` with subject-token encoding (the scope is a
 * lowercase token such as a service name).
 */
export function leaseKey(object: SubjectObject, scope?: string): string {
  const key = [kindToken(object.kind), encodeToken(object.namespace, 'namespace'), encodeToken(object.name, 'name')].join('.');
  return scope === undefined ? key : `${encodeToken(scope, 'name')}.${key}`;
}

/** Takes, renews and releases leases for one holder. */
export class Leases {
  private readonly kv: KV;
  private readonly opts: LeaseOptions;
  private readonly held = new Set<HeldLease>();

  constructor(kv: KV, opts: LeaseOptions) {
    this.kv = kv;
    this.opts = opts;
  }

  /** Takes the lease of `object`; undefined while another holder has it. Renews it until released or lost. */
  async acquire(object: SubjectObject): Promise<Lease | undefined> {
    const key = leaseKey(object, this.opts.scope);
    const now = new Date().toISOString();
    let revision: number;
    try {
      revision = await this.kv.create(key, JSON.stringify({ holder: this.opts.holder, acquiredAt: now, renewedAt: now } satisfies LeaseRecord));
    } catch (err) {
      if (isWrongLastSequence(err)) return undefined;
      throw new BusError(BUS_ERROR_CODES.lease, `lease ${key}`, 'cannot take it', err);
    }
    const lease = new HeldLease(this.kv, key, revision, now, this.opts, () => this.held.delete(lease));
    this.held.add(lease);
    return lease;
  }

  /** Who holds the lease of `object` now, or undefined. */
  async holderOf(object: SubjectObject): Promise<string | undefined> {
    const entry = await this.kv.get(leaseKey(object, this.opts.scope));
    if (!entry || entry.operation !== 'PUT') return undefined;
    try {
      return entry.json<LeaseRecord>().holder;
    } catch {
      return undefined;
    }
  }

  /**
   * Runs `work` while holding the lease of `object`; `{ acquired: false }` without running it when someone else
   * holds it. The lease is released afterwards, also when `work` throws.
   */
  async withLease<R>(object: SubjectObject, work: (lease: Lease) => Promise<R>): Promise<{ acquired: true; value: R } | { acquired: false }> {
    const lease = await this.acquire(object);
    if (!lease) return { acquired: false };
    try {
      return { acquired: true, value: await work(lease) };
    } finally {
      await lease.release();
    }
  }

  /** Releases every lease still held (at shutdown). */
  async releaseAll(): Promise<void> {
    await Promise.allSettled([...this.held].map((lease) => lease.release()));
  }
}

class HeldLease implements Lease {
  readonly key: string;
  readonly holder: string;
  revision: number;
  private readonly kv: KV;
  private readonly acquiredAt: string;
  private readonly opts: LeaseOptions;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly forget: () => void;
  private lastRenewed = Date.now();
  private renewing: Promise<void> | undefined;

  constructor(kv: KV, key: string, revision: number, acquiredAt: string, opts: LeaseOptions, forget: () => void) {
    this.kv = kv;
    this.key = key;
    this.holder = opts.holder;
    this.revision = revision;
    this.acquiredAt = acquiredAt;
    this.opts = opts;
    this.forget = forget;
    this.timer = setInterval(() => {
      this.renewing ??= this.renew().finally(() => {
        this.renewing = undefined;
      });
    }, opts.renewEveryMs ?? Math.max(50, Math.floor(opts.ttlMs / 3)));
    this.timer.unref();
  }

  get lost(): boolean {
    return this.controller.signal.aborted;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  async release(): Promise<void> {
    if (this.lost) return;
    this.end('released');
    await this.renewing;
    try {
      await this.kv.delete(this.key, { previousSeq: this.revision });
    } catch (err) {
      // Someone took it over after it expired: nothing of ours to delete.
      if (!isWrongLastSequence(err)) this.opts.logger.warn('could not delete lease', { key: this.key, error: errorMessage(err) });
    }
  }

  private async renew(): Promise<void> {
    const now = new Date().toISOString();
    try {
      this.revision = await this.kv.update(this.key, JSON.stringify({ holder: this.holder, acquiredAt: this.acquiredAt, renewedAt: now } satisfies LeaseRecord), this.revision);
      this.lastRenewed = Date.now();
    } catch (err) {
      if (this.lost) return;
      if (isWrongLastSequence(err)) this.end('taken over or expired');
      else if (Date.now() - this.lastRenewed >= this.opts.ttlMs) this.end(`not renewed within the TTL: ${errorMessage(err)}`);
    }
  }

  private end(why: string): void {
    if (this.lost) return;
    clearInterval(this.timer);
    this.forget();
    this.controller.abort(new BusError(BUS_ERROR_CODES.lease, `lease ${this.key}`, why));
    if (why !== 'released') this.opts.logger.warn('lease lost', { key: this.key, holder: this.holder, why });
  }
}

function isWrongLastSequence(err: unknown): boolean {
  return err instanceof JetStreamApiError && (err.code === WRONG_LAST_SEQUENCE || err.code === 10164);
}
