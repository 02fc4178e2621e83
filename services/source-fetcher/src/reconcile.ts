/**
 * Reconciling a GitRepository as named steps: read its credentials, fetch the ref, pack the tree into an artifact,
 * store it (only when it changed), write status, and announce a new revision on the bus. A fetch failure keeps the
 * last artifact and marks the source not Ready; nothing downstream is told.
 */
import { join } from 'node:path';
import { SpanStatusCode } from '@opentelemetry/api';
import {
  ConditionType, MetaReason, SOURCE_GROUP, SourceReason, markNotReady, markReady, parseGitRepository, rfc3339, setCondition,
  sourceSettings, type Artifact, type GitRepository,
} from '@sluice/api';
import { defaultUnpackLimits, packEntries, readTar, type PackedArtifact } from '@sluice/artifact';
import { messageId, type Envelope } from '@sluice/bus';
import { errorMessage } from '@sluice/errors';
import {
  REQUESTED_AT_ANNOTATION, TerminalError, involvedObject, runSteps, updateStatus, type KubeObject, type Reconciler,
  type Requeue, type ServiceContext, type Step, type StepError,
} from '@sluice/runtime';
import { archiveTree, fetchRevision, type GitAuth, type GitCheckout } from './git.js';

/** Options of {@link createGitRepositoryReconciler}. */
export interface GitRepositoryReconcilerOptions {
  /** Folder under which each GitRepository keeps its checkout (`<dir>/<namespace>/<name>`). */
  readonly workDir: string;
  /** The artifact URL written into status for an object-store path. */
  readonly artifactUrl?: (path: string) => string;
  /** Cap on the retry delay after a failed fetch (the interval is used when shorter). */
  readonly maxRetryMs?: number;
}

/** What the steps share. */
interface RunContext {
  readonly repo: GitRepository;
  readonly obj: KubeObject;
  auth?: GitAuth;
  checkout?: GitCheckout;
  packed?: PackedArtifact;
  artifact?: Artifact;
  changed?: boolean;
}

/** The Kubernetes Event and bus event reason for a stored new artifact, as source-controller names it. */
const NEW_ARTIFACT = 'NewArtifact';

/** Flux's artifact path: `gitrepository/<namespace>/<name>/<digest hex>.tar.gz`. */
export function artifactPath(repo: { metadata: { namespace?: string; name: string } }, digest: string): string {
  return `gitrepository/${repo.metadata.namespace ?? ''}/${repo.metadata.name}/${digest.replace(/^sha256:/, '')}.tar.gz`;
}

async function readAuth(ctx: ServiceContext, repo: GitRepository): Promise<GitAuth | undefined> {
  const ref = repo.spec.secretRef;
  if (!ref) return undefined;
  const secret = await ctx.kube.get<KubeObject & { data?: Record<string, string> }>({ apiVersion: 'v1', kind: 'Secret', namespace: repo.metadata.namespace, name: ref.name });
  if (!secret) throw new Error(`secret '${repo.metadata.namespace}/${ref.name}' not found`);
  const value = (key: string): string | undefined => (secret.data?.[key] === undefined ? undefined : Buffer.from(secret.data[key], 'base64').toString('utf8'));
  const bearerToken = value('bearerToken');
  if (bearerToken) return { bearerToken };
  const username = value('username');
  const password = value('password');
  if (username !== undefined && password !== undefined) return { username, password };
  throw new Error(`secret '${repo.metadata.namespace}/${ref.name}': expected 'username' and 'password', or 'bearerToken'`);
}

