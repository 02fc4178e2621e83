/**
 * What the health-checker keeps in the `state` bucket per Kustomization, so every replica sees it: the last apply
 * message checked (older redeliveries are dropped), and which apply the check running now — on any replica — is
 * for (so a replica that cannot take the lease knows whether to ask for a cancellation).
 */
import { leaseKey, type Bus, type SubjectObject } from '@sluice/bus';
import type { CheckIdentity } from './runs.js';

type KV = Awaited<ReturnType<Bus['kv']>>;

const CHECKED = 'health-checked';
const RUNNING = 'health-running';

/** Reads and writes the health-checker's per-Kustomization state; see the module comment. */
export class CheckState {
  private readonly kv: KV;

  constructor(kv: KV) {
    this.kv = kv;
  }

  /** Opens the `state` bucket of `bus`. */
  static async open(bus: Bus): Promise<CheckState> {
    return new CheckState(await bus.kv('state'));
  }

  /** Stream sequence of the last `apply` message checked for `object`, 0 when none. */
  async lastChecked(object: SubjectObject): Promise<number> {
    const entry = await this.kv.get(leaseKey(object, CHECKED));
    return entry?.operation === 'PUT' ? Number(entry.string()) || 0 : 0;
  }

  /** Records that the `apply` message at `sequence` was checked. */
  async markChecked(object: SubjectObject, sequence: number): Promise<void> {
    await this.kv.put(leaseKey(object, CHECKED), String(sequence));
  }

  /** The apply the running check of `object` is for, if one runs (as far as the bucket knows). */
  async running(object: SubjectObject): Promise<CheckIdentity | undefined> {
    const entry = await this.kv.get(leaseKey(object, RUNNING));
    if (entry?.operation !== 'PUT') return undefined;
    try {
      const value = entry.json<{ sequence?: unknown; revision?: unknown; generation?: unknown }>();
      if (typeof value.sequence !== 'number' || typeof value.revision !== 'string') return undefined;
      return { sequence: value.sequence, revision: value.revision, generation: typeof value.generation === 'number' ? value.generation : undefined };
    } catch {
      return undefined;
    }
  }

  /** Records the apply the check starting now is for. */
  async setRunning(object: SubjectObject, identity: CheckIdentity): Promise<void> {
    await this.kv.put(leaseKey(object, RUNNING), JSON.stringify({ sequence: identity.sequence, revision: identity.revision, generation: identity.generation }));
  }

  /** Forgets the running check (when it ended). */
  async clearRunning(object: SubjectObject): Promise<void> {
    await this.kv.delete(leaseKey(object, RUNNING));
  }
}
