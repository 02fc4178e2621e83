/** Composition root of the builder process. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServiceMain } from '@sluice/runtime';
import { startBuilder } from './service.js';

await runServiceMain('builder', 9792, (ctx) => startBuilder(ctx, { workDir: process.env.SLUICE_WORK_DIR ?? join(tmpdir(), 'sluice-builder') }));
