/** The shapes shared by every provider sender: where to send, what to send, and how HTTP gets there. */
import type { FluxEvent } from '../flux-event.js';

/** TLS settings from the Provider's `certSecretRef` (PEM). */
export interface TlsSettings {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
}

/** A Provider resolved with its Secrets: everything a sender needs, nothing it has to look up. */
export interface ProviderTarget {
  /** `Provider/<namespace>/<name>`: the subject of error messages. */
  readonly subject: string;
  /** `spec.type`: which sender of the registry handles it. */
  readonly type: string;
  /** The address, from the Secret's `address` key when present, else `spec.address`. */
  readonly address: string;
  /** True when the address came from a Secret: error messages then show only its origin. */
  readonly addressIsSecret: boolean;
  /** Headers from the Secret's `headers` key (a YAML map). */
  readonly headers: Readonly<Record<string, string>>;
  readonly token?: string;
  readonly username?: string;
  readonly password?: string;
  readonly channel?: string;
  /** `spec.timeout` (default 15 s) in ms: the limit of one attempt. */
  readonly timeoutMs: number;
  readonly tls?: TlsSettings;
}

/** One HTTP request, as a pure renderer produces it. */
export interface HttpRequest {
  readonly method: 'POST';
  readonly url: string;
  /** Header names as sent (Go's canonical form, `Gotk-Component`). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What came back. */
export interface HttpResponse {
  readonly status: number;
  /** The body as text, cut at a size fit for error messages. */
  readonly body: string;
}

/** Sends a request within a time limit; throws a `DeliveryError` when no response arrived. */
export type HttpTransport = (request: HttpRequest, opts: { readonly timeoutMs: number; readonly tls?: TlsSettings; readonly subject: string; readonly urlForMessages: string }) => Promise<HttpResponse>;

/** Delivers one event to one provider; throws `NotificationConfigError` or `DeliveryError` when it could not. */
export interface ProviderSender {
  send(event: FluxEvent, target: ProviderTarget, transport: HttpTransport): Promise<void>;
}
