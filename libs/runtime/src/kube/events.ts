import { randomBytes } from 'node:crypto';
import type { KubeClient } from './client.js';
import type { KubeObject } from './types.js';

/** `Normal` or `Warning`, as Kubernetes Events spell them. */
export type EventType = 'Normal' | 'Warning';

/** One event about an object; `annotations` carry Flux's metadata (e.g. `kustomize.toolkit.fluxcd.io/revision`). */
export interface RecordedEvent {
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

interface Seen {
  name: string;
  namespace: string;
  count: number;
  at: number;
}

/**
 * Writes core/v1 Events on objects, as Flux's controllers do (`kubectl describe` and `kubectl events` show them).
 * Repeats of the same event on the same object within `windowMs` bump the existing Event's count instead of adding
 * one, like client-go's event correlator. Failures to write an Event are reported to `onError` and never thrown:
 * events are best effort.
 */
export class EventRecorder {
  private readonly seen = new Map<string, Seen>();
  private readonly client: KubeClient;
  private readonly component: string;
  private readonly instance: string;
  private readonly onError: (err: unknown) => void;
  private readonly windowMs: number;

  constructor(client: KubeClient, opts: { component: string; instance: string; onError?: (err: unknown) => void; windowMs?: number }) {
    this.client = client;
    this.component = opts.component;
    this.instance = opts.instance;
    this.onError = opts.onError ?? (() => undefined);
    this.windowMs = opts.windowMs ?? 10 * 60_000;
  }

  /** Records `event` on `obj`. */
  async record(obj: KubeObject, event: RecordedEvent): Promise<void> {
    const namespace = obj.metadata.namespace ?? 'default';
    const key = `${obj.metadata.uid ?? `${namespace}/${obj.metadata.name}`}|${event.type}|${event.reason}|${event.message}`;
    const now = new Date();
    const prior = this.seen.get(key);
    try {
      if (prior && now.getTime() - prior.at < this.windowMs) {
        prior.count += 1;
        prior.at = now.getTime();
        await this.client.mergePatch(
          { apiVersion: 'v1', kind: 'Event', name: prior.name, namespace: prior.namespace },
          { count: prior.count, lastTimestamp: now.toISOString().replace(/\.\d+Z$/, 'Z') },
        );
        return;
      }
      const name = `${obj.metadata.name ?? 'object'}.${randomBytes(8).toString('hex')}`;
      await this.client.create(this.build(obj, event, name, namespace, now));
      this.remember(key, { name, namespace, count: 1, at: now.getTime() });
    } catch (err) {
      this.seen.delete(key);
      this.onError(err);
    }
  }

  private build(obj: KubeObject, event: RecordedEvent, name: string, namespace: string, now: Date): KubeObject {
    const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z');
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace, ...(event.annotations ? { annotations: { ...event.annotations } } : {}) },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
      },
      reason: event.reason,
      message: event.message,
      type: event.type,
      source: { component: this.component },
      reportingComponent: this.component,
      reportingInstance: this.instance,
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      count: 1,
    };
  }

  private remember(key: string, seen: Seen): void {
    if (this.seen.size > 4096) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.set(key, seen);
  }
}
