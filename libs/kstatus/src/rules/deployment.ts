import { readConditions } from '../conditions.js';
import { intField } from '../fields.js';
import { current, failed, inProgress, shortfall } from '../results.js';
import type { KubeObject, StatusResult } from '../types.js';
import type { RuleContext } from './rule.js';

// The controller treats an unset progressDeadlineSeconds as MaxInt32 and then never sets Progressing.
const noProgressDeadline = 2147483647;

interface DeploymentConditions {
  readonly progressing: boolean;
  readonly available: boolean;
  readonly deadlineExceeded?: StatusResult;
}

function readDeploymentConditions(object: KubeObject, subject: string): DeploymentConditions {
  let progressing = intField(object, 'spec.progressDeadlineSeconds', noProgressDeadline) === noProgressDeadline;
  let available = false;
  for (const c of readConditions(object, subject)) {
    if (c.type === 'Progressing') {
      if (c.reason === 'ProgressDeadlineExceeded') {
        return { progressing, available, deadlineExceeded: failed(c.reason, 'Progress deadline exceeded', c.message) };
      }
      if (c.status === 'True' && c.reason === 'NewReplicaSetAvailable') progressing = true;
    } else if (c.type === 'Available' && c.status === 'True') {
      available = true;
    }
  }
  return { progressing, available };
}

function replicaShortfall(object: KubeObject): StatusResult | undefined {
  const spec = intField(object, 'spec.replicas', 1);
  const replicas = intField(object, 'status.replicas', 0);
  const updated = intField(object, 'status.updatedReplicas', 0);
  const ready = intField(object, 'status.readyReplicas', 0);
  const available = intField(object, 'status.availableReplicas', 0);
  if (spec > replicas) {
    return shortfall('LessReplicas', 'Replicas', { current: replicas, desired: spec, noun: 'replicas created' });
  }
  if (spec > updated) {
    return shortfall('LessUpdated', 'Updated', { current: updated, desired: spec, noun: 'replicas updated' });
  }
  if (replicas > spec) return inProgress('ExtraPods', `Pending termination: ${replicas - spec}`);
  if (updated > available) {
    const count = { current: available, desired: updated, noun: 'replicas available' };
    return shortfall('LessAvailable', 'Available', count);
  }
  if (spec > ready) return shortfall('LessReady', 'Ready', { current: ready, desired: spec, noun: 'replicas ready' });
  return undefined;
}

/**
 * Deployment: Failed once the progress deadline is exceeded; InProgress while replicas are missing, not updated,
 * pending termination, unavailable or unready, or while the new ReplicaSet or the Deployment is not Available.
 */
export function deploymentRule(object: KubeObject, { subject }: RuleContext): StatusResult {
  const conditions = readDeploymentConditions(object, subject);
  if (conditions.deadlineExceeded !== undefined) return conditions.deadlineExceeded;
  const missing = replicaShortfall(object);
  if (missing !== undefined) return missing;
  if (!conditions.progressing) return inProgress('ReplicaSetNotAvailable', 'ReplicaSet not Available');
  if (!conditions.available) return inProgress('DeploymentNotAvailable', 'Deployment not Available');
  return current(`Deployment is available. Replicas: ${intField(object, 'status.replicas', 0)}`);
}
