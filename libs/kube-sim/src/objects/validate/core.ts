/** Validation of core, RBAC and storage kinds: services, config maps, secrets, bindings, claims. */
import { FieldErrorType, OMIT_VALUE, fieldError, type FieldError } from '../../api/status.js';
import { deepEqual, isJsonObject, objectAt, type JsonObject } from '../../json.js';
import { goRoleRef, goStringSlice, goValue } from './go-format.js';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function quoted(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function servicePortErrors(spec: JsonObject): FieldError[] {
  const ports = Array.isArray(spec.ports) ? spec.ports : [];
  const errs: FieldError[] = [];
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && spec.type !== 'ExternalName' && !headless) errs.push(fieldError(FieldErrorType.Required, 'spec.ports', OMIT_VALUE));
  ports.forEach((p, i) => {
    if (!isJsonObject(p)) return;
    const port = p.port;
    if (typeof port !== 'number' || port < 1 || port > 65535) {
      errs.push(fieldError(FieldErrorType.Invalid, `spec.ports[${i}].port`, typeof port === 'number' ? port : 0, 'must be between 1 and 65535, inclusive'));
    }
    if (typeof p.protocol === 'string' && !PROTOCOLS.includes(p.protocol)) {
      errs.push(fieldError(FieldErrorType.NotSupported, `spec.ports[${i}].protocol`, p.protocol, `supported values: ${quoted(PROTOCOLS)}`));
    }
    if (ports.length > 1 && (typeof p.name !== 'string' || p.name === '')) errs.push(fieldError(FieldErrorType.Required, `spec.ports[${i}].name`, OMIT_VALUE));
  });
  return errs;
}

