import { SluiceError } from '@sluice/errors';
import { isKubeStatus } from './errors.js';
import type { KubeTransport } from './transport.js';

/** How a kind is served: its plural resource name and scope. */
export interface ResourceMapping {
  readonly resource: string;
  readonly namespaced: boolean;
}

/** The API server serves no such kind (CRD missing or not yet established). */
export class NoMatchError extends SluiceError {
  constructor(apiVersion: string, kind: string) {
    super('SLUICE_KUBE_NO_MATCH', `no matches for kind "${kind}" in version "${apiVersion}"`);
  }
}

interface ApiResourceList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

/**
 * Maps apiVersion + kind to REST resources through discovery, one request per group-version, cached. A miss
 * re-reads the group-version once (a CRD may have been established since), so callers never hold stale negatives.
 */
export class RestMapper {
  private readonly cache = new Map<string, Promise<Map<string, ResourceMapping>>>();
  private readonly transport: KubeTransport;

  constructor(transport: KubeTransport) {
    this.transport = transport;
  }

  private fetch(apiVersion: string): Promise<Map<string, ResourceMapping>> {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const load = this.transport
      .request<ApiResourceList>({ method: 'GET', path, subject: `discovery of ${apiVersion}` })
      .then((list) => {
        const byKind = new Map<string, ResourceMapping>();
        for (const r of list.resources ?? []) if (!r.name.includes('/')) byKind.set(r.kind, { resource: r.name, namespaced: r.namespaced });
        return byKind;
      })
      .catch((err: unknown) => {
        if (isKubeStatus(err, 404)) return new Map<string, ResourceMapping>();
        this.cache.delete(apiVersion);
        throw err;
      });
    this.cache.set(apiVersion, load);
    return load;
  }

  /** The mapping of a kind; throws {@link NoMatchError} when the server does not serve it. */
  async mapping(apiVersion: string, kind: string): Promise<ResourceMapping> {
    const cached = this.cache.get(apiVersion);
    const hit = cached ? (await cached).get(kind) : undefined;
    if (hit) return hit;
    const fresh = (await this.fetch(apiVersion)).get(kind);
    if (!fresh) throw new NoMatchError(apiVersion, kind);
    return fresh;
  }

  /** Forgets what discovery said, for one group-version or all. */
  invalidate(apiVersion?: string): void {
    if (apiVersion === undefined) this.cache.clear();
    else this.cache.delete(apiVersion);
  }
}
