// Kinds whose rule is a single test.
import { readConditions } from '../conditions.js';
import { stringField } from '../fields.js';
import { current, failed, inProgress } from '../results.js';
import type { KubeObject, StatusResult } from '../types.js';
import type { RuleContext } from './rule.js';

/** Service: a LoadBalancer without a cluster IP is InProgress; every other Service is Current. */
export function serviceRule(object: KubeObject): StatusResult {
  const type = stringField(object, 'spec.type', 'ClusterIP');
  if (type === 'LoadBalancer' && stringField(object, 'spec.clusterIP', '') === '') {
    return inProgress('NoIPAssigned', 'ClusterIP not set. Service type: LoadBalancer');
  }
  return current('Service is ready');
}

/** PersistentVolumeClaim: Current once Bound. */
export function persistentVolumeClaimRule(object: KubeObject): StatusResult {
  const phase = stringField(object, 'status.phase', 'unknown');
  if (phase !== 'Bound') return inProgress('NotBound', `PVC is not Bound. phase: ${phase}`);
  return current('PVC is Bound');
}

/**
 * PodDisruptionBudget: Current once the disruption controller observed the latest generation, which the generic
 * generation check already established when this rule runs.
 */
export function podDisruptionBudgetRule(): StatusResult {
  return current('AllowedDisruptions has been computed.');
}

/**
 * CustomResourceDefinition: Failed when its names are not accepted or it failed to become established, Current
 * once `Established=True`, InProgress while installing.
 */
export function customResourceDefinitionRule(object: KubeObject, { subject }: RuleContext): StatusResult {
  for (const c of readConditions(object, subject)) {
    if (c.type === 'NamesAccepted' && c.status === 'False') return failed(c.reason, c.message);
    if (c.type !== 'Established') continue;
    if (c.status === 'False' && c.reason !== 'Installing') return failed(c.reason, c.message);
    if (c.status === 'True') return current('CRD is established');
  }
  return inProgress('Installing', 'Install in progress');
}
