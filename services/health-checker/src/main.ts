/** Composition root of the health-checker process. */
import { runServiceMain } from '@sluice/runtime';
import { startHealthChecker } from './service.js';

await runServiceMain('health-checker', 9794, (ctx) => startHealthChecker(ctx));
