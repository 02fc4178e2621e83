/**
 * Accept-header negotiation as kubectl and client-go use it: JSON (also when protobuf is offered first), YAML,
 * Tables (`as=Table;g=meta.k8s.io;v=v1`), PartialObjectMetadata(List) and aggregated discovery
 * (`as=APIGroupDiscoveryList;g=apidiscovery.k8s.io;v=v2`).
 */
import { notAcceptable } from '../api/status.js';

/** One media range of an Accept header. */
interface MediaRange {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

/** What the response should be rendered as. */
export type Rendering =
  | { readonly as: 'json' }
  | { readonly as: 'yaml' }
  | { readonly as: 'table'; readonly version: 'v1' | 'v1beta1' }
  | { readonly as: 'partial'; readonly version: 'v1' | 'v1beta1' }
  | { readonly as: 'discovery'; readonly version: 'v2' | 'v2beta1' };

function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [{ type: '*/*', params: {} }];
  return header.split(',').map((part) => {
    const [type = '', ...rest] = part.split(';').map((s) => s.trim());
    const params: Record<string, string> = {};
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, '');
    }
    return { type: type.toLowerCase(), params };
  }).filter((r) => r.type !== '');
}

const JSON_TYPES = new Set(['application/json', '*/*', 'application/*']);

/** What a request for an object or list may be rendered as. */
export interface RenderingChoice {
  /** Tables and PartialObjectMetadata are only offered for resource reads. */
  readonly allowTransforms: boolean;
  /** Aggregated discovery is only offered for `/api` and `/apis`. */
  readonly allowDiscovery: boolean;
}

function transformOf(r: MediaRange, choice: RenderingChoice): Rendering | undefined | null {
  const as = r.params.as;
  if (as === undefined) return undefined;
  const g = r.params.g;
  const v = r.params.v;
  if (as === 'Table' && choice.allowTransforms && g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) return { as: 'table', version: v };
  if ((as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') && choice.allowTransforms && g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) {
    return { as: 'partial', version: v };
  }
  if (as === 'APIGroupDiscoveryList' && choice.allowDiscovery && g === 'apidiscovery.k8s.io' && (v === 'v2' || v === 'v2beta1')) return { as: 'discovery', version: v };
  return null;
}

/** Picks the first acceptable rendering in the client's order; 406 when none is. */
export function negotiate(accept: string | undefined, choice: RenderingChoice): Rendering {
  for (const r of parseAccept(accept)) {
    const isJson = JSON_TYPES.has(r.type);
    const isYaml = r.type === 'application/yaml';
    if (!isJson && !isYaml) continue;
    const transform = transformOf(r, choice);
    if (transform === null) continue;
    if (transform) return transform;
    return isYaml ? { as: 'yaml' } : { as: 'json' };
  }
  throw notAcceptable();
}

/** The Content-Type of a rendering. */
export function contentTypeOf(r: Rendering): string {
  switch (r.as) {
    case 'yaml': return 'application/yaml';
    case 'table': return `application/json;as=Table;v=${r.version};g=meta.k8s.io`;
    case 'partial': return `application/json;as=PartialObjectMetadata;v=${r.version};g=meta.k8s.io`;
    case 'discovery': return `application/json;g=apidiscovery.k8s.io;v=${r.version};as=APIGroupDiscoveryList`;
    default: return 'application/json';
  }
}
