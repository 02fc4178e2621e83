/**
 * Random kustomization trees for differential testing: a base (or two), an optional component and an overlay using
 * prefixes, suffixes, namespaces, labels, annotations, generators, strategic-merge and JSON patches, images and
 * replicas. A seeded PRNG makes every tree reproducible from (seed, index).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { seededRandom } from '@sluice/testing';


class Rand {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  word(): string {
    return this.pick(['alpha', 'beta', 'gamma', 'delta', 'web', 'api', 'db', 'cache', 'queue', 'front', 'back', 'edge']);
  }
}

/** A file tree: relative path → content. */
export type Tree = Record<string, string>;

function deployment(r: Rand, name: string, cm: string, secret: string, sa: string): string {
  const containers = r.int(2) + 1;
  let c = '';
  for (let i = 0; i < containers; i++) {
    c += `      - name: c${i}
        image: ${r.pick(['nginx', 'nginx:1.25', 'ghcr.io/stefanprodan/podinfo:6.5.0', 'docker.io/library/redis:7', 'busybox@sha256:abcdef0123456789'])}
        ports:
        - containerPort: ${8080 + i}
          name: http${i}
        env:
        - name: MODE
          value: "${r.pick(['prod', 'dev', 'yes', '1', 'true'])}"
        - name: FROM_CM
          valueFrom:
            configMapKeyRef:
              name: ${cm}
              key: k1
        envFrom:
        - secretRef:
            name: ${secret}
        resources:
          limits:
            cpu: ${r.pick(['100m', '1', '0.5', '250m'])}
            memory: ${r.pick(['64Mi', '1Gi', '512M'])}
`;
  }
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: ${r.int(4) + 1}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
      annotations:
        note: "${r.pick(['a: b', 'plain', '#hash', 'multi word text that is long enough to be folded by the printer after eighty columns wide'])}"
    spec:
      serviceAccountName: ${sa}
      containers:
${c}      volumes:
      - name: config
        configMap:
          name: ${cm}
      - name: scratch
        emptyDir: {}
`;
}

function service(name: string, port: number): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
  - name: http
    port: ${port}
    targetPort: http0
`;
}

function configMap(r: Rand, name: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
  k1: "${r.pick(['v1', '1', 'true', 'on'])}"
  script.sh: |
    #!/bin/sh
    echo ${r.word()}
`;
}

function rbac(name: string, sa: string): string {
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${sa}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: ${name}-role
rules:
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: ${name}-rb
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ${name}-role
subjects:
- kind: ServiceAccount
  name: ${sa}
`;
}

function base(r: Rand, tree: Tree, dir: string, app: string): void {
  const cm = `${app}-config`;
  const secret = `${app}-secret`;
  const sa = `${app}-sa`;
  const docs = [deployment(r, app, cm, secret, sa), service(app, 80 + r.int(3)), rbac(app, sa)];
  if (r.chance(0.5)) docs.push(configMap(r, `${app}-static`));
  tree[`${dir}/resources.yaml`] = docs.join('---\n');
  let k = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- resources.yaml\n';
  k += `configMapGenerator:\n- name: ${cm}\n  literals:\n  - k1=${r.pick(['base', '42', 'x=y'])}\n`;
  k += `secretGenerator:\n- name: ${secret}\n  literals:\n  - PASSWORD=${r.word()}\n`;
  if (r.chance(0.3)) k += `commonLabels:\n  tier: ${r.word()}\n`;
  if (r.chance(0.3)) k += `namePrefix: ${r.word()}-\n`;
  tree[`${dir}/kustomization.yaml`] = k;
}

function component(r: Rand, tree: Tree, app: string): void {
  let k = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n';
  k += `labels:\n- pairs:\n    component: ${r.word()}\n  includeSelectors: false\n`;
  k += `patches:\n- target:\n    kind: Deployment\n  patch: |-\n    - op: add\n      path: /metadata/annotations\n      value:\n        from-component: "${r.int(100)}"\n`;
  if (r.chance(0.5)) k += `configMapGenerator:\n- name: ${app}-extra\n  literals:\n  - extra=${r.word()}\n`;
  tree['component/kustomization.yaml'] = k;
}

