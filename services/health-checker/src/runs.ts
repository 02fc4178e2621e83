/**
 * The health checks running in this replica, one per Kustomization, each stoppable with a reason: superseded by a
 * newer apply (reported as HealthCheckCanceled), lease lost or shutdown (left for another replica, nothing written).
 * Plus the rule deciding what a newer `apply` message means for a running check.
 */
/** Which apply a check works on. */
export interface CheckIdentity {
  /** PIPELINE stream sequence of the `apply` message. */
  readonly sequence: number;
  readonly revision: string;
  readonly generation: number | undefined;
}

/** Why a check was stopped before it ended by itself. */
export type StopReason =
  | { readonly kind: 'superseded'; readonly by: CheckIdentity }
  | { readonly kind: 'lease-lost' }
  | { readonly kind: 'shutdown' };

/** What an incoming apply means for the check already running for its Kustomization. */
export type Supersession =
  /** An older (redelivered) message: nothing to do. */
  | 'older'
  /** Same revision and generation (an interval re-apply): the running check answers for it too. */
  | 'same'
  /** A new revision or spec: cancel the running check and check the new apply. */
  | 'newer';

/** Compares an incoming apply with the running check; see {@link Supersession}. Pure. */
export function supersession(running: CheckIdentity, incoming: CheckIdentity): Supersession {
  if (incoming.sequence <= running.sequence) return 'older';
  return incoming.revision === running.revision && incoming.generation === running.generation ? 'same' : 'newer';
}

/** A check registered in {@link CheckRegistry}. */
export interface RunningCheck extends CheckIdentity {
  /** Aborted (with a {@link StopReason}) when the check is to stop. */
  readonly signal: AbortSignal;
  /** Resolves once the check has reported and let go of its lease. */
  readonly done: Promise<void>;
  stop(reason: StopReason): void;
}

/** The running checks by Kustomization key; see the module comment. */
export class CheckRegistry {
  private readonly running = new Map<string, RunningCheck & { finish(): void }>();

  /** Checks running now. */
  get size(): number {
    return this.running.size;
  }

  /** The check running for `key`, if any. */
  get(key: string): RunningCheck | undefined {
    return this.running.get(key);
  }

  /**
   * Registers the check of `key` (replacing none: callers hold the Kustomization's lease) and returns it with
   * `finish`, which the caller calls once it has reported and released the lease.
   */
  begin(key: string, identity: CheckIdentity): RunningCheck & { finish(): void } {
    const controller = new AbortController();
    let resolve!: () => void;
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    const check = {
      ...identity,
      signal: controller.signal,
      done,
      stop: (reason: StopReason) => controller.abort(reason),
      finish: () => {
        if (this.running.get(key) === check) this.running.delete(key);
        resolve();
      },
    };
    this.running.set(key, check);
    return check;
  }

  /** Stops every check (at shutdown) and resolves when all have finished. */
  async stopAll(reason: StopReason): Promise<void> {
    const all = [...this.running.values()];
    for (const check of all) check.stop(reason);
    await Promise.all(all.map((c) => c.done));
  }
}

/** The stop reason carried by an aborted signal, if it is one. */
export function stopReasonOf(reason: unknown): StopReason | undefined {
  const kind = (reason as { kind?: unknown } | undefined)?.kind;
  return kind === 'superseded' || kind === 'lease-lost' || kind === 'shutdown' ? (reason as StopReason) : undefined;
}
