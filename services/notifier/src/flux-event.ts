/**
 * Flux's event (`fluxcd/pkg/apis/event/v1beta1` `Event`) as notification-controller sends it to providers, and its
 * JSON encoding byte for byte as Go's `encoding/json` writes it: struct field order, `omitempty`, sorted map keys,
 * `<`, `>`, `&`, U+2028 and U+2029 escaped, and the timestamp in whole seconds, UTC (`metav1.Time`).
 */
import type { Envelope } from '@sluice/bus';

/** A `corev1.ObjectReference`; empty fields are left out of the JSON. */
export interface FluxObjectReference {
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly uid?: string;
  readonly apiVersion?: string;
  readonly resourceVersion?: string;
  readonly fieldPath?: string;
}

/** One Flux event, as providers receive it. */
export interface FluxEvent {
  readonly involvedObject: FluxObjectReference;
  /** `info` or `error`. */
  readonly severity: string;
  /** RFC 3339. */
  readonly timestamp: string;
  readonly message: string;
  readonly reason: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly reportingController: string;
  readonly reportingInstance?: string;
}

/** Flux's event API group: metadata keys with this prefix come from the involved object's annotations. */
export const EVENT_GROUP = 'event.toolkit.fluxcd.io';

/** The Flux event a bus `event` (or `notification`) envelope carries; the payload is not part of it. */
export function fluxEventOf(envelope: Envelope): FluxEvent {
  const o = envelope.involvedObject;
  return {
    involvedObject: {
      kind: o.kind, namespace: o.namespace, name: o.name,
      ...(o.uid ? { uid: o.uid } : {}),
      apiVersion: o.apiVersion,
      ...(o.resourceVersion ? { resourceVersion: o.resourceVersion } : {}),
    },
    severity: envelope.severity,
    timestamp: envelope.timestamp,
    message: envelope.message,
    reason: envelope.reason,
    metadata: envelope.metadata,
    reportingController: envelope.reportingController,
    reportingInstance: envelope.reportingInstance,
  };
}

/** The API group of an `apiVersion` (`kustomize.toolkit.fluxcd.io/v1` → `kustomize.toolkit.fluxcd.io`, `v1` → ``). */
export function groupOf(apiVersion: string | undefined): string {
  const slash = (apiVersion ?? '').indexOf('/');
  return slash < 0 ? '' : apiVersion!.slice(0, slash);
}

/** `Kind/namespace/name`, as Flux names the involved object in messages. */
export function describeInvolved(o: FluxObjectReference): string {
  return `${o.kind ?? ''}/${o.namespace ?? ''}/${o.name ?? ''}`;
}

/** The JSON body Flux posts for `event` (generic providers send exactly this). */
export function encodeFluxEvent(event: FluxEvent): string {
  const o = event.involvedObject;
  const ref = goObject([
    ['kind', o.kind], ['namespace', o.namespace], ['name', o.name], ['uid', o.uid], ['apiVersion', o.apiVersion],
    ['resourceVersion', o.resourceVersion], ['fieldPath', o.fieldPath],
  ].filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '').map(([k, v]) => [k, goString(v)]));
  const metadata = event.metadata && Object.keys(event.metadata).length > 0 ? goStringMap(event.metadata) : undefined;
  return goObject([
    ['involvedObject', ref],
    ['severity', goString(event.severity)],
    ['timestamp', goString(goTimestamp(event.timestamp))],
    ['message', goString(event.message)],
    ['reason', goString(event.reason)],
    ...(metadata ? [['metadata', metadata] as [string, string]] : []),
    ['reportingController', goString(event.reportingController)],
    ...(event.reportingInstance ? [['reportingInstance', goString(event.reportingInstance)] as [string, string]] : []),
  ]);
}

/** `metav1.Time` JSON: RFC 3339 in UTC, fraction of a second dropped. */
export function goTimestamp(rfc3339: string): string {
  const ms = Date.parse(rfc3339);
  if (Number.isNaN(ms)) throw new RangeError(`timestamp ${JSON.stringify(rfc3339)} is not RFC 3339`);
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const GO_HTML_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029',
};

/** A JSON string as Go's `encoding/json` writes it (HTML-safe; invalid UTF-16 becomes U+FFFD). */
export function goString(value: string): string {
  return JSON.stringify(value.replace(LONE_SURROGATE, '\ufffd')).replace(/[<>&\u2028\u2029]/g, (c) => GO_HTML_ESCAPES[c]!);
}

/** A `map[string]string` as Go writes it: keys sorted by their UTF-8 bytes. */
export function goStringMap(map: Readonly<Record<string, string>>): string {
  const keys = Object.keys(map).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return goObject(keys.map((k) => [goString(k).slice(1, -1), goString(map[k]!)]));
}

/** `{"k":v,...}` from already-encoded values, keys written as given. */
function goObject(fields: ReadonlyArray<readonly [string, string]>): string {
  return `{${fields.map(([k, v]) => `"${k}":${v}`).join(',')}}`;
}
