/**
 * The applier service: consumes `build` messages and applies each build to the cluster (one replica per
 * Kustomization at a time), skipping builds that a newer build or a newer spec has overtaken.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import { KUSTOMIZE_GROUP, kustomizationSettings } from '@sluice/api';
import { ack, leaseKey, nak, type Bus, type Delivery, type Envelope, type HandlerResult } from '@sluice/bus';
import type { RunningService, ServiceContext } from '@sluice/runtime';
import { ResourceManager, countActions } from '@sluice/ssa';
import { FIELD_MANAGER, applyBuild, readKustomization, reportApplied, reportApplyFailure, type ApplyRun } from './reconcile.js';

/** Options of {@link startApplier}. */
export interface ApplierOptions {
  /** Kustomizations applied at once by this replica. */
  readonly concurrency?: number;
  /** Requests in flight per Kustomization while applying one stage. */
  readonly requestsPerApply?: number;
}

/** The state bucket. */
type KV = Awaited<ReturnType<Bus['kv']>>;

/** The newest build (stream sequence) applied per Kustomization, so an overtaken build is never applied after it. */
async function lastApplied(state: KV, key: string): Promise<number> {
  const entry = await state.get(key);
  return entry?.operation === 'PUT' ? Number(entry.string()) : 0;
}

function buildHandler(ctx: ServiceContext, manager: ResourceManager, state: KV) {
  return async (env: Envelope<'build'>, delivery: Delivery): Promise<HandlerResult> => {
    if (env.payload.result !== 'built') return ack();
    const build = env.payload;
    const target = env.involvedObject;
    const lease = await ctx.leases.acquire(target);
    if (!lease) return nak(500);
    try {
      const key = leaseKey(target, 'applied-build');
      if ((await lastApplied(state, key)) >= delivery.streamSequence) return ack();
      const obj = await ctx.kube.get({ apiVersion: `${KUSTOMIZE_GROUP}/v1`, kind: 'Kustomization', namespace: target.namespace, name: target.name });
      if (!obj || (target.uid && obj.metadata.uid !== target.uid)) return ack();
      const k = readKustomization(obj);
      if (!k || kustomizationSettings(k).suspend || obj.metadata.deletionTimestamp) return ack();
      if (build.generation !== undefined && obj.metadata.generation !== build.generation) return ack();
      const run: ApplyRun = { k, obj, build, started: Date.now() };
      const subject = `Kustomization/${target.namespace}/${target.name}`;
      await ctx.tracer.startActiveSpan(`apply ${subject}`, async (span) => {
        span.setAttributes({ 'sluice.object': subject, 'sluice.revision': build.sourceRevision, 'sluice.digest': build.digest });
        const result = await applyBuild(ctx, manager, run);
        const counts = countActions([...(run.applied ?? []), ...(run.pruned ?? [])]);
        for (const [action, n] of Object.entries(counts)) span.setAttribute(`sluice.changeset.${action}`, n);
        if (result.ok) await reportApplied(ctx, run, delivery.streamSequence);
        else {
          span.setStatus({ code: SpanStatusCode.ERROR, message: result.error.message });
          await reportApplyFailure(ctx, run, result.error);
        }
        ctx.metrics.observeReconcile({ kind: 'Kustomization', namespace: target.namespace, name: target.name }, result.ok ? 'success' : 'failure', (Date.now() - run.started) / 1000);
        span.end();
      });
      await state.put(key, String(delivery.streamSequence));
      return ack();
    } finally {
      await lease.release();
    }
  };
}

/** Starts consuming builds. */
export async function startApplier(ctx: ServiceContext, opts: ApplierOptions = {}): Promise<RunningService> {
  const manager = new ResourceManager(ctx.kube, { fieldManager: FIELD_MANAGER, concurrency: opts.requestsPerApply ?? 8 });
  const state = await ctx.bus.kv('state');
  const consumer = ctx.bus.consume('applier', buildHandler(ctx, manager, state), { concurrency: opts.concurrency ?? 16 });
  let running = true;
  return {
    ready: () => running,
    async stop() {
      running = false;
      await consumer.stop();
    },
  };
}
