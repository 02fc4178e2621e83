/** Validation of pod templates and the workloads that carry them (apps, batch), including immutable fields. */
import { FieldErrorType, OMIT_VALUE, fieldError, type FieldError } from '../../api/status.js';
import { labelSelectorFromObject, matchesLabels } from '../../api/selectors.js';
import { deepEqual, isJsonObject, objectAt, type JsonObject } from '../../json.js';
import { goLabelSelector, goStringMap, goStruct, goValue } from './go-format.js';

function containerErrors(spec: JsonObject, path: string, key: string, required: boolean): FieldError[] {
  const list = spec[key];
  if (!Array.isArray(list) || list.length === 0) return required ? [fieldError(FieldErrorType.Required, `${path}.${key}`, OMIT_VALUE)] : [];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const p = `${path}.${key}[${i}]`;
    if (!isJsonObject(c)) return;
    if (typeof c.name !== 'string' || c.name === '') errs.push(fieldError(FieldErrorType.Required, `${p}.name`, OMIT_VALUE));
    else if (names.has(c.name)) errs.push(fieldError(FieldErrorType.Duplicate, `${p}.name`, c.name));
    else names.add(c.name);
    if (typeof c.image !== 'string' || c.image === '') errs.push(fieldError(FieldErrorType.Required, `${p}.image`, OMIT_VALUE));
    if (Array.isArray(c.ports)) {
      c.ports.forEach((port, j) => {
        if (!isJsonObject(port)) return;
        const n = port.containerPort;
        if (typeof n !== 'number' || n < 1 || n > 65535) {
          errs.push(fieldError(FieldErrorType.Invalid, `${p}.ports[${j}].containerPort`, typeof n === 'number' ? n : 0, 'must be between 1 and 65535, inclusive'));
        }
      });
    }
  });
  return errs;
}

/** Errors of a PodSpec at `path` (`spec.template.spec`). */
export function podSpecErrors(spec: JsonObject | undefined, path: string, allowedRestart?: readonly string[]): FieldError[] {
  if (!spec) return [fieldError(FieldErrorType.Required, `${path}.containers`, OMIT_VALUE)];
  const errs = [...containerErrors(spec, path, 'containers', true), ...containerErrors(spec, path, 'initContainers', false)];
  if (allowedRestart && typeof spec.restartPolicy === 'string' && !allowedRestart.includes(spec.restartPolicy)) {
    errs.push(fieldError(FieldErrorType.NotSupported, `${path}.restartPolicy`, spec.restartPolicy, `supported values: ${allowedRestart.map((r) => JSON.stringify(r)).join(', ')}`));
  }
  return errs;
}

function selectorErrors(spec: JsonObject, kindWord: string): FieldError[] {
  const selector = spec.selector;
  if (!isJsonObject(selector)) return [fieldError(FieldErrorType.Required, 'spec.selector', OMIT_VALUE)];
  const reqs = labelSelectorFromObject(selector) ?? [];
  if (reqs.length === 0) return [fieldError(FieldErrorType.Invalid, 'spec.selector', goValue(goLabelSelector(selector)), `empty selector is invalid for ${kindWord}`)];
  const labels = objectAt(objectAt(objectAt(spec, 'template'), 'metadata'), 'labels');
  if (!matchesLabels(reqs, labels)) {
    return [fieldError(FieldErrorType.Invalid, 'spec.template.metadata.labels', goValue(goStringMap(labels)), '`selector` does not match template `labels`')];
  }
  return [];
}

function nonNegative(spec: JsonObject, key: string): FieldError[] {
  const v = spec[key];
  return typeof v === 'number' && v < 0 ? [fieldError(FieldErrorType.Invalid, `spec.${key}`, v, 'must be greater than or equal to 0')] : [];
}

function immutable(field: string, now: unknown, before: unknown, rendered: string): FieldError[] {
  return deepEqual(now as never, before as never) ? [] : [fieldError(FieldErrorType.Invalid, field, goValue(rendered), 'field is immutable')];
}

