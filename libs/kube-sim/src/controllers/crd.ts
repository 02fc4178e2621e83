/**
 * The CRD controllers of apiextensions: accept names (NamesAccepted), establish the CRD (Established) and only then
 * serve its resources; on deletion remove every custom resource, then the cleanup finalizer, then stop serving.
 */
import { timestamp } from '../api/context.js';
import { arrayAt, deepClone, isJsonObject, objectAt, stringAt, type JsonObject } from '../json.js';
import { customResourceDefs, storageVersionOf } from '../registry/crd.js';
import { storedMeta } from '../verbs/common.js';
import { parseKey, type Controller, type ControllerRuntime } from './runtime.js';
import { setConditions, type Condition } from './simulation.js';

const CRDS = 'apiextensions.k8s.io/customresourcedefinitions';
/** Finalizer that keeps a CRD until its custom resources are gone. */
export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

/**
 * The first name of `crd` another served resource of its group already uses, as the names controller checks it:
 * plural and singular against other plurals and singulars, short names against short names, kind and list kind
 * against kinds.
 */
function nameConflict(rt: ControllerRuntime, crd: JsonObject): string | undefined {
  const spec = objectAt(crd, 'spec') ?? {};
  const names = objectAt(spec, 'names') ?? {};
  const group = stringAt(spec, 'group') ?? '';
  const own = stringAt(objectAt(crd, 'metadata'), 'name');
  const others = rt.core.registry.resources().filter((d) => d.group === group && d.custom?.crdName !== own);
  const resources = new Set(others.flatMap((d) => [d.resource, d.singular]));
  const kinds = new Set(others.flatMap((d) => [d.kind, d.listKind]));
  const shortNames = new Set(others.flatMap((d) => d.shortNames));
  const checks: [unknown, Set<string>][] = [
    [names.plural, resources], [names.singular, resources], [names.kind, kinds], [names.listKind, kinds],
    ...arrayAt(names, 'shortNames').map((n): [unknown, Set<string>] => [n, shortNames]),
  ];
  for (const [name, used] of checks) if (typeof name === 'string' && name !== '' && used.has(name)) return `${JSON.stringify(name)} is already in use`;
  return undefined;
}

/** Creates the CRD controller. */
export function crdController(rt: ControllerRuntime): Controller {
  const served = new Map<string, string>();
  const self: Controller = {
    name: 'crd',
    watches: [CRDS],
    reconcile(key) {
      const { name } = parseKey(key);
      const crd = rt.get(CRDS, '', name);
      if (!crd) {
        served.delete(name);
        rt.core.registry.removeCustom(name);
        return;
      }
      if (storedMeta(crd).deletionTimestamp !== undefined) {
        cleanup(rt, self, key, crd, () => {
          served.delete(name);
          rt.core.registry.removeCustom(name);
        });
        return;
      }
      if (!(Array.isArray(storedMeta(crd).finalizers) && (storedMeta(crd).finalizers as string[]).includes(CRD_CLEANUP_FINALIZER))) {
        const next = deepClone(crd);
        const meta = next.metadata as JsonObject;
        meta.finalizers = [...(Array.isArray(meta.finalizers) ? meta.finalizers : []), CRD_CLEANUP_FINALIZER];
        rt.update(CRDS, crd, next);
        return;
      }
      establish(rt, crd, served);
    },
  };
  return self;
}

function establish(rt: ControllerRuntime, crd: JsonObject, served: Map<string, string>): void {
  const name = String(storedMeta(crd).name);
  const conflict = nameConflict(rt, crd);
  const now = timestamp(rt.core.now());
  const status = objectAt(crd, 'status') ?? {};
  const wanted: Condition[] = conflict
    ? [{ type: 'NamesAccepted', status: 'False', reason: 'NameConflict', message: conflict }, { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' }]
    : [{ type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' }, { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }];
  const storage = storageVersionOf(crd);
  const stored = arrayAt(status, 'storedVersions').filter((v): v is string => typeof v === 'string');
  if (storage && !stored.includes(storage)) stored.push(storage);
  const next: JsonObject = {
    ...status,
    conditions: setConditions(status.conditions, wanted, now),
    acceptedNames: conflict ? (objectAt(status, 'acceptedNames') ?? { plural: '', kind: '' }) : deepClone(objectAt(objectAt(crd, 'spec'), 'names') ?? {}),
    storedVersions: stored,
  };
  rt.updateStatus(CRDS, crd, next);
  const fresh = rt.get(CRDS, '', name) ?? crd;
  const version = `${String(storedMeta(fresh).generation)}`;
  if (conflict) {
    served.delete(name);
    rt.core.registry.removeCustom(name);
  } else if (served.get(name) !== version) {
    served.set(name, version);
    rt.core.registry.setCustom(name, customResourceDefs(fresh));
  }
}

function cleanup(rt: ControllerRuntime, self: Controller, key: string, crd: JsonObject, unserve: () => void): void {
  const spec = objectAt(crd, 'spec') ?? {};
  const storageKey = `${stringAt(spec, 'group') ?? ''}/${stringAt(objectAt(spec, 'names'), 'plural') ?? ''}`;
  const remaining = rt.core.store.list(storageKey);
  for (const obj of remaining) {
    if (storedMeta(obj).deletionTimestamp === undefined && rt.core.registry.findStorage(storageKey)) rt.delete(storageKey, obj);
  }
  const status = objectAt(crd, 'status') ?? {};
  const terminating: Condition = { type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' };
  rt.updateStatus(CRDS, crd, { ...status, conditions: setConditions(status.conditions, [terminating], timestamp(rt.core.now())) });
  if (rt.core.store.count(storageKey) > 0) {
    rt.requeueAfter(self, key, 25);
    return;
  }
  unserve();
  const fresh = rt.get(CRDS, '', String(storedMeta(crd).name));
  if (!fresh) return;
  const next = deepClone(fresh);
  const meta = next.metadata as JsonObject;
  meta.finalizers = (Array.isArray(meta.finalizers) ? meta.finalizers : []).filter((f) => f !== CRD_CLEANUP_FINALIZER);
  if (isJsonObject(next.status)) delete next.status;
  rt.update(CRDS, fresh, next);
}
