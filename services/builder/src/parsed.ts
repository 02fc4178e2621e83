/** Parsing Kustomizations once per object version: the fan-out, the stale check and each build look at the same one. */
import { parseKustomization, type Kustomization } from '@sluice/api';
import type { KubeObject } from '@sluice/runtime';

const parsed = new WeakMap<KubeObject, Kustomization | null>();

/** The Kustomization in `obj` (memoized per object), or undefined when it does not parse as one. */
export function asKustomization(obj: KubeObject): Kustomization | undefined {
  let k = parsed.get(obj);
  if (k === undefined) {
    const result = parseKustomization(obj, { unknownFields: 'drop' });
    k = result.ok ? result.value : null;
    parsed.set(obj, k);
  }
  return k ?? undefined;
}