function steps(ctx: ServiceContext, opts: GitRepositoryReconcilerOptions): Step<RunContext>[] {
  return [
    { name: 'readCredentials', reason: SourceReason.AuthenticationFailed, run: async (run) => {
      const auth = await readAuth(ctx, run.repo);
      if (auth) run.auth = auth;
    } },
    { name: 'fetch', reason: SourceReason.GitOperationFailed, run: async (run) => {
      const { repo } = run;
      run.checkout = await fetchRevision({
        url: repo.spec.url, ref: repo.spec.ref ?? {}, auth: run.auth, timeoutMs: sourceSettings(repo).timeoutMs,
        dir: join(opts.workDir, repo.metadata.namespace ?? '', repo.metadata.name),
      });
    } },
    { name: 'package', reason: SourceReason.ArchiveOperationFailed, run: async (run) => {
      const subject = `GitRepository/${run.repo.metadata.namespace}/${run.repo.metadata.name} artifact`;
      const tar = await archiveTree(run.checkout!.dir, run.checkout!.commit, sourceSettings(run.repo).timeoutMs);
      run.packed = packEntries(readTar(tar, subject, defaultUnpackLimits()), subject);
    } },
    { name: 'store', reason: SourceReason.ArchiveOperationFailed, run: async (run) => {
      const { packed, repo } = run;
      const previous = repo.status?.artifact;
      const revision = run.checkout!.revision;
      run.changed = previous?.digest !== packed!.digest || previous.revision !== revision;
      const path = artifactPath(repo, packed!.digest);
      if (run.changed) {
        const store = await ctx.bus.objectStore('artifacts');
        await store.putBlob({ name: path }, packed!.data);
      }
      run.artifact = {
        path,
        url: (opts.artifactUrl ?? ((p) => `nats-object://${ctx.bus.prefix}-artifacts/${p}`))(path),
        revision,
        digest: packed!.digest,
        lastUpdateTime: run.changed || !previous ? rfc3339(ctx.now()) : previous.lastUpdateTime,
        size: packed!.data.length,
      };
    } },
  ];
}

/** The status after a successful run: the new artifact and Ready/ArtifactInStorage conditions. */
function succeeded(latest: GitRepository, run: RunContext, requestedAt: string | undefined, now: Date): GitRepository['status'] {
  const message = `stored artifact for revision '${run.artifact!.revision}'`;
  const ready = markReady(latest, { reason: MetaReason.Succeeded, message }, { now });
  const conditions = setCondition(
    (ready.status?.conditions ?? []).filter((c) => c.type !== 'FetchFailed'),
    { type: 'ArtifactInStorage', status: 'True', reason: MetaReason.Succeeded, message },
    { now, ...(latest.metadata.generation === undefined ? {} : { observedGeneration: latest.metadata.generation }) },
  );
  return { ...ready.status, conditions, artifact: run.artifact!, ...(requestedAt ? { lastHandledReconcileAt: requestedAt } : {}) };
}

/** The status after a failed run: Ready=False with the step's reason, the last artifact kept. */
function failed(latest: GitRepository, error: StepError, requestedAt: string | undefined, now: Date): GitRepository['status'] {
  const notReady = markNotReady(latest, { reason: error.reason, message: error.message }, { now });
  const conditions = setCondition(notReady.status?.conditions, { type: 'FetchFailed', status: 'True', reason: error.reason, message: error.message }, {
    now, ...(latest.metadata.generation === undefined ? {} : { observedGeneration: latest.metadata.generation }),
  });
  return { ...notReady.status, conditions, ...(requestedAt ? { lastHandledReconcileAt: requestedAt } : {}) };
}

