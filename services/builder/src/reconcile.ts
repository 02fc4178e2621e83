/**
 * Reconciling a Kustomization up to a stored build, as named steps: check dependencies, find the source artifact,
 * mark progress, fetch and unpack the artifact, build, store the build, and hand it to the applier with a `build`
 * message. Each failure maps to one Flux reason; a dependency cycle stalls the object.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import {
  ConditionType, KUSTOMIZE_GROUP, KustomizeReason, MetaReason, SluiceReason, formatDuration, isReady, kustomizationSettings,
  latestSnapshot, markNotReady, markReady, markReconciling, markStalled, parseKustomization, recordReconciliation, type Kustomization,
} from '@sluice/api';
import { messageId, type Delivery, type Envelope } from '@sluice/bus';
import { errorMessage } from '@sluice/errors';
import {
  REQUESTED_AT_ANNOTATION, TerminalError, halt, involvedObject, requestReconcile, runSteps, updateStatus, type KubeObject, type Requeue,
  type ServiceContext, type Step, type StepError,
} from '@sluice/runtime';
import type { KustomizeFileSystem } from '@sluice/kustomize';
import type { ArtifactCache } from './artifacts.js';
import { asKustomization } from './parsed.js';
import { PathNotFoundError, buildManifests, type BuiltManifests } from './build.js';
import { checkDependencies, type DependencyLookup } from './dependencies.js';
import { formatCycle, nodeKey, type DependencyGraph } from './graph.js';

/** What a builder run needs besides the service context. */
export interface BuilderDeps {
  readonly artifacts: ArtifactCache;
  readonly graph: DependencyGraph;
  readonly lookup: DependencyLookup;
  /** A source object from a watch cache, when the service keeps one (saves a read per build). */
  readonly cachedSource?: (kind: string, namespace: string, name: string) => KubeObject | undefined;
  /** True for a `revision` request superseded by a newer revision whose requests were already sent. */
  readonly isStale?: (request: Envelope<'reconcile'>) => boolean;
  /** A Kustomization from the watch cache, read instead of a GET per build. */
  readonly cachedKustomization?: (namespace: string, name: string) => KubeObject | undefined;
}

/** Halt reason of a run whose build is identical to the last one applied successfully. */
const UNCHANGED = 'Unchanged';

/**
 * True when `digest` is what the Kustomization last applied successfully, at its current generation, and it is
 * Ready: a new source revision that leaves this build unchanged needs no apply round trip (drift is corrected on
 * the interval, and on any change of this build).
 */
export function isUnchangedBuild(k: Kustomization, digest: string): boolean {
  const last = latestSnapshot(k.status?.history);
  return last?.digest === digest && last.lastReconciledStatus === MetaReason.ReconciliationSucceeded
    && k.status?.observedGeneration === k.metadata.generation && isReady(k);
}

/** Builds up to this size travel inline in the `build` message; larger ones go through the object store. */
export const INLINE_BUILD_LIMIT = 256 * 1024;

interface SourceArtifact {
  readonly revision: string;
  readonly digest: string;
  readonly path: string;
}

interface BuildRun {
  readonly k: Kustomization;
  /** What asked for this run. */
  readonly trigger: string;
  readonly obj: KubeObject;
  /** The object as last read or written, so status writes start from it instead of reading it again. */
  latest: KubeObject;
  readonly requestedAt: string | undefined;
  artifact?: SourceArtifact;
  files?: KustomizeFileSystem;
  built?: BuiltManifests;
  objectName?: string;
}

const subjectOf = (k: Kustomization): string => `Kustomization/${k.metadata.namespace}/${k.metadata.name}`;

type SourceObject = KubeObject & { status?: { artifact?: { revision?: string; digest?: string; path?: string } } };

async function readSource(ctx: ServiceContext, deps: BuilderDeps, k: Kustomization): Promise<SourceArtifact> {
  const ref = k.spec.sourceRef;
  const namespace = ref.namespace || k.metadata.namespace;
  const apiVersion = ref.apiVersion ?? 'source.toolkit.fluxcd.io/v1';
  const source = (deps.cachedSource?.(ref.kind, namespace ?? '', ref.name) as SourceObject | undefined)
    ?? await ctx.kube.get<SourceObject>({ apiVersion, kind: ref.kind, namespace, name: ref.name });
  const id = `${ref.kind}/${namespace}/${ref.name}`;
  if (!source) throw new Error(`Source '${id}' not found`);
  const a = source.status?.artifact;
  if (!a?.revision || !a.digest || !a.path) throw new Error(`Source '${id}' is not ready, artifact not found`);
  return { revision: a.revision, digest: a.digest, path: a.path };
}

