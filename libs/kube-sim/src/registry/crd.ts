/**
 * Turns a CustomResourceDefinition into the resources it serves. Pure: the CRD controller decides when (once the
 * CRD is Established) and the registry stores the result.
 */
import { crdObjectSchema } from '@sluice/k8s-schema';
import { arrayAt, isJsonObject, numberAt, objectAt, stringAt, type JsonObject } from '../json.js';
import { GenerationPolicy, NameRule, compareKubeVersions, type PrinterColumn, type ResourceDef, type ScalePaths, type SubresourceDef } from './resource.js';

const CR_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
const SUB_VERBS = ['get', 'patch', 'update'] as const;

/** The column a custom resource shows when its CRD declares none. */
const DEFAULT_COLUMNS: readonly PrinterColumn[] = [{
  name: 'Age', type: 'date', format: '', priority: 0, jsonPath: '.metadata.creationTimestamp',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
}];

function printerColumns(version: JsonObject): readonly PrinterColumn[] {
  const columns = arrayAt(version, 'additionalPrinterColumns').filter(isJsonObject).map((c) => ({
    name: stringAt(c, 'name') ?? '',
    type: stringAt(c, 'type') ?? 'string',
    format: stringAt(c, 'format') ?? '',
    description: stringAt(c, 'description') ?? '',
    priority: numberAt(c, 'priority') ?? 0,
    jsonPath: stringAt(c, 'jsonPath') ?? '',
  }));
  return columns.length > 0 ? columns : DEFAULT_COLUMNS;
}

function scalePaths(subresources: JsonObject | undefined): ScalePaths | undefined {
  const scale = objectAt(subresources, 'scale');
  if (!scale) return undefined;
  return {
    specReplicasPath: stringAt(scale, 'specReplicasPath') ?? '.spec.replicas',
    statusReplicasPath: stringAt(scale, 'statusReplicasPath') ?? '.status.replicas',
    labelSelectorPath: stringAt(scale, 'labelSelectorPath'),
  };
}

function subresourcesOf(group: string, version: string, kind: string, subresources: JsonObject | undefined): SubresourceDef[] {
  const out: SubresourceDef[] = [];
  if (objectAt(subresources, 'scale')) out.push({ name: 'scale', group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: SUB_VERBS });
  if (objectAt(subresources, 'status')) out.push({ name: 'status', group, version, kind, verbs: SUB_VERBS });
  return out;
}

function stringList(v: JsonObject | undefined, key: string): string[] {
  return arrayAt(v, key).filter((s): s is string => typeof s === 'string');
}

/** The served versions of a CRD, best first (discovery's order). */
export function servedVersions(crd: JsonObject): JsonObject[] {
  return arrayAt(objectAt(crd, 'spec'), 'versions')
    .filter(isJsonObject)
    .filter((v) => v.served === true && typeof v.name === 'string')
    .sort((a, b) => compareKubeVersions(a.name as string, b.name as string));
}

/** The name of the CRD's storage version, or undefined when none is marked. */
export function storageVersionOf(crd: JsonObject): string | undefined {
  const v = arrayAt(objectAt(crd, 'spec'), 'versions').filter(isJsonObject).find((x) => x.storage === true);
  return v ? stringAt(v, 'name') : undefined;
}

/** One {@link ResourceDef} per served version of `crd`; call only for an accepted (validated) CRD. */
export function customResourceDefs(crd: JsonObject): ResourceDef[] {
  const spec = objectAt(crd, 'spec') ?? {};
  const names = objectAt(spec, 'names') ?? {};
  const group = stringAt(spec, 'group') ?? '';
  const kind = stringAt(names, 'kind') ?? '';
  const plural = stringAt(names, 'plural') ?? '';
  const storageVersion = storageVersionOf(crd) ?? '';
  return servedVersions(crd).map((v) => {
    const version = v.name as string;
    const schema = objectAt(objectAt(v, 'schema'), 'openAPIV3Schema');
    const subresources = objectAt(v, 'subresources');
    return {
      group,
      version,
      kind,
      listKind: stringAt(names, 'listKind') ?? `${kind}List`,
      resource: plural,
      singular: stringAt(names, 'singular') ?? kind.toLowerCase(),
      namespaced: stringAt(spec, 'scope') !== 'Cluster',
      verbs: CR_VERBS,
      shortNames: stringList(names, 'shortNames'),
      categories: stringList(names, 'categories'),
      subresources: subresourcesOf(group, version, kind, subresources),
      schema: schema ? crdObjectSchema(schema) : undefined,
      storageKey: `${group}/${plural}`,
      generation: GenerationPolicy.NonMetadata,
      nameRule: NameRule.Subdomain,
      defaultPropagation: 'Background',
      returnsDeletedObject: true,
      custom: {
        crdName: stringAt(objectAt(crd, 'metadata'), 'name') ?? '',
        openAPIV3Schema: schema,
        printerColumns: printerColumns(v),
        scale: scalePaths(subresources),
        selectableFields: arrayAt(v, 'selectableFields').filter(isJsonObject).map((f) => stringAt(f, 'jsonPath') ?? '').filter(Boolean),
        storageVersion,
        deprecationWarning: v.deprecated === true ? (stringAt(v, 'deprecationWarning') ?? `${group}/${version} ${kind} is deprecated`) : undefined,
      },
    };
  });
}
