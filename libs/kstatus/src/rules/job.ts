import { readConditions } from '../conditions.js';
import { boolField, intField, stringField } from '../fields.js';
import { current, failed, inProgress } from '../results.js';
import type { KubeObject, StatusResult } from '../types.js';
import type { RuleContext } from './rule.js';

interface JobCounts {
  readonly completions: number;
  readonly succeeded: number;
  readonly active: number;
  readonly failed: number;
}

function jobCounts(object: KubeObject): JobCounts {
  const parallelism = intField(object, 'spec.parallelism', 1);
  return {
    completions: intField(object, 'spec.completions', parallelism),
    succeeded: intField(object, 'status.succeeded', 0),
    active: intField(object, 'status.active', 0),
    failed: intField(object, 'status.failed', 0),
  };
}

function decidingCondition(object: KubeObject, counts: JobCounts, subject: string): StatusResult | undefined {
  const suspendWanted = boolField(object, 'spec.suspend', false);
  for (const c of readConditions(object, subject)) {
    if (c.status !== 'True') continue;
    if (c.type === 'Complete') return current(`Job Completed. succeeded: ${counts.succeeded}/${counts.completions}`);
    if (c.type === 'Failed') return failed('JobFailed', `Job Failed. failed: ${counts.failed}/${counts.completions}`);
    // Suspended counts only while the spec still asks for it; otherwise the Job is being resumed.
    if (c.type === 'Suspended' && suspendWanted) return current('Job is suspended');
  }
  return undefined;
}

/**
 * Job: Current once started (running jobs count as Current), completed, or suspended as its spec asks; Failed on
 * `Failed=True`; InProgress until it has a start time.
 */
export function jobRule(object: KubeObject, { subject }: RuleContext): StatusResult {
  const counts = jobCounts(object);
  const decided = decidingCondition(object, counts, subject);
  if (decided !== undefined) return decided;
  if (stringField(object, 'status.startTime', '') === '') return inProgress('JobNotStarted', 'Job not started');
  return current(`Job in progress. success:${counts.succeeded}, active: ${counts.active}, failed: ${counts.failed}`);
}
