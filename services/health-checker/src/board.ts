/**
 * The running tally of one health check: the latest status of every target and the verdict it adds up to, as
 * fluxcd/pkg's `WaitForSet` aggregates kstatus results — done when every object is Current, failed at once when one
 * is Failed (fail fast), otherwise still waiting. Pure: statuses come in through {@link HealthBoard.set}.
 */
import type { ObjectStatus } from '@sluice/bus';
import { describeTarget, type HealthTarget } from './targets.js';

/** The latest health of one target. */
export interface ObjectHealth {
  readonly target: HealthTarget;
  readonly status: ObjectStatus;
  /** One line naming the object: `Deployment/apps/podinfo: 1 of 3 replicas available`. */
  readonly summary: string;
}

/** What the statuses add up to. */
export type Verdict = 'healthy' | 'failed' | 'pending';

/** Options of {@link HealthBoard}. */
export interface BoardOptions {
  /** Stop at the first Failed object instead of waiting out the timeout, as kustomize-controller does by default. */
  readonly failFast: boolean;
}

/** Every {@link BoardOptions} with its default. */
export function defaultBoardOptions(): BoardOptions {
  return { failFast: true };
}

/** Latest statuses of a fixed set of targets, with O(1) verdicts; see the module comment. */
export class HealthBoard {
  private readonly entries = new Map<string, ObjectHealth>();
  private readonly opts: BoardOptions;
  private current = 0;
  private failedCount = 0;

  /** Every target starts Unknown ("not observed yet"). */
  constructor(targets: readonly HealthTarget[], opts: Partial<BoardOptions> = {}) {
    this.opts = { ...defaultBoardOptions(), ...opts };
    for (const target of targets) this.entries.set(target.id, { target, status: 'Unknown', summary: `${describeTarget(target)}: not observed yet` });
  }

  /** Records the latest health of a target (ignored for ids the board does not hold). */
  set(health: ObjectHealth): void {
    const previous = this.entries.get(health.target.id);
    if (!previous) return;
    this.current += count(health.status, 'Current') - count(previous.status, 'Current');
    this.failedCount += count(health.status, 'Failed') - count(previous.status, 'Failed');
    this.entries.set(health.target.id, health);
  }

  /** `healthy` when every target is Current (also when there are none), `failed` on a Failed one with fail fast. */
  verdict(): Verdict {
    if (this.opts.failFast && this.failedCount > 0) return 'failed';
    return this.current === this.entries.size ? 'healthy' : 'pending';
  }

  /** Every target's latest health, in target order. */
  all(): ObjectHealth[] {
    return [...this.entries.values()];
  }

  /** The Failed targets. */
  failed(): ObjectHealth[] {
    return this.all().filter((h) => h.status === 'Failed');
  }

  /** The targets that are not Current. */
  notCurrent(): ObjectHealth[] {
    return this.all().filter((h) => h.status !== 'Current');
  }

  /** How many targets are Current, and of how many. */
  progress(): { current: number; total: number } {
    return { current: this.current, total: this.entries.size };
  }
}

function count(status: ObjectStatus, wanted: ObjectStatus): number {
  return status === wanted ? 1 : 0;
}
