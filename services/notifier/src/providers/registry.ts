/**
 * Provider types to senders. A new provider (slack, msteams, discord, generic-hmac, ...) is one `register` call:
 * most are a pure renderer from event and target to an HTTP request, wrapped by {@link webhookSender}.
 */
import type { FluxEvent } from '../flux-event.js';
import { DeliveryError, NotificationConfigError } from '../errors.js';
import type { HttpRequest, HttpResponse, ProviderSender, ProviderTarget } from './types.js';

/** Builds the request for an event; pure. Throws `NotificationConfigError` when the target cannot be used. */
export type RequestRenderer = (event: FluxEvent, target: ProviderTarget) => HttpRequest;

/** Checks a response; throws `DeliveryError` when it means failure. */
export type ResponseCheck = (response: HttpResponse, target: ProviderTarget) => void;

/** The sender of a webhook-style provider: render, send once, check the answer. */
export function webhookSender(render: RequestRenderer, check: ResponseCheck = requireSuccess): ProviderSender {
  return {
    async send(event, target, transport) {
      const request = render(event, target);
      const response = await transport(request, {
        timeoutMs: target.timeoutMs, subject: target.subject, urlForMessages: urlForMessages(target),
        ...(target.tls ? { tls: target.tls } : {}),
      });
      check(response, target);
    },
  };
}

/**
 * Flux's default answer check: 2xx is success. Failures are retried as Flux's HTTP client retries them: 429 and
 * 5xx other than 501.
 */
export function requireSuccess(response: HttpResponse, target: ProviderTarget): void {
  const s = response.status;
  if (s >= 200 && s < 300) return;
  const retryable = s === 429 || (s >= 500 && s !== 501);
  throw new DeliveryError(target.subject, `POST ${urlForMessages(target)}: request failed with status code ${s}: ${response.body}`, { retryable, status: s });
}

/** The address as error messages may show it: only the origin when it came from a Secret. */
export function urlForMessages(target: Pick<ProviderTarget, 'address' | 'addressIsSecret'>): string {
  if (!target.addressIsSecret) return target.address;
  try {
    return `${new URL(target.address).origin}/<redacted>`;
  } catch {
    return '<address from Secret>';
  }
}

/** An http(s) URL, or a `NotificationConfigError` naming the provider. */
export function requireHttpUrl(target: Pick<ProviderTarget, 'address' | 'addressIsSecret' | 'subject'>): URL {
  const shown = target.addressIsSecret ? 'the address in the Secret' : `address ${JSON.stringify(target.address)}`;
  if (target.address === '') throw new NotificationConfigError(target.subject, 'no address: set spec.address or the address key of the Secret spec.secretRef names');
  let url: URL;
  try {
    url = new URL(target.address);
  } catch {
    throw new NotificationConfigError(target.subject, `invalid hook URL: ${shown} is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NotificationConfigError(target.subject, `invalid hook URL: ${shown} has scheme ${url.protocol.slice(0, -1)}, expected http or https`);
  }
  return url;
}

/** Provider types to senders; see the module comment. */
export class ProviderRegistry {
  private readonly senders = new Map<string, ProviderSender>();

  /** Adds (or replaces) the sender of `type`; returns the registry for chaining. */
  register(type: string, sender: ProviderSender): this {
    this.senders.set(type, sender);
    return this;
  }

  /** The sender of `type`, if any. */
  get(type: string): ProviderSender | undefined {
    return this.senders.get(type);
  }

  /** Every registered type, sorted. */
  types(): string[] {
    return [...this.senders.keys()].sort();
  }

  /** The sender of `target.type`, or a `NotificationConfigError` listing what is supported. */
  senderFor(target: Pick<ProviderTarget, 'type' | 'subject'>): ProviderSender {
    const sender = this.get(target.type);
    if (!sender) throw new NotificationConfigError(target.subject, `provider type ${target.type} is not supported by Sluice yet (supported: ${this.types().join(', ')})`);
    return sender;
  }
}

/** The transport-level failure of a request that got no answer. */
export function transportFailure(subject: string, url: string, problem: string, retryable: boolean, cause?: unknown): DeliveryError {
  return new DeliveryError(subject, `POST ${url}: ${problem}`, { retryable, cause });
}
