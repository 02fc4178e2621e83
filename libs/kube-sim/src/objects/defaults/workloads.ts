/** Defaults of the apps and batch workloads (k8s.io/kubernetes/pkg/apis/{apps,batch}/v1/defaults.go). */
import type { JsonObject } from '../../json.js';
import { child, maybe, setDefault } from './helpers.js';
import { defaultPodTemplate } from './pod.js';

/** Deployment: one replica, 25%/25% rolling update, 10 old ReplicaSets kept, 600 s progress deadline. */
export function defaultDeployment(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', '25%');
    setDefault(ru, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(maybe(spec, 'template'));
}

/** ReplicaSet and ReplicationController: one replica. */
export function defaultReplicaSet(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  defaultPodTemplate(maybe(spec, 'template'));
}

/** StatefulSet: one replica, ordered pod management, rolling updates from partition 0, PVCs retained. */
export function defaultStatefulSet(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') setDefault(child(strategy, 'rollingUpdate'), 'partition', 0);
  setDefault(spec, 'revisionHistoryLimit', 10);
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefault(retention, 'whenDeleted', 'Retain');
  setDefault(retention, 'whenScaled', 'Retain');
  const claims = spec.volumeClaimTemplates;
  if (Array.isArray(claims)) {
    for (const c of claims) {
      if (typeof c !== 'object' || c === null || Array.isArray(c)) continue;
      setDefault(child(c, 'spec'), 'volumeMode', 'Filesystem');
      setDefault(child(c, 'status'), 'phase', 'Pending');
    }
  }
  defaultPodTemplate(maybe(spec, 'template'));
}

/** DaemonSet: rolling updates one node at a time, no surge, 10 old revisions kept. */
export function defaultDaemonSet(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  const strategy = child(spec, 'updateStrategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', 1);
    setDefault(ru, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(maybe(spec, 'template'));
}

/** Job: one completion at parallelism one, six retries, non-indexed, not suspended. */
export function defaultJob(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', spec.backoffLimitPerIndex === undefined ? 6 : 2147483647);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'podReplacementPolicy', spec.podFailurePolicy === undefined ? 'TerminatingOrFailed' : 'Failed');
  defaultPodTemplate(maybe(spec, 'template'));
}

/**
 * Job create: the selector and template labels the server generates from the Job's uid (unless
 * `manualSelector`), as batch's strategy PrepareForCreate does.
 */
export function generateJobSelector(obj: JsonObject, uid: string, name: string): void {
  const spec = child(obj, 'spec');
  if (spec.manualSelector === true) return;
  const labels = child(child(child(spec, 'template'), 'metadata'), 'labels');
  labels['batch.kubernetes.io/controller-uid'] = uid;
  labels['batch.kubernetes.io/job-name'] = name;
  labels['controller-uid'] = uid;
  labels['job-name'] = name;
  if (spec.selector === undefined) spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
}

/** CronJob: concurrent runs allowed, not suspended, 3 successful and 1 failed Jobs kept. */
export function defaultCronJob(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  defaultPodTemplate(maybe(maybe(maybe(spec, 'jobTemplate'), 'spec'), 'template'));
}
