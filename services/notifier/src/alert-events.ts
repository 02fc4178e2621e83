/** Problems with an Alert, logged and recorded as Warning Events on it, as notification-controller does. */
import type { ServiceContext } from '@sluice/runtime';
import type { CompiledAlert } from './match.js';

/** A Flux reason and message about an Alert. */
export interface AlertWarning {
  readonly reason: string;
  readonly message: string;
}

/** Logs `warning` and records it as a Warning Event on the Alert (best effort, never throws). */
export function warnOnAlert(ctx: ServiceContext, alert: CompiledAlert, warning: AlertWarning, annotations?: Record<string, string>): Promise<void> {
  ctx.logger.warn(warning.message, { alert: `${alert.namespace}/${alert.name}`, reason: warning.reason });
  return ctx.events.record(alert.object, { type: 'Warning', reason: warning.reason, message: warning.message, ...(annotations ? { annotations } : {}) });
}
