/** Composition root of the applier process. */
import { runServiceMain } from '@sluice/runtime';
import { startApplier } from './service.js';

await runServiceMain('applier', 9793, (ctx) => startApplier(ctx));
