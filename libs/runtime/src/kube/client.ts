/**
 * Object operations on any kind, by apiVersion and kind: the verbs Sluice's services use, with errors that name
 * the object. Built on {@link KubeTransport} (credentials) and {@link RestMapper} (discovery).
 */
import { isKubeStatus } from './errors.js';
import { RestMapper } from './mapper.js';
import { KubeTransport, loadKubeConfig, type KubeConnectOptions } from './transport.js';
import { describeRef, type KubeObject, type ObjectRef } from './types.js';

/** A list answer: the items and the resourceVersion to watch from. */
export interface ObjectList<T extends KubeObject = KubeObject> {
  readonly items: T[];
  readonly resourceVersion: string;
}

/** Options of {@link KubeClient.apply}. */
export interface ApplyOptions {
  /** Field manager recorded in managedFields (Flux uses `kustomize-controller`). */
  readonly fieldManager: string;
  /** Take over fields other managers own instead of failing with a conflict. */
  readonly force?: boolean;
  /** Validate and compute the result without storing it (`dryRun=All`). */
  readonly dryRun?: boolean;
  /** Apply to a subresource, e.g. `status`. */
  readonly subresource?: string;
}

/** Options of {@link KubeClient.delete}. */
export interface DeleteOptions {
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  readonly dryRun?: boolean;
  /** Only delete the object with this uid (guards against deleting a re-created namesake). */
  readonly uid?: string;
}

/** Selects objects of a list or watch. */
export interface ListOptions {
  readonly namespace?: string | undefined;
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
}

/** Kubernetes API client for arbitrary kinds; create one per process with {@link createKubeClient}. */
export class KubeClient {
  readonly transport: KubeTransport;
  readonly mapper: RestMapper;

  constructor(transport: KubeTransport) {
    this.transport = transport;
    this.mapper = new RestMapper(transport);
  }

  /** The REST path of a collection (no name) or an object, optionally a subresource. */
  async path(ref: { apiVersion: string; kind: string; name?: string | undefined; namespace?: string | undefined }, subresource?: string): Promise<string> {
    const m = await this.mapper.mapping(ref.apiVersion, ref.kind);
    const base = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
    const ns = m.namespaced && ref.namespace ? `/namespaces/${encodeURIComponent(ref.namespace)}` : '';
    const name = ref.name ? `/${encodeURIComponent(ref.name)}` : '';
    return `${base}${ns}/${m.resource}${name}${subresource && ref.name ? `/${subresource}` : ''}`;
  }

  /** Reads an object; undefined when it does not exist. */
  async get<T extends KubeObject = KubeObject>(ref: ObjectRef): Promise<T | undefined> {
    try {
      return await this.transport.request<T>({ method: 'GET', path: await this.path(ref), subject: `${describeRef(ref)} get failed` });
    } catch (err) {
      if (isKubeStatus(err, 404)) return undefined;
      throw err;
    }
  }

  /** Lists objects of a kind (all pages). */
  async list<T extends KubeObject = KubeObject>(apiVersion: string, kind: string, opts: ListOptions = {}): Promise<ObjectList<T>> {
    const path = await this.path({ apiVersion, kind, namespace: opts.namespace });
    const items: T[] = [];
    let token: string | undefined;
    let resourceVersion = '';
    do {
      const page = await this.transport.request<{ items?: T[]; metadata?: { continue?: string; resourceVersion?: string } }>({
        method: 'GET',
        path,
        query: { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector, limit: 500, continue: token },
        subject: `${kind} list failed`,
      });
      for (const item of page.items ?? []) items.push({ ...item, apiVersion, kind });
      token = page.metadata?.continue || undefined;
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    } while (token);
    return { items, resourceVersion };
  }

  /** Server-side apply of a (partial) object; returns the object as stored (or as it would be, on dry run). */
  async apply<T extends KubeObject = KubeObject>(obj: KubeObject, opts: ApplyOptions): Promise<T> {
    const ref = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace };
    return this.transport.request<T>({
      method: 'PATCH',
      path: await this.path(ref, opts.subresource),
      query: { fieldManager: opts.fieldManager, force: opts.force ? true : undefined, dryRun: opts.dryRun ? 'All' : undefined },
      body: obj,
      contentType: 'application/apply-patch+yaml',
      subject: `${describeRef(ref)} apply failed`,
    });
  }

  /** Creates an object. */
  async create<T extends KubeObject = KubeObject>(obj: KubeObject, opts: { fieldManager?: string } = {}): Promise<T> {
    const ref = { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace };
    return this.transport.request<T>({
      method: 'POST',
      path: await this.path(ref),
      query: { fieldManager: opts.fieldManager },
      body: obj,
      subject: `${describeRef({ ...ref, name: obj.metadata.name ?? obj.metadata.generateName })} create failed`,
    });
  }

  /** Replaces an object (or its status with `subresource: 'status'`); fails with 409 when resourceVersion is stale. */
  async replace<T extends KubeObject = KubeObject>(obj: KubeObject, opts: { subresource?: string; fieldManager?: string } = {}): Promise<T> {
    const ref = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace };
    return this.transport.request<T>({
      method: 'PUT',
      path: await this.path(ref, opts.subresource),
      query: { fieldManager: opts.fieldManager },
      body: obj,
      subject: `${describeRef(ref)} ${opts.subresource ? `${opts.subresource} ` : ''}update failed`,
    });
  }

  /** JSON merge patch of an object or subresource. */
  async mergePatch<T extends KubeObject = KubeObject>(ref: ObjectRef, patch: unknown, opts: { subresource?: string; fieldManager?: string } = {}): Promise<T> {
    return this.transport.request<T>({
      method: 'PATCH',
      path: await this.path(ref, opts.subresource),
      query: { fieldManager: opts.fieldManager },
      body: patch,
      contentType: 'application/merge-patch+json',
      subject: `${describeRef(ref)} patch failed`,
    });
  }

  /** Deletes an object; returns false when it was already gone. */
  async delete(ref: ObjectRef, opts: DeleteOptions = {}): Promise<boolean> {
    try {
      await this.transport.request({
        method: 'DELETE',
        path: await this.path(ref),
        query: { dryRun: opts.dryRun ? 'All' : undefined },
        body: {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          ...(opts.propagationPolicy ? { propagationPolicy: opts.propagationPolicy } : {}),
          ...(opts.uid ? { preconditions: { uid: opts.uid } } : {}),
        },
        subject: `${describeRef(ref)} delete failed`,
      });
      return true;
    } catch (err) {
      if (isKubeStatus(err, 404)) return false;
      throw err;
    }
  }

  /** Closes idle connections; call on shutdown. */
  close(): void {
    this.transport.close();
  }
}

/** Connects to the cluster of a kubeconfig (or in-cluster) and returns a shared client. */
export function createKubeClient(opts: KubeConnectOptions = {}): KubeClient {
  return new KubeClient(new KubeTransport(loadKubeConfig(opts), opts));
}
