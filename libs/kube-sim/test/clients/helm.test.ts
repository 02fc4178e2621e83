/** helm 4.1 (the reference binary) against the simulated server: install, upgrade and uninstall with --wait. */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureReferenceTools } from '@sluice/testing';
import { startKubeSim, type KubeSim } from '@sluice/kube-sim';
import { api, type Api } from '../support/api.js';

const run = promisify(execFile);

const CHART = {
  'Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
  'templates/deployment.yaml': [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: {{ .Release.Name }}-web', 'spec:', '  replicas: {{ .Values.replicas | default 1 }}',
    '  selector: {matchLabels: {app: {{ .Release.Name }}}}', '  template:', '    metadata: {labels: {app: {{ .Release.Name }}}}',
    '    spec: {containers: [{name: web, image: "nginx:1.27"}]}', '',
  ].join('\n'),
  'templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cfg\ndata:\n  replicas: "{{ .Values.replicas | default 1 }}"\n',
};

describe('helm against the simulated server', function () {
  this.timeout(60_000);
  let sim: KubeSim;
  let a: Api;
  let home: string;
  let helm: (...args: string[]) => Promise<string>;

  before(async () => {
    const tools = await ensureReferenceTools();
    sim = await startKubeSim({ readyDelayMs: 20 });
    a = api(sim);
    home = await mkdtemp(join(tmpdir(), 'kube-sim-helm-'));
    await mkdir(join(home, 'chart', 'templates'), { recursive: true });
    for (const [file, text] of Object.entries(CHART)) await writeFile(join(home, 'chart', file), text);
    await sim.writeKubeconfig(join(home, 'kubeconfig'));
    const env = { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: join(home, 'kubeconfig') };
    helm = async (...args) => (await run(tools.helm, args, { env, timeout: 45_000 })).stdout;
  });

  after(async () => {
    await sim?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('installs and waits for the Deployment to be ready, keeping the release in a Secret', async () => {
    const out = await helm('install', 'demo', join(home, 'chart'), '--wait', '--timeout', '30s');
    assert.match(out, /STATUS: deployed\nREVISION: 1/);
    const secrets = (await a.get('/api/v1/namespaces/default/secrets?labelSelector=owner%3Dhelm')).body.items as { metadata: { name: string } }[];
    assert.deepEqual(secrets.map((s) => s.metadata.name), ['sh.helm.release.v1.demo.v1']);
    assert.equal((await a.get('/apis/apps/v1/namespaces/default/deployments/demo-web')).status, 200);
  });

  it('upgrades to a second revision', async () => {
    const out = await helm('upgrade', 'demo', join(home, 'chart'), '--set', 'replicas=2', '--wait', '--timeout', '30s');
    assert.match(out, /STATUS: deployed\nREVISION: 2/);
    const cm = await a.get('/api/v1/namespaces/default/configmaps/demo-cfg');
    assert.deepEqual(cm.body.data, { replicas: '2' });
  });

  it('uninstalls the release and purges its history', async () => {
    const out = await helm('uninstall', 'demo', '--wait');
    assert.match(out, /release "demo" uninstalled/);
    assert.equal((await a.get('/apis/apps/v1/namespaces/default/deployments/demo-web')).status, 404);
    const secrets = (await a.get('/api/v1/namespaces/default/secrets?labelSelector=owner%3Dhelm')).body.items as unknown[];
    assert.deepEqual(secrets, []);
  });
});
