/**
 * The `notifier-deliveries` consumer: sends one event to one Alert's Provider, inside a `notify` span (child of the
 * context the message carries). The Alert and Provider are read from the catalog at delivery time, the Secrets from
 * the API, so a retry sees fixes. Transient failures are nak'd with backoff from the delivery count until the retry
 * policy gives up; then, as for configuration errors, the failure is logged, recorded as a Warning Event on the
 * Alert (`NotificationDispatchFailed`, as Flux does) and the message is dropped.
 */
import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import { ack, nak, type Delivery, type Envelope, type HandlerResult } from '@sluice/bus';
import { errorMessage } from '@sluice/errors';
import type { ServiceContext } from '@sluice/runtime';
import type { NotificationCatalog, ProviderEntry } from './catalog.js';
import { warnOnAlert } from './alert-events.js';
import { NotificationObjectNotFoundError } from './errors.js';
import { describeInvolved, fluxEventOf } from './flux-event.js';
import type { CompiledAlert } from './match.js';
import { METADATA_CONFLICT_MESSAGE, combineEventMetadata, excludeInternalMetadata } from './metadata.js';
import { DELIVERY_RESULTS, type DeliveryResult, type NotifierMetrics } from './metrics.js';
import type { ProviderRegistry } from './providers/registry.js';
import { readProviderTarget } from './providers/target.js';
import type { HttpTransport } from './providers/types.js';
import { retryDelay, type RetryPolicy } from './retry.js';

/** What the delivery handler needs besides the service context. */
export interface DeliveryDeps {
  readonly catalog: Pick<NotificationCatalog, 'alert' | 'provider'>;
  readonly metrics: NotifierMetrics;
  readonly providers: ProviderRegistry;
  readonly transport: HttpTransport;
  readonly retry: RetryPolicy;
}

interface Attempt {
  readonly envelope: Envelope<'notification'>;
  readonly delivery: Delivery;
  readonly alert: CompiledAlert;
  providerType: string;
  /** How long the provider request took, once one was made. */
  sentSeconds?: number;
  /** Credentials of the target, masked in whatever the failure says (as Flux masks the token). */
  secrets: readonly string[];
}

/** The handler of the `notifier-deliveries` consumer. */
export function createDeliveryHandler(ctx: ServiceContext, deps: DeliveryDeps): (envelope: Envelope<'notification'>, delivery: Delivery) => Promise<HandlerResult> {
  return async (envelope, delivery) => {
    const ref = envelope.payload.alert;
    const alert = deps.catalog.alert(ref.namespace, ref.name);
    if (!alert || (ref.uid && alert.object.metadata.uid && ref.uid !== alert.object.metadata.uid)) {
      ctx.logger.debug('dropping notification: its Alert is gone', { alert: `${ref.namespace}/${ref.name}` });
      deps.metrics.delivery('unknown', DELIVERY_RESULTS.skipped);
      return ack();
    }
    const attempt: Attempt = { envelope, delivery, alert, providerType: 'unknown', secrets: [] };
    return ctx.tracer.startActiveSpan('notify', { kind: SpanKind.CLIENT, attributes: spanAttributes(attempt) }, async (span) => {
      try {
        const result = await deliverOnce(ctx, deps, attempt, span);
        span.setAttribute('sluice.notify.result', result);
        deps.metrics.delivery(attempt.providerType, result, attempt.sentSeconds);
        return ack();
      } catch (err) {
        return failed(ctx, deps, attempt, span, err);
      } finally {
        span.end();
      }
    });
  };
}

/** Sends the notification; resolves with `delivered` or `skipped`, throws what went wrong. */
async function deliverOnce(ctx: ServiceContext, deps: DeliveryDeps, attempt: Attempt, span: Span): Promise<DeliveryResult> {
  const { alert } = attempt;
  const entry = providerOf(deps, alert);
  attempt.providerType = entry.provider.spec.type;
  span.setAttributes({ 'sluice.provider': `${alert.namespace}/${entry.provider.metadata.name}`, 'sluice.provider.type': attempt.providerType });
  if (entry.provider.spec.suspend) return DELIVERY_RESULTS.skipped;
  const target = await readProviderTarget(ctx.kube, entry.provider);
  attempt.secrets = [target.token, target.password].filter((s): s is string => !!s);
  const sender = deps.providers.senderFor(target);
  const combined = combineEventMetadata(excludeInternalMetadata(fluxEventOf(attempt.envelope)), alert.alert);
  if (combined.conflicts.length > 0 && attempt.delivery.deliveryCount === 1) {
    const annotations = Object.fromEntries(combined.conflicts.map((c) => [c.key, c.sources.join(', ')]));
    await warnOnAlert(ctx, alert, { reason: 'MetadataAppendFailed', message: METADATA_CONFLICT_MESSAGE }, annotations);
  }
  const started = performance.now();
  try {
    await sender.send(combined.event, target, deps.transport);
  } finally {
    attempt.sentSeconds = (performance.now() - started) / 1000;
  }
  return DELIVERY_RESULTS.delivered;
}

function providerOf(deps: DeliveryDeps, alert: CompiledAlert): ProviderEntry {
  const name = alert.alert.spec.providerRef.name;
  const entry = deps.catalog.provider(alert.namespace, name);
  if (!entry) throw new NotificationObjectNotFoundError(`Alert/${alert.namespace}/${alert.name}`, `Provider '${alert.namespace}/${name}'`);
  return entry;
}

async function failed(ctx: ServiceContext, deps: DeliveryDeps, attempt: Attempt, span: Span, err: unknown): Promise<HandlerResult> {
  const problem = maskSecrets(errorMessage(err), attempt.secrets);
  span.recordException({ name: err instanceof Error ? err.name : 'Error', message: problem });
  span.setStatus({ code: SpanStatusCode.ERROR, message: problem });
  const count = attempt.delivery.deliveryCount;
  const delay = retryDelay(err, count, deps.retry);
  const fields = { alert: `${attempt.alert.namespace}/${attempt.alert.name}`, object: describeInvolved(attempt.envelope.involvedObject), attempt: count, error: problem };
  if (delay !== undefined) {
    span.setAttribute('sluice.notify.result', DELIVERY_RESULTS.retried);
    deps.metrics.delivery(attempt.providerType, DELIVERY_RESULTS.retried, attempt.sentSeconds);
    ctx.logger.warn('failed to send notification; retrying', { ...fields, delayMs: delay });
    return nak(delay);
  }
  span.setAttribute('sluice.notify.result', DELIVERY_RESULTS.failed);
  deps.metrics.delivery(attempt.providerType, DELIVERY_RESULTS.failed, attempt.sentSeconds);
  ctx.logger.error('failed to send notification; giving up', fields);
  const message = `failed to send notification for ${describeInvolved(attempt.envelope.involvedObject)}: ${problem}`;
  await ctx.events.record(attempt.alert.object, { type: 'Warning', reason: 'NotificationDispatchFailed', message });
  return ack();
}

/** `text` with every occurrence of each secret replaced by `*****`. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, secret) => t.replaceAll(secret, '*****'), text);
}

function spanAttributes(attempt: Attempt): Record<string, string | number> {
  const o = attempt.envelope.involvedObject;
  return {
    'sluice.alert': `${attempt.alert.namespace}/${attempt.alert.name}`,
    'sluice.object': `${o.kind}/${o.namespace}/${o.name}`,
    'sluice.event.reason': attempt.envelope.reason,
    'sluice.event.severity': attempt.envelope.severity,
    'sluice.delivery.attempt': attempt.delivery.deliveryCount,
  };
}
