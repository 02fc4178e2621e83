/**
 * Defaulting by kind: call on every object about to be written (create, update, patch, apply), after decoding and
 * before validation, like the real server's defaulting during decode.
 */
import type { JsonObject } from '../../json.js';
import type { ResourceDef } from '../../registry/resource.js';
import {
  defaultBinding, defaultCustomResourceDefinition, defaultHorizontalPodAutoscaler, defaultNamespace, defaultNetworkPolicy,
  defaultPersistentVolume, defaultPersistentVolumeClaim, defaultSecret, defaultService,
} from './core.js';
import { defaultPod, defaultPodTemplate } from './pod.js';
import { applySchemaDefaults } from './schema.js';
import { child } from './helpers.js';
import { defaultCronJob, defaultDaemonSet, defaultDeployment, defaultJob, defaultReplicaSet, defaultStatefulSet } from './workloads.js';

type Defaulter = (obj: JsonObject, old: JsonObject | undefined) => void;

const DEFAULTERS: Readonly<Record<string, Defaulter>> = {
  'apps/Deployment': defaultDeployment,
  'apps/ReplicaSet': defaultReplicaSet,
  '/ReplicationController': defaultReplicaSet,
  'apps/StatefulSet': defaultStatefulSet,
  'apps/DaemonSet': defaultDaemonSet,
  'batch/Job': defaultJob,
  'batch/CronJob': defaultCronJob,
  '/Pod': defaultPod,
  '/PodTemplate': (o) => defaultPodTemplate(child(o, 'template')),
  '/Service': defaultService,
  '/Secret': defaultSecret,
  '/Namespace': defaultNamespace,
  '/PersistentVolumeClaim': defaultPersistentVolumeClaim,
  '/PersistentVolume': defaultPersistentVolume,
  'rbac.authorization.k8s.io/RoleBinding': defaultBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': defaultBinding,
  'networking.k8s.io/NetworkPolicy': defaultNetworkPolicy,
  'autoscaling/HorizontalPodAutoscaler': defaultHorizontalPodAutoscaler,
  'apiextensions.k8s.io/CustomResourceDefinition': defaultCustomResourceDefinition,
};

/** Applies the real server's defaults for `def`'s kind to `obj` in place; `old` is the stored object on update. */
export function applyDefaults(def: ResourceDef, obj: JsonObject, old: JsonObject | undefined): void {
  if (def.custom) {
    applySchemaDefaults(obj, def.schema);
    return;
  }
  DEFAULTERS[`${def.group}/${def.kind}`]?.(obj, old);
}

export { defaultPullPolicy, qosClass } from './pod.js';
export { generateJobSelector } from './workloads.js';
