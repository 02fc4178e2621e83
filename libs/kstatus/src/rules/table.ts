import { alwaysReadyRule } from './always-ready.js';
import { daemonSetRule } from './daemonset.js';
import { deploymentRule } from './deployment.js';
import { jobRule } from './job.js';
import { podRule } from './pod.js';
import { replicaSetRule } from './replicaset.js';
import type { KindRule } from './rule.js';
import {
  customResourceDefinitionRule,
  persistentVolumeClaimRule,
  podDisruptionBudgetRule,
  serviceRule,
} from './small-kinds.js';
import { statefulSetRule } from './statefulset.js';

/**
 * kstatus's per-kind rules, keyed by `group/Kind` (just `Kind` for the core group). The version is ignored, so
 * `extensions/v1beta1` Deployments follow the same rule as `apps/v1` ones.
 */
export const kindRules: ReadonlyMap<string, KindRule> = new Map<string, KindRule>([
  ['Service', serviceRule],
  ['Pod', podRule],
  ['Secret', alwaysReadyRule],
  ['ConfigMap', alwaysReadyRule],
  ['PersistentVolumeClaim', persistentVolumeClaimRule],
  ['apps/StatefulSet', statefulSetRule],
  ['apps/DaemonSet', daemonSetRule],
  ['extensions/DaemonSet', daemonSetRule],
  ['apps/Deployment', deploymentRule],
  ['extensions/Deployment', deploymentRule],
  ['apps/ReplicaSet', replicaSetRule],
  ['extensions/ReplicaSet', replicaSetRule],
  ['policy/PodDisruptionBudget', podDisruptionBudgetRule],
  ['batch/CronJob', alwaysReadyRule],
  ['batch/Job', jobRule],
  ['apiextensions.k8s.io/CustomResourceDefinition', customResourceDefinitionRule],
]);

/** The table key for a group and kind. */
export function kindRuleKey(group: string, kind: string): string {
  return group === '' ? kind : `${group}/${kind}`;
}
