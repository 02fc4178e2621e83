/** The provider types Sluice implements today; the alerts work adds slack, msteams, discord, generic-hmac, ... here. */
import { genericSender } from './generic.js';
import { ProviderRegistry } from './registry.js';

/** A registry with every implemented provider type. */
export function defaultProviderRegistry(): ProviderRegistry {
  return new ProviderRegistry().register('generic', genericSender());
}
