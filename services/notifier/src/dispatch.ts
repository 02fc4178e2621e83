/**
 * The `notifier` consumer: matches each event against the Alerts and publishes one `notification` per matching
 * Alert, with a message id derived from the event's stream sequence and the Alert, so a redelivered event fans out
 * once. Delivering (and retrying) is the `notifier-deliveries` consumer's job, one Alert at a time.
 *
 * Flux never forwards `trace` events to notification-controller (they are Kubernetes Events only), so neither
 * does Sluice.
 */
import { ack, messageId, type Delivery, type Envelope, type HandlerResult } from '@sluice/bus';
import type { KubeClient, ServiceContext } from '@sluice/runtime';
import type { NotificationCatalog } from './catalog.js';
import { NotificationObjectNotFoundError } from './errors.js';
import { describeInvolved, fluxEventOf, type FluxEvent } from './flux-event.js';
import { warnOnAlert } from './alert-events.js';
import { crossNamespaceRefusal, matchAlert, type CompiledAlert, type LabelLookup } from './match.js';
import { excludeInternalMetadata } from './metadata.js';
import type { NotifierMetrics } from './metrics.js';

/** What the event handler needs besides the service context. */
export interface DispatchDeps {
  readonly catalog: Pick<NotificationCatalog, 'alerts'>;
  readonly metrics: NotifierMetrics;
  readonly labelsOf: LabelLookup;
  /** Flux's `--no-cross-namespace-refs`: Alerts only take events about objects in their own namespace. */
  readonly noCrossNamespaceRefs: boolean;
}

/** Reads the involved object's labels through the API (for `matchLabels`). */
export function kubeLabelLookup(kube: KubeClient): LabelLookup {
  return async (ref) => {
    const obj = await kube.get({ apiVersion: ref.apiVersion ?? '', kind: ref.kind ?? '', namespace: ref.namespace, name: ref.name ?? '' });
    if (!obj) throw new NotificationObjectNotFoundError(describeInvolved(ref), 'involved object');
    return obj.metadata.labels;
  };
}

/** The handler of the `notifier` consumer. */
export function createEventHandler(ctx: ServiceContext, deps: DispatchDeps): (envelope: Envelope<'event'>, delivery: Delivery) => Promise<HandlerResult> {
  return async (envelope, delivery) => {
    if (envelope.severity === 'trace') return ack();
    const event = excludeInternalMetadata(fluxEventOf(envelope));
    const matched = await matchingAlerts(ctx, event, deps);
    deps.metrics.event(matched.length > 0);
    if (matched.length === 0) {
      ctx.logger.debug('discarding event, no alerts found for the involved object', { object: describeInvolved(event.involvedObject) });
      return ack();
    }
    ctx.logger.info('dispatching event', { object: describeInvolved(event.involvedObject), message: event.message, alerts: matched.map((a) => `${a.namespace}/${a.name}`) });
    for (const alert of matched) {
      const refusal = crossNamespaceRefusal(event, alert, deps.noCrossNamespaceRefs);
      if (refusal) {
        await warnOnAlert(ctx, alert, { reason: 'NotificationDispatchFailed', message: `failed to dispatch notification for ${describeInvolved(event.involvedObject)}: ${refusal}` });
        continue;
      }
      await publishNotification(ctx, envelope, event, alert, delivery);
    }
    return ack();
  };
}

async function matchingAlerts(ctx: ServiceContext, event: FluxEvent, deps: DispatchDeps): Promise<CompiledAlert[]> {
  const matched: CompiledAlert[] = [];
  for (const alert of deps.catalog.alerts()) {
    const result = await matchAlert(event, alert, deps.labelsOf);
    for (const problem of result.problems) await warnOnAlert(ctx, alert, problem);
    if (result.matched) matched.push(alert);
  }
  return matched;
}

function publishNotification(ctx: ServiceContext, envelope: Envelope<'event'>, event: FluxEvent, alert: CompiledAlert, delivery: Delivery): Promise<unknown> {
  const uid = alert.object.metadata.uid;
  return ctx.bus.publish('notification', {
    involvedObject: envelope.involvedObject,
    severity: envelope.severity,
    timestamp: envelope.timestamp,
    message: envelope.message,
    reason: envelope.reason,
    metadata: event.metadata ?? {},
    reportingController: envelope.reportingController,
    reportingInstance: envelope.reportingInstance,
    payload: { alert: { namespace: alert.namespace, name: alert.name, ...(uid ? { uid } : {}) } },
  }, { msgId: messageId('notification', String(delivery.streamSequence), uid ?? `${alert.namespace}/${alert.name}`) });
}