/**
 * The other members of a cycle may have been checked before the edge closing it existed (and wait for their
 * dependency); ask for them again so each is reported Stalled too. De-duplicated per cycle.
 */
async function wakeCycle(ctx: ServiceContext, k: Kustomization, cycle: readonly string[]): Promise<void> {
  const self = nodeKey(k.metadata.namespace ?? '', k.metadata.name);
  for (const member of new Set(cycle)) {
    if (member === self) continue;
    const [namespace, name] = member.split('/') as [string, string];
    await requestReconcile(ctx, { apiVersion: `${KUSTOMIZE_GROUP}/v1`, kind: 'Kustomization', namespace, name }, 'dependency', {
      dedupe: `cycle/${cycle.join('>')}`,
    });
  }
}

function steps(ctx: ServiceContext, deps: BuilderDeps): Step<BuildRun>[] {
  return [
    { name: 'checkDependencies', reason: MetaReason.DependencyNotReady, run: async (run) => {
      const key = nodeKey(run.k.metadata.namespace ?? '', run.k.metadata.name);
      const cycle = deps.graph.cycleThrough(key);
      if (cycle) {
        await wakeCycle(ctx, run.k, cycle);
        throw new TerminalError(formatCycle(cycle), { reason: SluiceReason.DependencyCycle });
      }
      const check = checkDependencies(run.k, deps.lookup);
      if (!check.ready) return halt(MetaReason.DependencyNotReady, check.message);
    } },
    { name: 'getSource', reason: KustomizeReason.ArtifactFailed, run: async (run) => {
      run.artifact = await readSource(ctx, deps, run.k);
    } },
    { name: 'fetchArtifact', reason: KustomizeReason.ArtifactFailed, run: async (run) => {
      run.files = await deps.artifacts.filesystem(run.artifact!, `${subjectOf(run.k)} artifact ${run.artifact!.revision}`);
    } },
    { name: 'build', reason: KustomizeReason.BuildFailed, run: async (run) => {
      try {
        run.built = await buildManifests(run.files!, run.k.spec);
      } catch (err) {
        if (err instanceof PathNotFoundError) throw new ReasonedError(KustomizeReason.ArtifactFailed, err);
        throw err;
      }
    } },
    { name: 'skipUnchanged', reason: MetaReason.ReconciliationFailed, run: async (run) => {
      if (run.trigger === 'revision' && isUnchangedBuild(run.k, run.built!.digest)) {
        return halt(UNCHANGED, `Applied revision: ${run.artifact!.revision}`);
      }
    } },
    { name: 'markProgressing', reason: MetaReason.ReconciliationFailed, run: async (run) => {
      const settings = kustomizationSettings(run.k);
      const message = `Detecting drift for revision ${run.artifact!.revision} with a timeout of ${formatDuration(settings.timeoutMs)}`;
      await writeStatus(ctx, run, (latest) => ({
        ...markReconciling(latest, { message }, { now: ctx.now() }).status,
        lastAttemptedRevision: run.artifact!.revision,
      }));
    } },
    { name: 'storeBuild', reason: MetaReason.ReconciliationFailed, run: async (run) => {
      if (Buffer.byteLength(run.built!.yaml) <= INLINE_BUILD_LIMIT) return;
      const hex = run.built!.digest.replace(/^sha256:/, '');
      run.objectName = `kustomization/${run.k.metadata.namespace}/${run.k.metadata.name}/${hex}.yaml`;
      const store = await ctx.bus.objectStore('builds');
      if (!(await store.info(run.objectName))) await store.putBlob({ name: run.objectName }, new TextEncoder().encode(run.built!.yaml));
    } },
  ];
}

/** A step failure reported with another reason than its step's (a missing path is ArtifactFailed, and retried). */
class ReasonedError extends Error {
  readonly reason: string;

  constructor(reason: string, cause: Error) {
    super(cause.message, { cause });
    this.reason = reason;
  }
}

type KustomizationStatus = NonNullable<Kustomization['status']>;

