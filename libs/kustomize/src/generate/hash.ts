/**
 * The content hash kustomize appends to generated names (`app-config-6ct58987ht`): the SHA-256 of a JSON encoding
 * of the object's name, kind and data, cut to ten characters with vowel-like digits swapped for letters.
 */
import { createHash } from 'node:crypto';
import type { Resource } from '../resource/resource.js';
import { goJsonMarshal } from '../yaml/gofmt.js';
import { isMap } from '../yaml/value.js';
import type { YValue } from '../yaml/value.js';

const SWAP: Readonly<Record<string, string>> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };

/** The ten-character suffix for a resource's current content. */
export function nameHash(r: Resource): string {
  const hex = createHash('sha256').update(encode(r), 'utf8').digest('hex');
  return [...hex.slice(0, 10)].map((c) => SWAP[c] ?? c).join('');
}

function encode(r: Resource): string {
  // kustomize looks the name up as one field literally called "metadata/name", so it always hashes "".
  const name = '';
  if (r.kind === 'ConfigMap') {
    const m: Record<string, unknown> = { kind: 'ConfigMap', name, data: fieldValue(r.obj.data) };
    if (isMap(r.obj.binaryData)) m.binaryData = fieldValue(r.obj.binaryData);
    return goJsonMarshal(m);
  }
  if (r.kind === 'Secret') {
    const m: Record<string, unknown> = { kind: 'Secret', type: fieldValue(r.obj.type), name, data: fieldValue(r.obj.data) };
    if (isMap(r.obj.stringData)) m.stringData = fieldValue(r.obj.stringData);
    return goJsonMarshal(m);
  }
  return goJsonMarshal(r.obj);
}

/** What kustomize's getNodeValues yields: "" when missing, the text of a scalar, the map itself otherwise. */
function fieldValue(v: YValue | undefined): unknown {
  if (v === undefined) return '';
  if (v === null) return 'null';
  if (Array.isArray(v)) return null;
  if (typeof v === 'object') return v;
  return String(v);
}
