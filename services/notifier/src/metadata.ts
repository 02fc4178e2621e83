/**
 * The metadata a notification carries, combined as notification-controller does (Flux RFC 0008). From lowest to
 * highest precedence: the involved object's `event.toolkit.fluxcd.io/` annotations (sent as event metadata with that
 * prefix), the Alert's `spec.eventMetadata`, the Alert's deprecated `spec.summary` (key `summary`), and the
 * reporting controller's `<object group>/` keys, each with its prefix stripped. Keys with neither prefix are dropped
 * once any key survives; an event left with no metadata keeps what it had.
 */
import type { Alert } from '@sluice/api';
import { EVENT_GROUP, groupOf, type FluxEvent } from './flux-event.js';

/** Where a metadata key came from, in Flux's wording (used in the conflict warning). */
export const METADATA_SOURCES = {
  eventGroup: 'involved object annotations',
  alertEventMetadata: 'Alert object .spec.eventMetadata',
  alertSummary: 'Alert object .spec.summary',
  objectGroup: 'involved object controller metadata',
} as const;

/** A key set by more than one source; the last source won. */
export interface MetadataConflict {
  readonly key: string;
  readonly sources: readonly string[];
}

/** The event as the Alert's Provider receives it, and the key conflicts found on the way. */
export interface CombinedMetadata {
  readonly event: FluxEvent;
  readonly conflicts: readonly MetadataConflict[];
}

/** Flux's message for the Warning Event recorded on the Alert when keys conflict. */
export const METADATA_CONFLICT_MESSAGE =
  'metadata key conflicts detected (please refer to the Alert API docs and Flux RFC 0008 for more information)';

/** Removes metadata only the controllers use between themselves (`<object group>/token`); call before matching. */
export function excludeInternalMetadata(event: FluxEvent): FluxEvent {
  const tokenKey = `${groupOf(event.involvedObject.apiVersion)}/token`;
  if (!event.metadata || !(tokenKey in event.metadata)) return event;
  const { [tokenKey]: _token, ...rest } = event.metadata;
  return { ...event, metadata: rest };
}

/** Combines the event's metadata with the Alert's; pure. Call once per Alert the event is delivered for. */
export function combineEventMetadata(event: FluxEvent, alert: Pick<Alert, 'spec'>): CombinedMetadata {
  const metadata = new Map<string, string>();
  const sources = new Map<string, string[]>();
  const put = (key: string, value: string, source: string): void => {
    metadata.set(key, value);
    sources.set(key, [...(sources.get(key) ?? []), source]);
  };
  const putPrefixed = (prefix: string, source: string): void => {
    for (const [k, v] of Object.entries(event.metadata ?? {})) if (k.startsWith(prefix)) put(k.slice(prefix.length), v, source);
  };
  putPrefixed(`${EVENT_GROUP}/`, METADATA_SOURCES.eventGroup);
  for (const [k, v] of Object.entries(alert.spec.eventMetadata ?? {})) put(k, v, METADATA_SOURCES.alertEventMetadata);
  if (alert.spec.summary) put('summary', alert.spec.summary, METADATA_SOURCES.alertSummary);
  putPrefixed(`${groupOf(event.involvedObject.apiVersion)}/`, METADATA_SOURCES.objectGroup);
  const conflicts = [...sources]
    .filter(([, from]) => from.length > 1)
    .map(([key, from]) => ({ key, sources: from }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { event: metadata.size > 0 ? { ...event, metadata: Object.fromEntries(metadata) } : event, conflicts };
}