/** Deployment, ReplicaSet, DaemonSet and StatefulSet: selector, template and replica rules. */
export function workloadErrors(kindWord: string, obj: JsonObject, old: JsonObject | undefined): FieldError[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const errs = [...selectorErrors(spec, kindWord), ...nonNegative(spec, 'replicas'), ...nonNegative(spec, 'revisionHistoryLimit')];
  errs.push(...podSpecErrors(objectAt(objectAt(spec, 'template'), 'spec'), 'spec.template.spec', ['Always']));
  if (old) {
    const oldSpec = objectAt(old, 'spec') ?? {};
    errs.push(...immutable('spec.selector', spec.selector, oldSpec.selector, goLabelSelector(spec.selector)));
  }
  return errs;
}

const STATEFULSET_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

/** StatefulSet updates may only touch a few spec fields. */
export function statefulSetUpdateErrors(obj: JsonObject, old: JsonObject): FieldError[] {
  const strip = (o: JsonObject): JsonObject => {
    const spec = { ...(objectAt(o, 'spec') ?? {}) };
    for (const k of STATEFULSET_MUTABLE) delete spec[k];
    return spec;
  };
  if (deepEqual(strip(obj), strip(old))) return [];
  return [fieldError(FieldErrorType.Forbidden, 'spec', OMIT_VALUE, "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")];
}

/** Job: restart policy, selector and the fields that may not change after creation. */
export function jobErrors(obj: JsonObject, old: JsonObject | undefined): FieldError[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const errs = [...nonNegative(spec, 'parallelism'), ...nonNegative(spec, 'completions'), ...nonNegative(spec, 'backoffLimit')];
  const podSpec = objectAt(objectAt(spec, 'template'), 'spec');
  errs.push(...podSpecErrors(podSpec, 'spec.template.spec', ['OnFailure', 'Never']));
  if (old) {
    const oldSpec = objectAt(old, 'spec') ?? {};
    errs.push(...immutable('spec.selector', spec.selector, oldSpec.selector, goLabelSelector(spec.selector)));
    errs.push(...immutable('spec.completions', spec.completions, oldSpec.completions, String(spec.completions)));
    if (spec.suspend !== true || oldSpec.suspend !== true) {
      errs.push(...immutable('spec.template', spec.template, oldSpec.template, goStruct('core.PodTemplateSpec', spec.template)));
    }
  }
  return errs;
}

/** CronJob: a schedule and a job template that validates as a Job's. */
export function cronJobErrors(obj: JsonObject): FieldError[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const errs: FieldError[] = [];
  if (typeof spec.schedule !== 'string' || spec.schedule === '') errs.push(fieldError(FieldErrorType.Required, 'spec.schedule', OMIT_VALUE));
  const podSpec = objectAt(objectAt(objectAt(objectAt(spec, 'jobTemplate'), 'spec'), 'template'), 'spec');
  errs.push(...podSpecErrors(podSpec, 'spec.jobTemplate.spec.template.spec', ['OnFailure', 'Never']));
  return errs;
}

/** Pods: containers, and after creation only images and a few fields may change. */
export function podErrors(obj: JsonObject, old: JsonObject | undefined): FieldError[] {
  const errs = podSpecErrors(objectAt(obj, 'spec'), 'spec');
  if (!old) return errs;
  const strip = (o: JsonObject): JsonObject => {
    const spec = JSON.parse(JSON.stringify(objectAt(o, 'spec') ?? {})) as JsonObject;
    for (const key of ['containers', 'initContainers']) {
      if (Array.isArray(spec[key])) for (const c of spec[key]) if (isJsonObject(c)) delete c.image;
    }
    delete spec.activeDeadlineSeconds;
    delete spec.tolerations;
    delete spec.terminationGracePeriodSeconds;
    return spec;
  };
  if (!deepEqual(strip(obj), strip(old))) {
    errs.push(fieldError(FieldErrorType.Forbidden, 'spec', OMIT_VALUE, 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'));
  }
  return errs;
}
