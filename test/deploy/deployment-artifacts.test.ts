import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, parseAllDocuments } from 'yaml';
import { SERVICES } from '@sluice/cli';
import { startKubeSim, type KubeSim } from '@sluice/kube-sim';
import { createKubeClient, type KubeObject } from '@sluice/runtime';
import { ensureReferenceTools } from '@sluice/testing';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

/** `services/x/dist/main.js` → `services/x/src/main.ts`: the source a compiled entry point comes from. */
const sourceOf = (entry: string): string => join(root, entry.replace('/dist/', '/src/').replace(/\.js$/, '.ts'));

describe('deployment artifacts', function () {
  this.timeout(60_000);

  describe('the Helm chart', () => {
    let sim: KubeSim;
    let dir: string;
    before(async () => {
      sim = await startKubeSim({});
      dir = await mkdtemp(join(tmpdir(), 'sluice-chart-'));
      await writeFile(join(dir, 'kubeconfig'), sim.kubeconfig);
    });
    after(async () => {
      await sim.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('lints, renders a Deployment, ServiceAccount and ClusterRole per service, and every object passes server-side dry-run', async () => {
      const { helm } = await ensureReferenceTools();
      await run(helm, ['lint', join(root, 'helm/sluice')]);
      const { stdout } = await run(helm, ['template', 'sluice', join(root, 'helm/sluice'), '--namespace', 'sluice-system', '--include-crds'], { maxBuffer: 32 << 20 });
      const objects = parseAllDocuments(stdout).map((d) => d.toJSON() as KubeObject).filter(Boolean);
      for (const s of SERVICES) {
        for (const kind of ['Deployment', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Service']) {
          assert.ok(objects.some((o) => o.kind === kind && o.metadata.name === `sluice-${s.name}`), `${kind}/sluice-${s.name}`);
        }
      }
      assert.equal(objects.filter((o) => o.kind === 'CustomResourceDefinition').length, 9);
      const kube = createKubeClient({ kubeconfig: join(dir, 'kubeconfig') });
      try {
        await kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sluice-system' } }, { fieldManager: 'test', force: true });
        for (const o of objects.filter((x) => x.kind === 'CustomResourceDefinition')) await kube.apply(o, { fieldManager: 'helm', force: true, dryRun: true });
        for (const o of objects.filter((x) => x.kind !== 'CustomResourceDefinition')) await kube.apply(o, { fieldManager: 'helm', force: true, dryRun: true });
      } finally {
        kube.close();
      }
    });
  });

  describe('docker-compose.yml', () => {
    it('runs every service from an entry point that exists, wired to NATS, the cluster and the trace collector', async () => {
      const compose = parse(await readFile(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
        services: Record<string, { build?: { dockerfile: string; args?: { ENTRY?: string } }; command?: string[]; environment?: Record<string, string> }>;
      };
      for (const s of SERVICES) {
        const svc = compose.services[s.name];
        assert.ok(svc, `compose service ${s.name}`);
        assert.equal(svc.build?.dockerfile, 'deploy/docker/Dockerfile');
        assert.ok(existsSync(sourceOf(svc.build?.args?.ENTRY ?? '')), `${s.name}: ENTRY ${svc.build?.args?.ENTRY} compiles from an existing source`);
        assert.equal(svc.environment?.NATS_URL, 'nats://nats:4222');
        assert.equal(svc.environment?.KUBECONFIG, '/kube/config');
        assert.equal(svc.environment?.OTEL_EXPORTER_OTLP_ENDPOINT, 'http://jaeger:4318');
      }
      for (const name of ['kube-sim', 'install']) {
        const command = compose.services[name]?.command ?? [];
        assert.equal(command[0], 'node');
        assert.ok(existsSync(sourceOf(command[1]!)), `${name}: ${command[1]} compiles from an existing source`);
      }
      assert.ok(existsSync(join(root, 'deploy/docker/Dockerfile')));
    });
  });
});
