import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KustomizeError, diskFileSystem } from '@sluice/kustomize';
import { PathNotFoundError, buildManifests as buildFrom, cleanSpecPath, overlayKustomization, type BuildSpec } from '../src/build.js';

const buildManifests = (root: string, spec: BuildSpec) => buildFrom(diskFileSystem(root), spec);

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: ghcr.io/stefanprodan/podinfo:6.0.0
`;

describe('building a Kustomization path', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'sluice-build-'));
    await mkdir(join(root, 'apps/web'), { recursive: true });
    await writeFile(join(root, 'apps/web/deployment.yaml'), deployment);
    await writeFile(join(root, 'apps/web/config.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-config\ndata:\n  a: "1"\n');
    await writeFile(join(root, 'apps/web/notes.txt'), 'not yaml');
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  interface Built {
    kind: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string> };
    spec?: { replicas?: number; selector: { matchLabels: Record<string, string> }; template: { spec: { containers: { image: string }[] } } };
  }
  const objects = (yaml: string) => parseAllDocuments(yaml).map((d) => d.toJSON() as Built);

  it('generates a kustomization for a plain folder of YAML, as Flux does', async () => {
    const built = await buildManifests(root, { path: './apps/web' });
    assert.equal(built.objectCount, 2);
    assert.deepEqual(objects(built.yaml).map((o) => o.kind), ['ConfigMap', 'Deployment']);
    assert.match(built.digest, /^sha256:[0-9a-f]{64}$/);
  });

  it('layers targetNamespace, images, patches and commonMetadata on top without touching selectors', async () => {
    const built = await buildManifests(root, {
      path: 'apps/web/',
      targetNamespace: 'prod',
      images: [{ name: 'ghcr.io/stefanprodan/podinfo', newTag: '6.5.0' }],
      patches: [{ patch: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n', target: { kind: 'Deployment' } }],
      commonMetadata: { labels: { team: 'web' } },
    });
    const [config, web] = objects(built.yaml);
    assert.equal(config?.metadata.namespace, 'prod');
    assert.equal(web?.metadata.namespace, 'prod');
    assert.equal(web?.spec?.replicas, 3);
    assert.equal(web?.spec?.template.spec.containers[0]?.image, 'ghcr.io/stefanprodan/podinfo:6.5.0');
    assert.equal(web?.metadata.labels?.team, 'web');
    assert.deepEqual(web?.spec?.selector.matchLabels, { app: 'web' });
  });

  it('fails with PathNotFoundError when spec.path is not in the artifact', async () => {
    await assert.rejects(buildManifests(root, { path: './apps/missing' }), (err: unknown) => err instanceof PathNotFoundError && /apps\/missing/.test(err.message));
  });

  it('names the built path and the broken file when the YAML does not parse', async () => {
    await mkdir(join(root, 'broken'), { recursive: true });
    await writeFile(join(root, 'broken/bad.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: [oops\n');
    await assert.rejects(buildManifests(root, { path: 'broken' }), (err: unknown) => err instanceof KustomizeError
      && /^kustomize build failed for path '\.\/broken': .*bad\.yaml/.test(err.message));
  });

  it('normalises spec paths and only overlays when the spec asks for something', () => {
    assert.equal(cleanSpecPath('./'), '');
    assert.equal(cleanSpecPath('./apps/prod/'), 'apps/prod');
    assert.equal(overlayKustomization({ path: './apps' }), undefined);
    assert.deepEqual(overlayKustomization({ path: './apps', namePrefix: 'p-', components: ['../components/x'] }), {
      apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['../apps'], namePrefix: 'p-', components: ['../components/x'],
    });
  });
});
