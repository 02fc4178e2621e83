/**
 * Remembers server-side applies that changed nothing, so the same apply (same manager, options and configuration)
 * onto the same, still unchanged object is answered without merging again: the GitOps steady state, where every
 * reconciliation re-applies identical manifests. Exact, because apply is deterministic in its inputs.
 */
import type { ApiCore } from '../api/context.js';
import type { JsonObject } from '../json.js';

interface NoopApply {
  readonly identity: string;
  readonly resourceVersion: string;
  readonly warnings: readonly string[];
}

const memos = new WeakMap<ApiCore, Map<string, NoopApply>>();

function memoOf(core: ApiCore): Map<string, NoopApply> {
  let m = memos.get(core);
  if (!m) memos.set(core, (m = new Map()));
  return m;
}

/** What makes two applies to one object the same request. */
export interface ApplyIdentity {
  readonly objectKey: string;
  readonly manager: string;
  readonly force: boolean;
  readonly fieldValidation: string;
  readonly apiVersion: string;
  /** The registry generation: a changed CRD schema may merge, default or validate the same body differently. */
  readonly schemaGeneration: number;
  readonly body: string;
}

function identityOf(a: ApplyIdentity): string {
  return `${a.manager}\u0000${String(a.force)}\u0000${a.fieldValidation}\u0000${a.apiVersion}\u0000${a.schemaGeneration}\u0000${a.body}`;
}

/** The warnings of a remembered no-op when this apply repeats it onto the unchanged `stored` object. */
export function repeatedNoop(core: ApiCore, a: ApplyIdentity, stored: JsonObject | undefined): readonly string[] | undefined {
  const hit = memoOf(core).get(a.objectKey);
  if (!hit || !stored || hit.identity !== identityOf(a)) return undefined;
  return (stored.metadata as JsonObject).resourceVersion === hit.resourceVersion ? hit.warnings : undefined;
}

/** Records an apply that left `stored` unchanged; forgets earlier ones of the object otherwise. */
export function recordApply(core: ApiCore, a: ApplyIdentity, stored: JsonObject | undefined, changed: boolean, warnings: readonly string[]): void {
  const memo = memoOf(core);
  if (changed || !stored) memo.delete(a.objectKey);
  else memo.set(a.objectKey, { identity: identityOf(a), resourceVersion: String((stored.metadata as JsonObject).resourceVersion), warnings });
}
