import { ManagedFieldsError } from '../errors.js';
import { compareStrings, goJsonString } from '../go-json.js';
import { isJsonObject, jsonKind, type JsonObject, type JsonValue } from '../json.js';
import { FieldSet } from './field-set.js';

/** One entry of metadata.managedFields. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
  subresource?: string;
}

/** Who a field set belongs to: the parts of an entry that make up the API server's manager identifier. */
export interface ManagerInfo {
  readonly manager: string;
  readonly operation: 'Apply' | 'Update';
  /** Part of the identity of `Update` managers only; appliers keep one entry across versions. */
  readonly apiVersion: string;
  readonly subresource?: string | undefined;
}

/** A manager's fields and the API version they were recorded at. */
export interface VersionedSet {
  readonly set: FieldSet;
  readonly apiVersion: string;
  readonly applied: boolean;
}

/** Decoded managedFields: field sets and times keyed by manager identifier. */
export interface Managed {
  readonly fields: Map<string, VersionedSet>;
  readonly times: Map<string, string | undefined>;
}

/** An empty {@link Managed}. */
export function emptyManaged(): Managed {
  return { fields: new Map(), times: new Map() };
}

/** A copy whose maps can be changed without touching `m`. */
export function copyManaged(m: Managed): Managed {
  return { fields: new Map(m.fields), times: new Map(m.times) };
}

/**
 * The API server's manager identifier (BuildManagerIdentifier): the entry as Go marshals it without fieldsType,
 * fieldsV1 and time, and without apiVersion for appliers, e.g. `{"manager":"kubectl","operation":"Apply"}`.
 */
export function managerIdentifier(info: ManagerInfo): string {
  const parts: string[] = [];
  if (info.manager !== '') parts.push(`"manager":${goJsonString(info.manager)}`);
  parts.push(`"operation":${goJsonString(info.operation)}`);
  if (info.operation === 'Update' && info.apiVersion !== '') parts.push(`"apiVersion":${goJsonString(info.apiVersion)}`);
  if (info.subresource) parts.push(`"subresource":${goJsonString(info.subresource)}`);
  return `{${parts.join(',')}}`;
}

/** The parts of a manager identifier. */
export function parseManagerIdentifier(id: string): ManagerInfo {
  const raw = JSON.parse(id) as Partial<ManagerInfo>;
  return { manager: raw.manager ?? '', operation: raw.operation ?? 'Update', apiVersion: raw.apiVersion ?? '', subresource: raw.subresource };
}

/**
 * Decodes `metadata.managedFields` as the API server does: every entry needs operation `Apply` or `Update`, an
 * apiVersion and fieldsType `FieldsV1`; entries with the same identifier collapse (the last one wins).
 */
export function decodeManagedFields(raw: JsonValue | undefined): Managed {
  const managed = emptyManaged();
  if (raw === undefined || raw === null) return managed;
  if (!Array.isArray(raw)) throw new ManagedFieldsError(`expected a list, got ${jsonKind(raw)}`);
  raw.forEach((entry, i) => {
    if (!isJsonObject(entry)) throw new ManagedFieldsError(`entry ${i} must be an object, got ${jsonKind(entry)}`);
    const { operation, apiVersion, fieldsType, manager, subresource, time } = entry;
    if (operation !== 'Apply' && operation !== 'Update') throw new ManagedFieldsError(`entry ${i}: operation must be \`Apply\` or \`Update\``);
    if (typeof apiVersion !== 'string' || apiVersion === '') throw new ManagedFieldsError(`entry ${i}: apiVersion must not be empty`);
    if (fieldsType === undefined || fieldsType === '') throw new ManagedFieldsError(`missing fieldsType in managed fields entry ${i}`);
    if (fieldsType !== 'FieldsV1') throw new ManagedFieldsError(`invalid fieldsType ${JSON.stringify(fieldsType)} in managed fields entry ${i}`);
    const info: ManagerInfo = {
      manager: typeof manager === 'string' ? manager : '',
      operation,
      apiVersion,
      subresource: typeof subresource === 'string' && subresource !== '' ? subresource : undefined,
    };
    const id = managerIdentifier(info);
    const fields = entry.fieldsV1 ?? {};
    managed.fields.set(id, { set: FieldSet.fromFieldsV1(fields), apiVersion, applied: operation === 'Apply' });
    managed.times.set(id, typeof time === 'string' ? time : undefined);
  });
  return managed;
}

function seconds(time: string | undefined): number {
  if (time === undefined) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** Orders entries as the API server does: Apply before Update, then by time (seconds), manager and apiVersion. */
function compareEntries(p: ManagedFieldsEntry, q: ManagedFieldsEntry): number {
  if (p.operation !== q.operation) return compareStrings(p.operation, q.operation);
  const ps = seconds(p.time);
  const qs = seconds(q.time);
  if (ps !== qs) return ps < qs ? -1 : 1;
  return compareStrings(p.manager, q.manager) || compareStrings(p.apiVersion, q.apiVersion) || compareStrings(p.subresource ?? '', q.subresource ?? '');
}

/** Encodes managers back into sorted managedFields entries (undefined when there are none, as the server omits it). */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  if (managed.fields.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, vs] of managed.fields) {
    const info = parseManagerIdentifier(id);
    const time = managed.times.get(id);
    const entry: ManagedFieldsEntry = {
      manager: info.manager,
      operation: vs.applied ? 'Apply' : info.operation,
      apiVersion: vs.apiVersion,
      ...(time !== undefined ? { time } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1: vs.set.toFieldsV1(),
      ...(info.subresource ? { subresource: info.subresource } : {}),
    };
    entries.push(entry);
  }
  return entries.sort(compareEntries);
}

/** `now` as metav1.Time serializes it: RFC 3339 in UTC with whole seconds; unparseable input is kept as given. */
export function formatTime(now: string): string {
  const ms = Date.parse(now);
  if (Number.isNaN(ms)) return now;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** How many `Update` entries the API server keeps before folding the oldest into `ancient-changes`. */
export const MAX_UPDATE_MANAGERS = 10;

/**
 * The API server's capManagersManager: with more than {@link MAX_UPDATE_MANAGERS} Update entries, the oldest are
 * merged, per API version, into an `ancient-changes` entry until the cap holds.
 */
export function capUpdateManagers(managed: Managed, max = MAX_UPDATE_MANAGERS): void {
  const updaters = [...managed.fields].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= max) return;
  updaters.sort((a, b) => {
    const sa = seconds(managed.times.get(a));
    const sb = seconds(managed.times.get(b));
    return sa !== sb ? sa - sb : compareStrings(a, b);
  });
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const id = updaters[i]!;
    const vs = managed.fields.get(id)!;
    const bucket = managerIdentifier({ manager: 'ancient-changes', operation: 'Update', apiVersion: vs.apiVersion });
    const first = firstByVersion.get(vs.apiVersion);
    if (first === undefined) {
      firstByVersion.set(vs.apiVersion, id);
      continue;
    }
    if (!managed.fields.has(bucket)) {
      managed.fields.set(bucket, managed.fields.get(first)!);
      managed.fields.delete(first);
    }
    const merged = managed.fields.get(bucket)!;
    managed.fields.set(bucket, { set: vs.set.union(merged.set), apiVersion: vs.apiVersion, applied: false });
    managed.fields.delete(id);
    managed.times.set(bucket, managed.times.get(id));
    length--;
  }
}
