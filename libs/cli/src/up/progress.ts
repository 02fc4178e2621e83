/**
 * What `sluice up` prints while it runs: one line per Flux object whenever its Ready condition changes, and a
 * banner the first time everything is Ready. The formatting is pure; the polling lives in the command.
 */

/** One object's readiness as shown. */
export interface ObjectState {
  /** `Kustomization/flux-system/apps`. */
  readonly id: string;
  /** `True`, `False` or `Unknown`. */
  readonly ready: string;
  readonly reason: string;
  readonly message: string;
}

interface Conditioned {
  kind: string;
  metadata: { name?: string; namespace?: string };
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

/** The readiness of an object from its Ready condition (`Unknown` until it has one). */
export function stateOf(obj: Conditioned): ObjectState {
  const ready = obj.status?.conditions?.find((c) => c.type === 'Ready');
  return {
    id: `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`,
    ready: ready?.status ?? 'Unknown',
    reason: ready?.reason ?? 'Progressing',
    message: ready?.message ?? 'waiting for the first reconciliation',
  };
}

/** Lines for the objects whose state differs from `previous` (keyed by id), as `HH:MM:SS id Ready=... reason: message`. */
export function changedLines(previous: ReadonlyMap<string, ObjectState>, current: readonly ObjectState[], now: Date): string[] {
  const time = now.toTimeString().slice(0, 8);
  return current
    .filter((s) => {
      const p = previous.get(s.id);
      return !p || p.ready !== s.ready || p.reason !== s.reason || p.message !== s.message;
    })
    .map((s) => `${time}  ${s.id.padEnd(40)} Ready=${s.ready.padEnd(7)} ${s.reason}: ${s.message.split('\n')[0]}`);
}

/** True when there is at least `minimum` objects and all are Ready. */
export function allReady(states: readonly ObjectState[], minimum: number): boolean {
  return states.length >= minimum && states.every((s) => s.ready === 'True');
}
