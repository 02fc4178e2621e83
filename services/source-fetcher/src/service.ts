/** The source-fetcher service: watches GitRepositories and consumes their reconcile requests. */
import { SOURCE_GROUP } from '@sluice/api';
import { reconcileRequestHandler, watchForRequests, type RunningService, type ServiceContext } from '@sluice/runtime';
import { createGitRepositoryReconciler, type GitRepositoryReconcilerOptions } from './reconcile.js';

/** Options of {@link startSourceFetcher}. */
export interface SourceFetcherOptions extends GitRepositoryReconcilerOptions {
  /** GitRepositories fetched at once by this replica. */
  readonly concurrency?: number;
}

/** Starts consuming GitRepository reconcile requests, then watches GitRepositories to produce them. */
export async function startSourceFetcher(ctx: ServiceContext, opts: SourceFetcherOptions): Promise<RunningService> {
  const handler = await reconcileRequestHandler(ctx, createGitRepositoryReconciler(ctx, opts));
  const consumer = ctx.bus.consume('source-fetcher-gitrepository', handler, { concurrency: opts.concurrency ?? 4 });
  const informer = await watchForRequests(ctx, { apiVersion: `${SOURCE_GROUP}/v1`, kind: 'GitRepository' });
  let running = true;
  return {
    ready: () => running,
    async stop() {
      running = false;
      await informer.stop();
      await consumer.stop();
    },
  };
}