async function writeStatus(ctx: ServiceContext, run: BuildRun, mutate: (latest: Kustomization & KubeObject) => KustomizationStatus): Promise<void> {
  const ref = { apiVersion: run.obj.apiVersion, kind: run.obj.kind, namespace: run.k.metadata.namespace, name: run.k.metadata.name };
  const stored = await updateStatus<KustomizationStatus, Kustomization & KubeObject>(ctx.kube, ref, (latest) => ({
    ...mutate(latest),
    ...(run.requestedAt ? { lastHandledReconcileAt: run.requestedAt } : {}),
  }), { current: run.latest as Kustomization & KubeObject });
  if (stored) run.latest = stored;
}

async function publishEvent(ctx: ServiceContext, run: BuildRun, severity: 'info' | 'error', reason: string, message: string): Promise<void> {
  const metadata: Record<string, string> = run.artifact ? { [`${KUSTOMIZE_GROUP}/revision`]: run.artifact.revision } : {};
  await ctx.bus.publish('event', { involvedObject: involvedObject(run.obj), severity, reason, message, metadata, payload: {} });
  await ctx.events.record(run.obj, { type: severity === 'error' ? 'Warning' : 'Normal', reason, message, annotations: metadata });
}

/** Success: tell the applier. The message id is the request's stream sequence, so a redelivered request is not applied twice. */
async function handOff(ctx: ServiceContext, run: BuildRun, delivery: Delivery): Promise<void> {
  await ctx.bus.publish('build', {
    involvedObject: involvedObject(run.obj),
    reason: MetaReason.Progressing,
    message: `built ${run.built!.objectCount} objects from revision ${run.artifact!.revision}`,
    metadata: { [`${KUSTOMIZE_GROUP}/revision`]: run.artifact!.revision },
    payload: {
      result: 'built', sourceRevision: run.artifact!.revision, digest: run.built!.digest,
      ...(run.objectName ? { objectName: run.objectName } : { manifests: run.built!.yaml }),
      objectCount: run.built!.objectCount, generation: run.k.metadata.generation ?? 0,
    },
  }, { msgId: messageId('build', run.obj.metadata.uid ?? subjectOf(run.k), String(delivery.streamSequence)) });
}

/** The new revision changed nothing in this build: record it as applied and wake dependents, as an apply would. */
async function recordUnchanged(ctx: ServiceContext, deps: BuilderDeps, run: BuildRun): Promise<void> {
  const revision = run.artifact!.revision;
  const started = Date.now();
  await writeStatus(ctx, run, (latest) => ({
    ...markReady(latest, { message: `Applied revision: ${revision}` }, { now: ctx.now() }).status,
    lastAppliedRevision: revision,
    lastAttemptedRevision: revision,
    history: recordReconciliation(latest.status?.history, {
      digest: run.built!.digest, status: MetaReason.ReconciliationSucceeded, at: ctx.now(), durationMs: Date.now() - started, metadata: { revision },
    }),
  }));
  // Only dependents listen for `ready` (the builder's own wake-ups); a Kustomization nobody depends on skips it.
  if (deps.graph.dependentsOf(nodeKey(run.k.metadata.namespace ?? '', run.k.metadata.name)).length === 0) return;
  await ctx.bus.publish('ready', {
    involvedObject: involvedObject(run.latest), reason: MetaReason.ReconciliationSucceeded, message: `Applied revision: ${revision}`,
    metadata: { [`${KUSTOMIZE_GROUP}/revision`]: revision },
    payload: { ready: true, reason: MetaReason.ReconciliationSucceeded, revision, observedGeneration: run.k.metadata.generation ?? 0 },
  });
}

async function onFailure(ctx: ServiceContext, run: BuildRun, error: StepError): Promise<void> {
  await writeStatus(ctx, run, (latest) => {
    const marked = error.terminal && error.reason === SluiceReason.DependencyCycle
      ? markStalled(latest, { reason: error.reason, message: error.message }, { now: ctx.now() })
      : markNotReady(latest, { reason: error.reason, message: error.message }, { now: ctx.now() });
    return { ...marked.status, ...(run.artifact ? { lastAttemptedRevision: run.artifact.revision } : {}) };
  });
  await ctx.bus.publish('build', {
    involvedObject: involvedObject(run.obj), severity: 'error', reason: error.reason, message: error.message,
    payload: { result: 'failed', sourceRevision: run.artifact?.revision ?? '', error: { message: error.message }, generation: run.k.metadata.generation ?? 0 },
  });
  await publishEvent(ctx, run, 'error', error.reason, error.message);
}