async function announce(ctx: ServiceContext, run: RunContext): Promise<void> {
  const artifact = run.artifact!;
  const digest = run.packed!.digest;
  const path = artifactPath(run.repo, digest);
  const involved = involvedObject(run.obj);
  const metadata = { [`${SOURCE_GROUP}/revision`]: artifact.revision };
  await ctx.bus.publish('revision', {
    involvedObject: involved, reason: NEW_ARTIFACT, message: `stored artifact for revision '${artifact.revision}'`, metadata,
    payload: {
      artifact: { revision: artifact.revision, digest, size: artifact.size ?? 0, lastUpdateTime: artifact.lastUpdateTime, objectName: path, path, url: artifact.url ?? '' },
      sourceGeneration: run.obj.metadata.generation ?? 0,
    },
  }, { msgId: messageId('revision', involved.uid ?? `${involved.namespace}/${involved.name}`, digest, artifact.revision) });
  await ctx.bus.publish('event', { involvedObject: involved, reason: NEW_ARTIFACT, message: `stored artifact for revision '${artifact.revision}'`, metadata, payload: {} });
  await ctx.events.record(run.obj, { type: 'Normal', reason: NEW_ARTIFACT, message: `stored artifact for commit '${artifact.revision}'`, annotations: metadata });
}

async function reportFailure(ctx: ServiceContext, obj: KubeObject, error: StepError): Promise<void> {
  await ctx.bus.publish('event', { involvedObject: involvedObject(obj), severity: 'error', reason: error.reason, message: error.message, payload: {} });
  await ctx.events.record(obj, { type: 'Warning', reason: error.reason, message: error.message });
}

/** The GitRepository reconciler of the source-fetcher. */
export function createGitRepositoryReconciler(ctx: ServiceContext, opts: GitRepositoryReconcilerOptions): Reconciler {
  const plan = steps(ctx, opts);
  return {
    apiVersion: `${SOURCE_GROUP}/v1`,
    kind: 'GitRepository',
    async reconcile(obj: KubeObject, request: Envelope<'reconcile'>): Promise<Requeue | undefined> {
      const parsed = parseGitRepository(obj, { unknownFields: 'drop' });
      if (!parsed.ok) throw new TerminalError(parsed.errors.map((e) => e.message).join('; '));
      const repo = parsed.value;
      const settings = sourceSettings(repo);
      if (settings.suspend || obj.metadata.deletionTimestamp) return undefined;
      const requestedAt = request.payload.trigger === 'requested' ? obj.metadata.annotations?.[REQUESTED_AT_ANNOTATION] : undefined;
      const started = Date.now();
      const run: RunContext = { repo, obj };
      const result = await ctx.tracer.startActiveSpan(`fetch GitRepository/${repo.metadata.namespace}/${repo.metadata.name}`, async (span) => {
        span.setAttribute('sluice.object', `GitRepository/${repo.metadata.namespace}/${repo.metadata.name}`);
        const r = await runSteps(run, plan, ctx.tracer);
        if (run.artifact) span.setAttributes({ 'sluice.revision': run.artifact.revision, 'sluice.digest': run.artifact.digest });
        if (!r.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: r.error.message });
        span.end();
        return r;
      });
      const subject = { kind: 'GitRepository', namespace: repo.metadata.namespace ?? '', name: repo.metadata.name };
      const ref = { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace, name: repo.metadata.name };
      if (!result.ok) {
        await updateStatus<GitRepository['status'], GitRepository & KubeObject>(ctx.kube, ref, (latest) => failed(latest, result.error, requestedAt, ctx.now()));
        await reportFailure(ctx, obj, result.error).catch((err: unknown) => ctx.logger.warn('reporting a failure failed', { error: errorMessage(err) }));
        ctx.metrics.observeReconcile(subject, 'failure', (Date.now() - started) / 1000);
        ctx.metrics.setCondition(subject, ConditionType.Ready, 'False');
        return { trigger: 'retry', afterMs: Math.min(settings.intervalMs, opts.maxRetryMs ?? 60_000) };
      }
      await updateStatus<GitRepository['status'], GitRepository & KubeObject>(ctx.kube, ref, (latest) => succeeded(latest, run, requestedAt, ctx.now()));
      if (run.changed) await announce(ctx, run);
      ctx.metrics.observeReconcile(subject, 'success', (Date.now() - started) / 1000);
      ctx.metrics.setCondition(subject, ConditionType.Ready, 'True');
      return { trigger: 'interval', afterMs: settings.intervalMs };
    },
  };
}
