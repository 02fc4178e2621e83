/** CustomResourceDefinition validation: names, scope, versions and structural schemas (apiextensions' rules). */
import { FieldErrorType, OMIT_VALUE, fieldError, type FieldError } from '../../api/status.js';
import { arrayAt, isJsonObject, objectAt, stringAt, type JsonObject, type JsonValue } from '../../json.js';
import { validateDnsLabel, validateDnsSubdomain } from '../names.js';
import { goValue } from './go-format.js';

const SCHEMA_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

function namesErrors(spec: JsonObject): FieldError[] {
  const names = objectAt(spec, 'names') ?? {};
  const errs: FieldError[] = [];
  for (const key of ['plural', 'singular', 'kind', 'listKind']) {
    const v = stringAt(names, key);
    if (!v) errs.push(fieldError(FieldErrorType.Required, `spec.names.${key}`, OMIT_VALUE));
    else if (key === 'plural' || key === 'singular') for (const e of validateDnsLabel(v)) errs.push(fieldError(FieldErrorType.Invalid, `spec.names.${key}`, v, e));
  }
  return errs;
}

function schemaNodeErrors(node: JsonValue | undefined, path: string, root: boolean, depth: number): FieldError[] {
  if (!isJsonObject(node) || depth > 64) return [];
  const errs: FieldError[] = [];
  const free = node['x-kubernetes-int-or-string'] === true || node['x-kubernetes-preserve-unknown-fields'] === true;
  if (node.type === undefined && !free) {
    errs.push(fieldError(FieldErrorType.Required, `${path}.type`, OMIT_VALUE, root ? 'must not be empty at the root' : 'must not be empty for specified object fields'));
  } else if (node.type !== undefined && (typeof node.type !== 'string' || !SCHEMA_TYPES.includes(node.type))) {
    errs.push(fieldError(FieldErrorType.NotSupported, `${path}.type`, node.type, `supported values: ${SCHEMA_TYPES.map((t) => JSON.stringify(t)).join(', ')}`));
  }
  if (root && node.type !== undefined && node.type !== 'object') errs.push(fieldError(FieldErrorType.Invalid, `${path}.type`, node.type, 'must be object at the root'));
  if (isJsonObject(node.properties)) {
    for (const [k, v] of Object.entries(node.properties)) errs.push(...schemaNodeErrors(v, `${path}.properties[${k}]`, false, depth + 1));
  }
  if (isJsonObject(node.items)) errs.push(...schemaNodeErrors(node.items, `${path}.items`, false, depth + 1));
  if (isJsonObject(node.additionalProperties)) errs.push(...schemaNodeErrors(node.additionalProperties, `${path}.additionalProperties`, false, depth + 1));
  if (node.pattern !== undefined) {
    try {
      new RegExp(String(node.pattern), 'u');
    } catch (err) {
      errs.push(fieldError(FieldErrorType.Invalid, `${path}.pattern`, String(node.pattern), `must be a valid regular expression, but isn't: ${(err as Error).message}`));
    }
  }
  return errs;
}

function versionsErrors(spec: JsonObject): FieldError[] {
  const versions = arrayAt(spec, 'versions');
  const errs: FieldError[] = [];
  const storage = versions.filter((v) => isJsonObject(v) && v.storage === true).length;
  if (storage !== 1) errs.push(fieldError(FieldErrorType.Invalid, 'spec.versions', goValue('[]apiextensions.CustomResourceDefinitionVersion{...}'), 'must have exactly one version marked as storage version'));
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    const path = `spec.versions[${i}]`;
    if (!isJsonObject(v)) return;
    const name = stringAt(v, 'name') ?? '';
    if (!name) errs.push(fieldError(FieldErrorType.Required, `${path}.name`, OMIT_VALUE));
    else for (const e of validateDnsLabel(name)) errs.push(fieldError(FieldErrorType.Invalid, `${path}.name`, name, e));
    if (seen.has(name)) errs.push(fieldError(FieldErrorType.Invalid, 'spec.versions', goValue('[]apiextensions.CustomResourceDefinitionVersion{...}'), 'must contain unique version names'));
    seen.add(name);
    const schema = objectAt(objectAt(v, 'schema'), 'openAPIV3Schema');
    if (!schema) errs.push(fieldError(FieldErrorType.Required, `${path}.schema.openAPIV3Schema`, OMIT_VALUE, 'schemas are required'));
    else errs.push(...schemaNodeErrors(schema, `${path}.schema.openAPIV3Schema`, true, 0));
  });
  return errs;
}

/** Errors of a CRD on create and update. */
export function crdErrors(obj: JsonObject, old: JsonObject | undefined): FieldError[] {
  const spec = objectAt(obj, 'spec') ?? {};
  const errs: FieldError[] = [];
  const group = stringAt(spec, 'group') ?? '';
  if (!group) errs.push(fieldError(FieldErrorType.Required, 'spec.group', OMIT_VALUE));
  else {
    for (const e of validateDnsSubdomain(group)) errs.push(fieldError(FieldErrorType.Invalid, 'spec.group', group, e));
    if (!group.includes('.')) errs.push(fieldError(FieldErrorType.Invalid, 'spec.group', group, 'should be a domain with at least one dot'));
  }
  const plural = stringAt(objectAt(spec, 'names'), 'plural') ?? '';
  const name = stringAt(objectAt(obj, 'metadata'), 'name') ?? '';
  if (name && name !== `${plural}.${group}`) errs.push(fieldError(FieldErrorType.Invalid, 'metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  const scope = spec.scope;
  if (scope === undefined) errs.push(fieldError(FieldErrorType.Required, 'spec.scope', OMIT_VALUE));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') errs.push(fieldError(FieldErrorType.NotSupported, 'spec.scope', scope, 'supported values: "Cluster", "Namespaced"'));
  errs.push(...namesErrors(spec), ...versionsErrors(spec));
  const oldSpec = objectAt(old, 'spec');
  if (oldSpec && oldSpec.scope !== scope) errs.push(fieldError(FieldErrorType.Invalid, 'spec.scope', scope ?? '', 'field is immutable'));
  return errs;
}
