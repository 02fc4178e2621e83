/**
 * Validation by kind: call on every object about to be written, after defaulting, with the stored object on
 * update. Returns field errors; the caller answers 422 Invalid when there are any.
 */
import type { FieldError } from '../../api/status.js';
import type { JsonObject } from '../../json.js';
import type { ResourceDef } from '../../registry/resource.js';
import {
  bindingErrors, configMapErrors, namespaceErrors, persistentVolumeClaimErrors, secretErrors, serviceErrors,
} from './core.js';
import { crdErrors } from './crd.js';
import { customResourceErrors } from './custom.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './metadata.js';
import { cronJobErrors, jobErrors, podErrors, statefulSetUpdateErrors, workloadErrors } from './workloads.js';

type KindValidator = (obj: JsonObject, old: JsonObject | undefined) => FieldError[];

const VALIDATORS: Readonly<Record<string, KindValidator>> = {
  'apps/Deployment': (o, old) => workloadErrors('deployment', o, old),
  'apps/ReplicaSet': (o, old) => workloadErrors('replicaset', o, old),
  'apps/DaemonSet': (o, old) => workloadErrors('daemonset', o, old),
  'apps/StatefulSet': (o, old) => [...workloadErrors('statefulset', o, old), ...(old ? statefulSetUpdateErrors(o, old) : [])],
  'batch/Job': jobErrors,
  'batch/CronJob': (o) => cronJobErrors(o),
  '/Pod': podErrors,
  '/Service': serviceErrors,
  '/ConfigMap': configMapErrors,
  '/Secret': secretErrors,
  '/Namespace': (o) => namespaceErrors(o),
  '/PersistentVolumeClaim': persistentVolumeClaimErrors,
  'rbac.authorization.k8s.io/RoleBinding': (o, old) => bindingErrors('RoleBinding', o, old),
  'rbac.authorization.k8s.io/ClusterRoleBinding': (o, old) => bindingErrors('ClusterRoleBinding', o, old),
  'apiextensions.k8s.io/CustomResourceDefinition': crdErrors,
};

/** Metadata, kind and (for custom resources) schema errors of `obj`. */
export function validateObject(def: ResourceDef, obj: JsonObject, old: JsonObject | undefined): FieldError[] {
  const errs = validateObjectMeta(def, obj);
  if (old) errs.push(...validateObjectMetaUpdate(obj, old));
  if (def.custom) errs.push(...customResourceErrors(obj, def.schema));
  else errs.push(...(VALIDATORS[`${def.group}/${def.kind}`]?.(obj, old) ?? []));
  return errs;
}

/** Validation of a status-subresource write: only the metadata rules apply (the spec did not change). */
export function validateStatusUpdate(def: ResourceDef, obj: JsonObject, old: JsonObject): FieldError[] {
  const errs = [...validateObjectMeta(def, obj), ...validateObjectMetaUpdate(obj, old)];
  if (def.custom) errs.push(...customResourceErrors(obj, def.schema));
  return errs;
}

export { typeMismatchErrors } from './custom.js';
export { nameErrors } from './metadata.js';
