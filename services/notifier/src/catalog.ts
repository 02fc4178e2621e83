/**
 * The Alerts and Providers the notifier works from, kept current by two informers (list + watch of
 * `notification.toolkit.fluxcd.io/v1beta3`). Alerts are parsed and their regexes compiled once per version; an
 * object the parser rejects is logged and left out until it is fixed.
 */
import { NOTIFICATION_GROUP, parseAlert, parseProvider, type Provider } from '@sluice/api';
import { errorMessage } from '@sluice/errors';
import { Informer, type KubeObject, type ServiceContext } from '@sluice/runtime';
import { compileAlert, type CompiledAlert } from './match.js';

/** The API version the notifier reads Alerts and Providers in. */
export const NOTIFICATION_API_VERSION = `${NOTIFICATION_GROUP}/v1beta3`;

/** A Provider as read and parsed. */
export interface ProviderEntry {
  readonly object: KubeObject;
  readonly provider: Provider;
}

const keyOf = (namespace: string | undefined, name: string | undefined): string => `${namespace ?? ''}/${name ?? ''}`;

/** See the module comment; build with {@link startCatalog}. */
export class NotificationCatalog {
  private readonly compiled = new Map<string, CompiledAlert>();
  private readonly providers = new Map<string, ProviderEntry>();
  private readonly informers: Informer[] = [];
  private readonly ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.ctx = ctx;
  }

  /** Every usable Alert. */
  alerts(): CompiledAlert[] {
    return [...this.compiled.values()];
  }

  /** The Alert `namespace/name`, if it exists and parses. */
  alert(namespace: string, name: string): CompiledAlert | undefined {
    return this.compiled.get(keyOf(namespace, name));
  }

  /** The Provider `namespace/name`, if it exists and parses. */
  provider(namespace: string, name: string): ProviderEntry | undefined {
    return this.providers.get(keyOf(namespace, name));
  }

  /** Lists both kinds, then keeps watching; resolves once both lists are loaded. */
  async start(): Promise<void> {
    this.informers.push(this.watch('Alert', (obj) => this.putAlert(obj), (obj) => this.compiled.delete(keyOf(obj.metadata.namespace, obj.metadata.name))));
    this.informers.push(this.watch('Provider', (obj) => this.putProvider(obj), (obj) => this.providers.delete(keyOf(obj.metadata.namespace, obj.metadata.name))));
    await Promise.all(this.informers.map((i) => i.start()));
  }

  /** Stops both watches. */
  async stop(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.stop()));
  }

  private watch(kind: string, put: (obj: KubeObject) => void, remove: (obj: KubeObject) => void): Informer {
    return new Informer(this.ctx.kube, { apiVersion: NOTIFICATION_API_VERSION, kind }, {
      added: put,
      modified: put,
      deleted: remove,
      error: (err) => this.ctx.logger.warn(`watching ${kind}s failed; retrying`, { error: errorMessage(err) }),
    });
  }

  private putAlert(obj: KubeObject): void {
    const key = keyOf(obj.metadata.namespace, obj.metadata.name);
    const parsed = parseAlert(obj, { unknownFields: 'drop' });
    if (!parsed.ok) {
      this.compiled.delete(key);
      this.ctx.logger.error('ignoring invalid Alert', { object: `Alert/${key}`, error: parsed.errors.map((e) => e.message).join('; ') });
      return;
    }
    this.compiled.set(key, compileAlert(obj, parsed.value));
  }

  private putProvider(obj: KubeObject): void {
    const key = keyOf(obj.metadata.namespace, obj.metadata.name);
    const parsed = parseProvider(obj, { unknownFields: 'drop' });
    if (!parsed.ok) {
      this.providers.delete(key);
      this.ctx.logger.error('ignoring invalid Provider', { object: `Provider/${key}`, error: parsed.errors.map((e) => e.message).join('; ') });
      return;
    }
    this.providers.set(key, { object: obj, provider: parsed.value });
  }
}

/** Starts a catalog on the service's Kubernetes client; stop it with `stop()`. */
export async function startCatalog(ctx: ServiceContext): Promise<NotificationCatalog> {
  const catalog = new NotificationCatalog(ctx);
  try {
    await catalog.start();
  } catch (err) {
    await catalog.stop();
    throw err;
  }
  return catalog;
}
