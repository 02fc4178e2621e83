import { strict as assert } from 'node:assert';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServiceProcess, stopServiceProcess, type ServiceProcess } from '@sluice/cli';
import { setupTestTelemetry, startOtlpReceiver, type OtlpReceiver, type TestTelemetry } from '@sluice/telemetry/testing';
import { createGitRepo, serveGitHttp, type GitRepoFixture, type GitServer } from '@sluice/testing';
import { kubeconfigVia, startFaultProxy, type FaultProxy } from './support/fault-proxy.js';
import { configMapYaml, fluxRef, fluxSystem, gitRepository, kustomization } from './support/flux.js';
import { startPipeline, type Pipeline } from './support/pipeline.js';

const isApplyOf = (name: string) => (r: { method: string; path: string }) =>
  r.method === 'PATCH' && r.path.includes(`/configmaps/${name}?`) && r.path.includes('fieldManager=kustomize-controller') && !r.path.includes('dryRun');

describe('applier replicas', function () {
  this.timeout(120_000);
  let pipeline: Pipeline;
  let repo: GitRepoFixture;
  let git: GitServer;
  let proxy: FaultProxy;
  let telemetry: TestTelemetry;
  let otlp: OtlpReceiver;
  const replicas: ServiceProcess[] = [];

  before(async () => {
    telemetry = setupTestTelemetry('e2e');
    otlp = await startOtlpReceiver();
    repo = await createGitRepo({
      name: 'replicas',
      branch: 'main',
      files: {
        'apps/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: replicas\n',
        'apps/fast.yaml': configMapYaml('fast', 'replicas', { v: '1' }),
        'apps/slow.yaml': configMapYaml('slow', 'replicas', { v: '1' }),
      },
    });
    git = await serveGitHttp(repo.root);
    pipeline = await startPipeline({ services: ['source-fetcher', 'builder'], ackWaitMs: 3000, leaseTtlMs: 3000 });
    let heldOnce = false;
    proxy = await startFaultProxy(pipeline.apiServerUrl, (r) => {
      if (heldOnce || !isApplyOf('slow')(r)) return false;
      heldOnce = true;
      return true;
    });
    const kubeconfig = join(pipeline.workDir, 'kubeconfig-via-proxy');
    await writeFile(kubeconfig, kubeconfigVia(await readFile(pipeline.kubeconfigPath, 'utf8'), proxy.url));
    const env = {
      NATS_URL: pipeline.nats.url, KUBECONFIG: kubeconfig, SLUICE_BUS_PREFIX: pipeline.prefix,
      SLUICE_ACK_WAIT_MS: '3000', SLUICE_LEASE_TTL_MS: '3000', OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    for (const instance of ['applier-a', 'applier-b']) {
      const p = await startServiceProcess('applier', 0, pipeline.workDir, env, instance);
      assert.ok(p, 'the applier entry point exists');
      replicas.push(p);
    }
  });
  after(async () => {
    for (const p of replicas) await stopServiceProcess(p, 2000);
    if (process.env.SLUICE_E2E_DEBUG) for (const p of replicas) process.stderr.write(`== ${p.instance}\n${await readFile(p.logFile, 'utf8').catch(() => '')}\n`);
    await proxy?.stop();
    await otlp?.stop();
    await telemetry?.shutdown();
    await pipeline?.stop();
    await git?.stop();
    await repo?.remove();
  });

  it('finishes a reconciliation whose replica was killed mid-apply, without two replicas applying at once', async () => {
    await pipeline.apply([fluxSystem, gitRepository('replicas', git.url('replicas'), { interval: '1m' }), kustomization('replicas', 'replicas', './apps')]);
    const held = await Promise.race([proxy.firstHeld, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no apply was held; proxy saw: ${proxy.log.map((r) => `${r.method} ${r.path} ${r.userAgent}`).slice(-15).join("\n")}`)), 30_000))]);
    const victim = replicas.find((p) => held.userAgent.endsWith(`/${p.instance}`));
    assert.ok(victim, `the held request names its replica: ${held.userAgent}`);
    victim.child.kill('SIGKILL');
    await new Promise((r) => victim.child.once('exit', r));
    proxy.releaseHeld();

    const head = await repo.head();
    const k = await pipeline.waitForCondition(fluxRef('Kustomization', 'replicas'), 'Ready', 'True', undefined, 60_000);
    assert.equal((k.status as { lastAppliedRevision?: string }).lastAppliedRevision, `main@sha1:${head}`);
    assert.equal(((await pipeline.kube.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'replicas', name: 'slow' }))?.data as { v: string }).v, '1');

    const victimName = victim.instance;
    const applies = proxy.log.filter((r) => r.method === 'PATCH' && r.path.includes('fieldManager=kustomize-controller') && !r.path.includes('dryRun'));
    const byVictim = applies.filter((r) => r.userAgent.endsWith(`/${victimName}`));
    const bySurvivor = applies.filter((r) => !r.userAgent.endsWith(`/${victimName}`));
    assert.ok(bySurvivor.length > 0, 'the surviving replica finished the apply');
    assert.ok(bySurvivor.every((r) => r.at > held.at), 'the survivor only started after the victim was stuck (one replica per object at a time)');
    assert.ok(byVictim.every((r) => r.at <= held.at), 'the victim applied nothing after it was killed');
  });

  it('exports the survivor\'s apply span over OTLP in the same trace as the in-process build', async () => {
    const builds = telemetry.finishedSpans().filter((s) => s.name === 'build Kustomization/flux-system/replicas');
    assert.ok(builds.length > 0, 'the in-process builder traced the build');
    const traces = new Set(builds.map((s) => s.spanContext().traceId));
    const deadline = Date.now() + 15_000;
    let apply: ReturnType<OtlpReceiver['spans']>[number] | undefined;
    while (!apply && Date.now() < deadline) {
      apply = otlp.spans().find((s) => s.name === 'apply Kustomization/flux-system/replicas' && traces.has(s.traceId));
      if (!apply) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(apply, `an exported apply span shares a trace with a build; got ${otlp.spans().map((s) => s.name).join(', ')}`);
    assert.equal(apply.serviceName, 'sluice-applier');
    assert.equal(apply.attributes['sluice.revision'], `main@sha1:${await repo.head()}`);
  });

  it('serves /readyz and gotk_* metrics from the surviving process, and drains and exits 0 on SIGTERM', async () => {
    const survivor = replicas.find((p) => p.child.exitCode === null && p.child.signalCode === null)!;
    const started = (await readFile(survivor.logFile, 'utf8')).split('\n').map((l) => (l ? JSON.parse(l) as { msg: string; ops?: string } : undefined)).find((r) => r?.msg === 'started');
    assert.ok(started?.ops, 'the start log names the ops URL');
    assert.equal((await fetch(`${started.ops}/readyz`)).status, 200);
    const metrics = await (await fetch(`${started.ops}/metrics`)).text();
    assert.match(metrics, /^gotk_reconcile_duration_seconds_count\{.*name="replicas".*\} [1-9]/m);
    assert.match(metrics, /^sluice_queue_depth\{.*consumer="applier".*\} 0$/m);
    await stopServiceProcess(survivor, 10_000);
    assert.equal(survivor.child.exitCode, 0, 'a clean exit, not the SIGKILL after the grace period');
  });
});
