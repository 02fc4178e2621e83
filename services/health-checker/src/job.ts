/**
 * One health check job: what an `apply` message asks for, read once. Pure.
 */
import { createHash } from 'node:crypto';
import type { ApplyPayload, Delivery, Envelope, InventoryEntry, InvolvedObject } from '@sluice/bus';
import type { CheckIdentity } from './runs.js';

/** What the health-checker works on for one `apply` message. */
export interface HealthJob extends CheckIdentity {
  /** The Kustomization. */
  readonly object: InvolvedObject;
  /** `Kustomization/<namespace>/<name>`. */
  readonly subject: string;
  readonly inventory: readonly InventoryEntry[];
  /** Whether the applier asked for a health check at all. */
  readonly healthCheck: boolean;
  /** Digest of the applied state for `status.history`: the build's, else one derived from revision and inventory. */
  readonly digest: string;
}

/** A digest standing for the applied state when the applier did not send the build's. */
function derivedDigest(payload: ApplyPayload): string {
  const hash = createHash('sha256').update(payload.revision).update('\n');
  for (const entry of payload.inventory) hash.update(`${entry.id}/${entry.v}\n`);
  return `sha256:${hash.digest('hex')}`;
}

/** Reads the job of an `apply` message. */
export function jobOf(env: Envelope<'apply'>, delivery: Pick<Delivery, 'streamSequence'>): HealthJob {
  const { involvedObject: object, payload } = env;
  return {
    object,
    subject: `${object.kind}/${object.namespace}/${object.name}`,
    sequence: delivery.streamSequence,
    revision: payload.revision,
    generation: payload.generation,
    inventory: payload.inventory,
    healthCheck: payload.healthCheck,
    digest: payload.digest ?? derivedDigest(payload),
  };
}
