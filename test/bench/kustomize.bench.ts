/**
 * `npm run bench -- kustomize`: in-process `@sluice/kustomize` builds against the real `kubectl kustomize` process
 * (kustomize 5.7.1) on the same input: a podinfo overlay, and a generated overlay of 2,000 resources with patches and
 * generators. Prints medians; never asserts.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, diskFileSystem } from '@sluice/kustomize';
import { ensureReferenceTools } from '@sluice/testing';

const run = promisify(execFile);
const PODINFO = new URL('../../libs/kustomize/test/fixtures/flux-repos/podinfo/kustomize/', import.meta.url).pathname;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** A podinfo overlay as a Flux user writes one: namespace, prefix, labels, image tag, a patch, a generator. */
export function writePodinfoOverlay(dir: string): void {
  cpSync(PODINFO, join(dir, 'base'), { recursive: true });
  mkdirSync(join(dir, 'overlay'));
  writeFileSync(join(dir, 'overlay/kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: apps
namePrefix: prod-
resources:
- ../base
labels:
- pairs:
    env: production
  includeSelectors: true
images:
- name: ghcr.io/stefanprodan/podinfo
  newTag: 6.9.0
configMapGenerator:
- name: podinfo-config
  literals:
  - PODINFO_UI_COLOR=#34577c
patches:
- target:
    kind: HorizontalPodAutoscaler
    name: podinfo
  patch: |-
    - op: replace
      path: /spec/minReplicas
      value: 3
- patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: podinfo
    spec:
      template:
        spec:
          containers:
          - name: podinfod
            envFrom:
            - configMapRef:
                name: podinfo-config
`);
}

/** 2,000 resources: 500 apps of Deployment, Service, ConfigMap and ServiceAccount, overlaid with patches and generators. */
export function writeLargeOverlay(dir: string): void {
  const docs: string[] = [];
  for (let i = 0; i < 500; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  labels:
    app: app-${i}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
    spec:
      serviceAccountName: app-${i}
      containers:
      - name: main
        image: nginx:1.25
        ports:
        - containerPort: 8080
          name: http
        envFrom:
        - configMapRef:
            name: app-${i}-config
        - configMapRef:
            name: shared-settings
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
`, `apiVersion: v1
kind: Service
metadata:
  name: app-${i}
spec:
  selector:
    app: app-${i}
  ports:
  - name: http
    port: 80
    targetPort: http
`, `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-${i}-config
data:
  LOG_LEVEL: info
  FEATURE_X: "true"
`, `apiVersion: v1
kind: ServiceAccount
metadata:
  name: app-${i}
`);
  }
  mkdirSync(join(dir, 'base'), { recursive: true });
  writeFileSync(join(dir, 'base/resources.yaml'), docs.join('---\n'));
  writeFileSync(join(dir, 'base/kustomization.yaml'), 'resources:\n- resources.yaml\ncommonLabels:\n  team: platform\n');
  mkdirSync(join(dir, 'overlay'));
  writeFileSync(join(dir, 'overlay/kustomization.yaml'), `namespace: prod
namePrefix: prod-
resources:
- ../base
labels:
- pairs:
    env: production
images:
- name: nginx
  newTag: "1.27"
configMapGenerator:
- name: shared-settings
  literals:
  - REGION=eu-west-1
  - TIER=gold
secretGenerator:
- name: shared-credentials
  literals:
  - TOKEN=secret
patches:
- target:
    kind: Deployment
  patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: any
    spec:
      template:
        spec:
          containers:
          - name: main
            env:
            - name: ENVIRONMENT
              value: production
- target:
    kind: Service
  patch: |-
    - op: add
      path: /metadata/annotations
      value:
        prometheus.io/scrape: "true"
`);
}

async function measure(label: string, dir: string, runs: { engine: number; kubectl: number }): Promise<void> {
  const { kubectl } = await ensureReferenceTools();
  const overlay = join(dir, 'overlay');
  const fs = diskFileSystem('/');
  const first = await build(fs, overlay);
  const engine: number[] = [];
  for (let i = 0; i < runs.engine; i++) {
    const t = performance.now();
    await build(diskFileSystem('/'), overlay);
    engine.push(performance.now() - t);
  }
  const ref: number[] = [];
  let refYaml = '';
  for (let i = 0; i < runs.kubectl; i++) {
    const t = performance.now();
    refYaml = (await run(kubectl, ['kustomize', overlay], { maxBuffer: 256 << 20 })).stdout;
    ref.push(performance.now() - t);
  }
  const e = median(engine);
  const k = median(ref);
  process.stdout.write(
    `${label}: ${first.resources.length} resources; in-process build ${e.toFixed(1)} ms (median of ${runs.engine}, warm), ` +
      `kubectl kustomize ${k.toFixed(1)} ms (median of ${runs.kubectl} processes), ${(k / e).toFixed(1)}x faster; ` +
      `output ${first.yaml === refYaml ? 'identical' : 'DIFFERS'}\n`,
  );
}

export default async function kustomizeBench(_args: string[]): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'sluice-kustomize-bench-'));
  try {
    writePodinfoOverlay(join(work, 'podinfo'));
    writeLargeOverlay(join(work, 'large'));
    await measure('podinfo overlay', join(work, 'podinfo'), { engine: 30, kubectl: 9 });
    await measure('generated overlay', join(work, 'large'), { engine: 9, kubectl: 3 });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
