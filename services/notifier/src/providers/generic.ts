/**
 * The `generic` provider: an HTTP POST of the Flux event as JSON to the address, with `Content-Type:
 * application/json`, `Gotk-Component: <reporting controller>` and every header of the Secret's `headers` map (set
 * after, so they may override), as notification-controller's forwarder sends it.
 */
import { encodeFluxEvent, type FluxEvent } from '../flux-event.js';
import { requireHttpUrl, webhookSender } from './registry.js';
import type { HttpRequest, ProviderSender, ProviderTarget } from './types.js';

/** Header identifying the Flux component that reported the event. */
export const NOTIFICATION_HEADER = 'Gotk-Component';

/** The request a generic provider sends for `event`; pure. */
export function renderGenericRequest(event: FluxEvent, target: ProviderTarget): HttpRequest {
  const url = requireHttpUrl(target);
  const headers: Record<string, string> = { 'Content-Type': 'application/json', [NOTIFICATION_HEADER]: event.reportingController };
  for (const [key, value] of Object.entries(target.headers)) headers[canonicalHeaderKey(key)] = value;
  return { method: 'POST', url: url.href, headers, body: encodeFluxEvent(event) };
}

/** The generic provider's sender. */
export function genericSender(): ProviderSender {
  return webhookSender(renderGenericRequest);
}

/**
 * Go's `http.CanonicalHeaderKey`: the first letter and each letter after `-` upper case, the rest lower case; a
 * key with characters outside the header token set is left as it is.
 */
export function canonicalHeaderKey(key: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(key)) return key;
  return key.toLowerCase().replace(/(^|-)([a-z])/g, (_m, sep: string, ch: string) => `${sep}${ch.toUpperCase()}`);
}