/** An object the API server accepted but Flux's schema does not: Stalled until its spec changes. */
async function stallInvalid(ctx: ServiceContext, obj: KubeObject, message: string): Promise<void> {
  const ref = { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' };
  await updateStatus<KustomizationStatus, Kustomization & KubeObject>(ctx.kube, ref, (latest) =>
    markStalled(latest, { reason: MetaReason.ReconciliationFailed, message }, { now: ctx.now() }).status ?? {});
  ctx.logger.error('invalid Kustomization', { object: `Kustomization/${obj.metadata.namespace}/${obj.metadata.name}`, error: message });
}

/** The Kustomization reconciler of the builder. */
export function createKustomizationReconciler(ctx: ServiceContext, deps: BuilderDeps) {
  const plan = steps(ctx, deps);
  return {
    apiVersion: `${KUSTOMIZE_GROUP}/v1`,
    kind: 'Kustomization',
    ...(deps.isStale ? { isStale: deps.isStale } : {}),
    ...(deps.cachedKustomization ? { cached: deps.cachedKustomization } : {}),
    async reconcile(obj: KubeObject, request: Envelope<'reconcile'>, _signal: AbortSignal, delivery: Delivery): Promise<Requeue | undefined> {
      const k = asKustomization(obj);
      if (!k) {
        const parsed = parseKustomization(obj, { unknownFields: 'drop' });
        await stallInvalid(ctx, obj, parsed.ok ? 'invalid Kustomization' : parsed.errors.map((e) => e.message).join('; '));
        return undefined;
      }
      const settings = kustomizationSettings(k);
      if (settings.suspend || obj.metadata.deletionTimestamp) return undefined;
      const requestedAt = request.payload.trigger === 'requested' ? obj.metadata.annotations?.[REQUESTED_AT_ANNOTATION] : undefined;
      const run: BuildRun = { k, obj, latest: obj, requestedAt, trigger: request.payload.trigger };
      const started = Date.now();
      const subject = { kind: 'Kustomization', namespace: k.metadata.namespace ?? '', name: k.metadata.name };
      const result = await ctx.tracer.startActiveSpan(`build ${subjectOf(k)}`, async (span) => {
        span.setAttribute('sluice.object', subjectOf(k));
        const r = await runSteps(run, plan, ctx.tracer);
        if (run.artifact) span.setAttribute('sluice.revision', run.artifact.revision);
        if (run.built) span.setAttributes({ 'sluice.digest': run.built.digest, 'sluice.objects': run.built.objectCount });
        if (!r.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: r.error.message });
        span.end();
        return r;
      });
      if (!result.ok) {
        await onFailure(ctx, run, result.error).catch((err: unknown) => ctx.logger.warn('reporting a build failure failed', { error: errorMessage(err) }));
        ctx.metrics.observeReconcile(subject, 'failure', (Date.now() - started) / 1000);
        ctx.metrics.setCondition(subject, ConditionType.Ready, 'False');
        return result.error.terminal ? undefined : { trigger: 'retry', afterMs: settings.retryIntervalMs };
      }
      if (result.halted?.reason === UNCHANGED) {
        await recordUnchanged(ctx, deps, run);
        ctx.metrics.observeReconcile(subject, 'success', (Date.now() - started) / 1000);
        return { trigger: 'interval', afterMs: settings.intervalMs };
      }
      if (result.halted) {
        await writeStatus(ctx, run, (latest) => markNotReady(latest, { reason: result.halted!.reason, message: result.halted!.message }, { now: ctx.now() }).status ?? {});
        await publishEvent(ctx, run, 'info', result.halted.reason, result.halted.message);
        ctx.metrics.observeReconcile(subject, 'skipped', (Date.now() - started) / 1000);
        return { trigger: 'interval', afterMs: settings.intervalMs };
      }
      await handOff(ctx, run, delivery);
      ctx.metrics.observeReconcile(subject, 'success', (Date.now() - started) / 1000);
      return { trigger: 'interval', afterMs: settings.intervalMs };
    },
  };
}
