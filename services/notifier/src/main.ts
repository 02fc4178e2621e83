/** Composition root of the notifier process. */
import { runServiceMain } from '@sluice/runtime';
import { startNotifier } from './service.js';

await runServiceMain('notifier', 9795, (ctx) => startNotifier(ctx, {
  noCrossNamespaceRefs: process.env.SLUICE_NO_CROSS_NAMESPACE_REFS === 'true',
}));