function smpPatch(r: Rand, app: string): string {
  const body = r.pick([
    `spec:\n  replicas: ${r.int(9) + 1}`,
    `spec:\n  template:\n    spec:\n      containers:\n      - name: c0\n        env:\n        - name: ADDED\n          value: "${r.word()}"`,
    `spec:\n  template:\n    spec:\n      containers:\n      - name: sidecar\n        image: envoy:1.0`,
    `spec:\n  template:\n    spec:\n      volumes:\n      - name: scratch\n        $patch: delete`,
    `spec:\n  template:\n    metadata:\n      labels:\n        patched: "true"`,
  ]);
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\n${body}\n`;
}

function jsonPatch(r: Rand): string {
  return r.pick([
    '- op: replace\n  path: /spec/replicas\n  value: 7\n',
    '- op: add\n  path: /spec/template/spec/containers/0/args\n  value: ["--port", "8080"]\n',
    '- op: add\n  path: /metadata/annotations\n  value:\n    json: patched\n',
    '- op: remove\n  path: /spec/template/spec/volumes/0\n',
  ]);
}

function indent(text: string, n: number): string {
  return text.trimEnd().split('\n').map((l) => ' '.repeat(n) + l).join('\n');
}

function overlay(r: Rand, tree: Tree, apps: readonly string[], withComponent: boolean): void {
  let k = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n';
  for (const a of apps) k += `- ../base-${a}\n`;
  if (withComponent) k += 'components:\n- ../component\n';
  if (r.chance(0.6)) k += `namePrefix: ${r.word()}-\n`;
  if (r.chance(0.4)) k += `nameSuffix: -${r.word()}\n`;
  if (r.chance(0.6)) k += `namespace: ${r.pick(['prod', 'staging', 'team-a', 'default'])}\n`;
  if (r.chance(0.5)) k += `labels:\n- pairs:\n    env: ${r.word()}\n  includeSelectors: ${r.chance(0.5)}\n  includeTemplates: ${r.chance(0.5)}\n`;
  if (r.chance(0.4)) k += `commonLabels:\n  owner: ${r.word()}\n`;
  if (r.chance(0.5)) k += `commonAnnotations:\n  note: "${r.pick(['x', '1', 'yes', 'a long annotation value that keeps going well past the eighty column limit of the printer'])}"\n`;
  const app = apps[0]!;
  const gen: string[] = [];
  if (r.chance(0.5)) gen.push(`- name: ${app}-config\n  behavior: merge\n  literals:\n  - k2=${r.word()}`);
  if (r.chance(0.4)) gen.push(`- name: ${r.word()}-settings\n  literals:\n  - a=1\n  - b="quoted"\n  options:\n    disableNameSuffixHash: ${r.chance(0.3)}`);
  if (gen.length > 0) k += `configMapGenerator:\n${gen.join('\n')}\n`;
  if (r.chance(0.3)) k += `secretGenerator:\n- name: ${app}-secret\n  behavior: replace\n  literals:\n  - TOKEN=${r.word()}\n`;
  if (r.chance(0.3)) k += `generatorOptions:\n  labels:\n    generated: "yes"\n`;
  const patches: string[] = [];
  if (r.chance(0.6)) patches.push(`- patch: |-\n${indent(smpPatch(r, app), 4)}`);
  if (r.chance(0.5)) patches.push(`- target:\n    kind: Deployment\n    name: ${app}\n  patch: |-\n${indent(jsonPatch(r), 4)}`);
  if (r.chance(0.3)) {
    tree['overlay/patch.yaml'] = smpPatch(r, app);
    patches.push('- path: patch.yaml');
  }
  if (patches.length > 0) k += `patches:\n${patches.join('\n')}\n`;
  if (r.chance(0.5)) k += `images:\n- name: nginx\n  newTag: "${r.pick(['1.27', 'latest', '2'])}"\n- name: docker.io/library/redis\n  newName: quay.io/redis\n`;
  if (r.chance(0.4)) k += `replicas:\n- name: ${app}\n  count: ${r.int(5)}\n`;
  tree['overlay/kustomization.yaml'] = k;
}

/** The tree of case `index` for `seed`. Build directory: `overlay`. */
export function randomOverlay(seed: number, index: number): Tree {
  const r = new Rand((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const tree: Tree = {};
  const apps = r.chance(0.3) ? [r.word(), 'other'] : [r.word()];
  apps.forEach((a) => base(r, tree, `base-${a}`, a));
  const withComponent = r.chance(0.4);
  if (withComponent) component(r, tree, apps[0]!);
  overlay(r, tree, apps, withComponent);
  return tree;
}

/** Writes a tree under `dir`. */
export function writeTree(dir: string, tree: Tree): void {
  for (const [rel, content] of Object.entries(tree)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}
