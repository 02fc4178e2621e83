import { current } from '../results.js';
import type { StatusResult } from '../types.js';

/** Kinds that are Current as soon as they exist (ConfigMap, Secret, CronJob). */
export function alwaysReadyRule(): StatusResult {
  return current('Resource is always ready');
}
