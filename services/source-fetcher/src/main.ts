/** Composition root of the source-fetcher process. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServiceMain } from '@sluice/runtime';
import { startSourceFetcher } from './service.js';

await runServiceMain('source-fetcher', 9791, (ctx) =>
  startSourceFetcher(ctx, { workDir: process.env.SLUICE_WORK_DIR ?? join(tmpdir(), 'sluice-source-fetcher') }),
);