/** Service: type, ports, and the cluster IPs that may not change once allocated. */
export function serviceErrors(obj: JsonObject, old: JsonObject | undefined): FieldError[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const errs: FieldError[] = [];
  if (typeof spec.type === 'string' && !SERVICE_TYPES.includes(spec.type)) {
    errs.push(fieldError(FieldErrorType.NotSupported, 'spec.type', spec.type, `supported values: ${quoted(SERVICE_TYPES)}`));
  }
  if (spec.type === 'ExternalName' && (typeof spec.externalName !== 'string' || spec.externalName === '')) {
    errs.push(fieldError(FieldErrorType.Required, 'spec.externalName', OMIT_VALUE));
  }
  errs.push(...servicePortErrors(spec));
  const oldSpec = objectAt(old, 'spec');
  const oldIPs = Array.isArray(oldSpec?.clusterIPs) ? oldSpec.clusterIPs.map(String) : [];
  const newIPs = Array.isArray(spec.clusterIPs) ? spec.clusterIPs.map(String) : [];
  if (oldIPs.length > 0 && spec.type !== 'ExternalName' && oldSpec?.type !== 'ExternalName' && newIPs[0] !== oldIPs[0]) {
    errs.push(fieldError(FieldErrorType.Invalid, 'spec.clusterIPs[0]', goValue(goStringSlice(newIPs)), 'may not change once set'));
  }
  return errs;
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

function keyErrors(data: unknown, field: string): FieldError[] {
  if (!isJsonObject(data)) return [];
  const errs: FieldError[] = [];
  for (const k of Object.keys(data)) {
    if (k.length > 253) errs.push(fieldError(FieldErrorType.Invalid, `${field}[${k}]`, k, 'must be no more than 253 characters'));
    if (!CONFIG_KEY.test(k) || k === '.' || k === '..') {
      errs.push(fieldError(FieldErrorType.Invalid, `${field}[${k}]`, k, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
    }
  }
  return errs;
}

const IMMUTABLE_WHEN_SET = 'field is immutable when `immutable` is set';

function immutableDataErrors(obj: JsonObject, old: JsonObject, dataKeys: readonly string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true) errs.push(fieldError(FieldErrorType.Forbidden, 'immutable', OMIT_VALUE, IMMUTABLE_WHEN_SET));
  for (const k of dataKeys) {
    if (!deepEqual(obj[k], old[k])) errs.push(fieldError(FieldErrorType.Forbidden, k, OMIT_VALUE, IMMUTABLE_WHEN_SET));
  }
  return errs;
}

/** ConfigMap: valid keys, no key in both data and binaryData, nothing changes once immutable. */
export function configMapErrors(obj: JsonObject, old: JsonObject | undefined): FieldError[] {
  const errs = [...keyErrors(obj.data, 'data'), ...keyErrors(obj.binaryData, 'binaryData')];
  if (isJsonObject(obj.data) && isJsonObject(obj.binaryData)) {
    for (const k of Object.keys(obj.data)) {
      if (k in obj.binaryData) errs.push(fieldError(FieldErrorType.Invalid, `data[${k}]`, k, 'duplicate of key present in binaryData'));
    }
  }
  if (old) errs.push(...immutableDataErrors(obj, old, ['data', 'binaryData']));
  return errs;
}

/** Secret: valid keys, an immutable type, nothing changes once immutable. */
export function secretErrors(obj: JsonObject, old: JsonObject | undefined): FieldError[] {
  const errs = keyErrors(obj.data, 'data');
  if (old) {
    if (obj.type !== old.type) errs.push(fieldError(FieldErrorType.Invalid, 'type', obj.type ?? '', 'field is immutable'));
    errs.push(...immutableDataErrors(obj, old, ['data']));
  }
  return errs;
}

const ROLE_KINDS: Readonly<Record<string, readonly string[]>> = { RoleBinding: ['Role', 'ClusterRole'], ClusterRoleBinding: ['ClusterRole'] };

/** RoleBinding and ClusterRoleBinding: a valid roleRef that never changes, subjects with kind and name. */
export function bindingErrors(kind: 'RoleBinding' | 'ClusterRoleBinding', obj: JsonObject, old: JsonObject | undefined): FieldError[] {
  const ref = objectAt(obj, 'roleRef');
  const errs: FieldError[] = [];
  const allowed = ROLE_KINDS[kind]!;
  if (!ref) errs.push(fieldError(FieldErrorType.Required, 'roleRef', OMIT_VALUE));
  else {
    if (typeof ref.kind !== 'string' || !allowed.includes(ref.kind)) errs.push(fieldError(FieldErrorType.NotSupported, 'roleRef.kind', ref.kind ?? '', `supported values: ${quoted(allowed)}`));
    if (ref.apiGroup !== 'rbac.authorization.k8s.io') errs.push(fieldError(FieldErrorType.NotSupported, 'roleRef.apiGroup', ref.apiGroup ?? '', 'supported values: "rbac.authorization.k8s.io"'));
    if (typeof ref.name !== 'string' || ref.name === '') errs.push(fieldError(FieldErrorType.Required, 'roleRef.name', OMIT_VALUE));
  }
  const subjects = Array.isArray(obj.subjects) ? obj.subjects : [];
  subjects.forEach((s, i) => {
    if (!isJsonObject(s)) return;
    if (typeof s.name !== 'string' || s.name === '') errs.push(fieldError(FieldErrorType.Required, `subjects[${i}].name`, OMIT_VALUE));
    if (!['User', 'Group', 'ServiceAccount'].includes(String(s.kind))) errs.push(fieldError(FieldErrorType.NotSupported, `subjects[${i}].kind`, s.kind ?? '', 'supported values: "ServiceAccount", "User", "Group"'));
  });
  if (old && !deepEqual(obj.roleRef, old.roleRef)) errs.push(fieldError(FieldErrorType.Invalid, 'roleRef', goValue(goRoleRef(obj.roleRef)), 'cannot change roleRef'));
  return errs;
}

/** PersistentVolumeClaim: access modes and a storage request; the spec is fixed after creation except requests. */
export function persistentVolumeClaimErrors(obj: JsonObject, old: JsonObject | undefined): FieldError[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const errs: FieldError[] = [];
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) errs.push(fieldError(FieldErrorType.Required, 'spec.accessModes', OMIT_VALUE, 'at least 1 access mode is required'));
  const storage = objectAt(objectAt(spec, 'resources'), 'requests')?.storage;
  if (storage === undefined) errs.push(fieldError(FieldErrorType.Required, 'spec.resources[storage]', OMIT_VALUE));
  if (old) {
    const strip = (o: JsonObject): JsonObject => {
      const s = { ...(objectAt(o, 'spec') ?? {}) };
      delete s.resources;
      delete s.volumeAttributesClassName;
      delete s.volumeName;
      return s;
    };
    if (!deepEqual(strip(obj), strip(old))) {
      errs.push(fieldError(FieldErrorType.Forbidden, 'spec', OMIT_VALUE, 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'));
    }
  }
  return errs;
}

/** Namespace: finalizers must be qualified names. */
export function namespaceErrors(obj: JsonObject): FieldError[] {
  const finalizers = objectAt(obj, 'spec')?.finalizers;
  if (!Array.isArray(finalizers)) return [];
  return finalizers.flatMap((f, i) => (typeof f === 'string' && f !== '' ? [] : [fieldError(FieldErrorType.Invalid, `spec.finalizers[${i}]`, f ?? '', 'name part must be non-empty')]));
}
