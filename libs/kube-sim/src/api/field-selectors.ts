/**
 * Which fields each kind can be selected by (`?fieldSelector=`), as the real server's field label conversion
 * functions allow, and how to read them from an object.
 */
import { badRequest } from './status.js';
import { isJsonObject, valueAtPath, type JsonObject, type JsonValue } from '../json.js';
import type { ResourceDef } from '../registry/resource.js';
import type { FieldRequirement } from './selectors.js';

const BY_KIND: Readonly<Record<string, readonly string[]>> = {
  '/Pod': ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  '/Event': ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  '/Secret': ['type'],
  '/Namespace': ['status.phase'],
  '/Node': ['spec.unschedulable'],
  '/ReplicationController': ['status.replicas'],
  'apps/ReplicaSet': ['status.replicas'],
  'batch/Job': ['status.successful'],
  '/Service': ['spec.clusterIP', 'spec.type'],
  '/PersistentVolumeClaim': ['spec.volumeName'],
  'certificates.k8s.io/CertificateSigningRequest': ['spec.signerName'],
};

function fieldsOf(def: ResourceDef): readonly string[] {
  if (def.custom) return def.custom.selectableFields.map((p) => p.replace(/^\./, ''));
  return BY_KIND[`${def.group}/${def.kind}`] ?? [];
}

function render(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Checks every requirement names a supported field; throws 400 with the server's wording otherwise. */
export function checkFieldSelector(def: ResourceDef, reqs: readonly FieldRequirement[]): void {
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...fieldsOf(def)]);
  for (const r of reqs) {
    if (allowed.has(r.field)) continue;
    if (def.custom) {
      throw badRequest(`${JSON.stringify(r.field)} is not a known field selector: only ${[...allowed].map((f) => JSON.stringify(f)).join(', ')}`);
    }
    throw badRequest(`field label not supported: ${r.field}`);
  }
}

/** Reads a selectable field of `obj` as the string the selector compares with. */
export function fieldValue(obj: JsonObject, field: string): string {
  if (field === 'spec.unschedulable' || field === 'spec.hostNetwork') return String(valueAtPath(obj, field.split('.')) === true);
  if (field === 'status.successful' || field === 'status.replicas') return String(valueAtPath(obj, field.split('.')) ?? 0);
  if (field === 'source' && isJsonObject(obj.source)) return render(obj.source.component);
  return render(valueAtPath(obj, field.split('.')));
}
