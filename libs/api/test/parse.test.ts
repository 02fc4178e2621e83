import assert from 'node:assert/strict';
import {
  InvalidFluxObjectError,
  helmReleaseSettings,
  kustomizationSettings,
  parseFluxObject,
  parseGitRepository,
  parseHelmChart,
  parseHelmRelease,
  parseKustomization,
  parseManifests,
  parseOCIRepository,
  parseOrThrow,
  parseReceiver,
  providerTimeoutMs,
  parseProvider,
  sourceSettings,
  type Kustomization,
} from '../src/index.js';

const meta = { name: 'apps', namespace: 'flux-system' };
const ksSpec = { interval: '10m', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } };

function kustomization(spec: Record<string, unknown> = {}): Kustomization {
  return parseOrThrow(parseKustomization({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: meta, spec: { ...ksSpec, ...spec } }));
}

describe('defaults', () => {
  it('applies the Kustomization CRD default force: false and nothing it does not have', () => {
    const k = kustomization();
    assert.equal(k.spec.force, false);
    assert.equal(k.spec.wait, undefined);
    assert.equal(k.spec.timeout, undefined);
    assert.equal(k.status, undefined, 'status is not invented for manifests');
  });

  it('computes retryInterval and timeout from the interval as kustomize-controller does', () => {
    assert.deepEqual(kustomizationSettings(kustomization()), {
      intervalMs: 600_000, retryIntervalMs: 600_000, timeoutMs: 570_000, deletionPolicy: 'MirrorPrune', wait: false, force: false, suspend: false,
    });
    const short = kustomizationSettings(kustomization({ interval: '45s' }));
    assert.equal(short.timeoutMs, 30_000, 'never below 30s');
    const explicit = kustomizationSettings(kustomization({ retryInterval: '2m', timeout: '5m', wait: true }));
    assert.deepEqual([explicit.retryIntervalMs, explicit.timeoutMs, explicit.wait], [120_000, 300_000, true]);
  });

  it('applies GitRepository timeout 60s and verify.mode HEAD', () => {
    const git = parseOrThrow(parseGitRepository({
      apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: meta,
      spec: { url: 'https://github.com/stefanprodan/podinfo', interval: '1m', verify: { secretRef: { name: 'keys' } } },
    }));
    assert.equal(git.spec.timeout, '60s');
    assert.equal(git.spec.verify?.mode, 'HEAD');
    assert.deepEqual(sourceSettings(git), { intervalMs: 60_000, timeoutMs: 60_000, suspend: false });
  });

  it('applies OCIRepository provider and timeout, HelmChart version and strategy', () => {
    const oci = parseOrThrow(parseOCIRepository({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository', metadata: meta, spec: { url: 'oci://ghcr.io/org/app', interval: '5m' } }));
    assert.deepEqual([oci.spec.provider, oci.spec.timeout], ['generic', '60s']);
    const chart = parseOrThrow(parseHelmChart({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmChart', metadata: meta, spec: { chart: 'podinfo', interval: '5m', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } }));
    assert.deepEqual([chart.spec.version, chart.spec.reconcileStrategy], ['*', 'ChartVersion']);
  });

  it('applies HelmRelease chart defaults and computes release settings', () => {
    const hr = parseOrThrow(parseHelmRelease({
      apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'podinfo', namespace: 'apps' },
      spec: { interval: '10m', targetNamespace: 'web', chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } }, uninstall: {} },
    }));
    assert.equal(hr.spec.chart?.spec.version, '*');
    assert.equal(hr.spec.chart?.spec.reconcileStrategy, 'ChartVersion');
    assert.equal(hr.spec.uninstall?.deletionPropagation, 'background');
    const settings = helmReleaseSettings(hr);
    assert.deepEqual([settings.timeoutMs, settings.retryIntervalMs, settings.maxHistory, settings.releaseName, settings.releaseNamespace, settings.storageNamespace], [300_000, 600_000, 5, 'web-podinfo', 'web', 'apps']);
  });

  it('applies Alert eventSeverity info, Receiver interval 10m and Provider timeout 15s', () => {
    const receiver = parseOrThrow(parseReceiver({
      apiVersion: 'notification.toolkit.fluxcd.io/v1', kind: 'Receiver', metadata: meta,
      spec: { type: 'github', secretRef: { name: 'token' }, resources: [{ kind: 'GitRepository', name: 'podinfo' }] },
    }));
    assert.equal(receiver.spec.interval, '10m');
    const alert = parseFluxObject({
      apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Alert', metadata: meta,
      spec: { providerRef: { name: 'slack' }, eventSources: [{ kind: 'Kustomization', name: '*' }] },
    });
    assert.ok(alert.ok && alert.value.kind === 'Alert');
    assert.equal((alert.value.spec as { eventSeverity: string }).eventSeverity, 'info');
    const provider = parseOrThrow(parseProvider({ apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Provider', metadata: meta, spec: { type: 'slack' } }));
    assert.equal(providerTimeoutMs(provider), 15_000);
  });

  it('does not share default objects between results', () => {
    const a = kustomization();
    const b = kustomization();
    assert.notEqual(a.spec, b.spec);
  });
});

describe('older API versions', () => {
  it('converts Kustomization v1beta2 patch lists into patches and drops validation', () => {
    const result = parseKustomization({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1beta2', kind: 'Kustomization', metadata: meta,
      spec: {
        ...ksSpec,
        validation: 'client',
        patchesStrategicMerge: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2 } }],
        patchesJson6902: [{ target: { kind: 'Deployment', name: 'web' }, patch: [{ op: 'replace', path: '/spec/replicas', value: 3 }] }],
      },
    });
    assert.ok(result.ok);
    assert.equal(result.convertedFrom, 'kustomize.toolkit.fluxcd.io/v1beta2');
    assert.equal(result.value.apiVersion, 'kustomize.toolkit.fluxcd.io/v1');
    assert.equal(result.value.spec.patches?.length, 2);
    assert.match(result.value.spec.patches?.[0]?.patch ?? '', /replicas: 2/);
    assert.deepEqual(JSON.parse(result.value.spec.patches?.[1]?.patch ?? ''), [{ op: 'replace', path: '/spec/replicas', value: 3 }]);
    assert.equal(result.warnings.length, 2);
    assert.equal((result.value.spec as Record<string, unknown>)['validation'], undefined);
  });

  it('converts GitRepository v1beta2, dropping gitImplementation with a warning', () => {
    const result = parseGitRepository({
      apiVersion: 'source.toolkit.fluxcd.io/v1beta2', kind: 'GitRepository', metadata: meta,
      spec: { url: 'ssh://git@github.com/org/repo', interval: '1m', gitImplementation: 'libgit2' },
    });
    assert.ok(result.ok);
    assert.equal(result.value.apiVersion, 'source.toolkit.fluxcd.io/v1');
    assert.deepEqual(result.warnings, ['spec.gitImplementation was dropped: v1 always uses go-git']);
  });

  it('rejects fields removed in v1 when the object claims v1', () => {
    const result = parseGitRepository({
      apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: meta,
      spec: { url: 'ssh://git@github.com/org/repo', interval: '1m', gitImplementation: 'libgit2' },
    });
    assert.ok(!result.ok);
    assert.equal(result.errors[0]?.path, 'spec.gitImplementation');
  });

  it('reads HelmRelease v2beta1 and HelmRepository v1beta1 as current versions', () => {
    const text = `apiVersion: source.toolkit.fluxcd.io/v1beta1
kind: HelmRepository
metadata: {name: podinfo, namespace: apps}
spec: {interval: 5m, url: "https://stefanprodan.github.io/podinfo"}
---
apiVersion: helm.toolkit.fluxcd.io/v2beta1
kind: HelmRelease
metadata: {name: podinfo, namespace: apps}
spec:
  interval: 5m
  chart: {spec: {chart: podinfo, sourceRef: {kind: HelmRepository, name: podinfo}}}
`;
    const { manifests, errors } = parseManifests(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(manifests.map((m) => (m.supported ? `${m.convertedFrom} -> ${m.object.apiVersion}` : 'other')), [
      'source.toolkit.fluxcd.io/v1beta1 -> source.toolkit.fluxcd.io/v1',
      'helm.toolkit.fluxcd.io/v2beta1 -> helm.toolkit.fluxcd.io/v2',
    ]);
  });
});

describe('parseManifests', () => {
  const text = `# a comment-only document
---
apiVersion: v1
kind: Namespace
metadata:
  name: apps
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: Bucket
metadata: {name: b, namespace: apps}
spec: {bucketName: x, endpoint: s3.example.com, interval: 5m}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec: {interval: 1h, prune: true, sourceRef: {kind: GitRepository, name: flux-system}}
---
`;

  it('keeps document order, passes other kinds through and skips empty documents', () => {
    const { manifests, errors } = parseManifests(text, { file: 'clusters/prod/apps.yaml' });
    assert.deepEqual(errors, []);
    assert.deepEqual(manifests.map((m) => `${m.supported ? 'flux' : 'other'} ${String(m.object['kind' as never])} line ${m.location.line}`), [
      'other Namespace line 3',
      'other Bucket line 8',
      'flux Kustomization line 13',
    ]);
    assert.equal(manifests[2]?.location.file, 'clusters/prod/apps.yaml');
    assert.equal(manifests[2]?.location.index, 2, 'the leading comment belongs to the first document');
  });

  it('keeps the raw object for the applier and the parsed one for controllers', () => {
    const flux = parseManifests(text).manifests.find((m) => m.supported);
    assert.ok(flux?.supported);
    assert.equal(flux.raw['spec' as never] !== undefined, true);
    assert.equal((flux.raw['spec'] as Record<string, unknown>)['force'], undefined, 'raw is untouched');
    assert.equal((flux.object as Kustomization).spec.force, false);
  });

  it('reports errors from several documents with their own lines', () => {
    const bad = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: a, namespace: ns}
spec: {interval: 1h, prune: true, sourceRef: {kind: Git, name: x}}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: b, namespace: ns}
spec:
  prune: true
  sourceRef: {kind: GitRepository, name: x}
`;
    const { manifests, errors } = parseManifests(bad, { file: 'ks.yaml' });
    assert.equal(manifests.length, 0);
    assert.deepEqual(errors.map((e) => `${e.object} ${e.path} ${e.file}:${e.line}`), [
      'Kustomization/ns/a spec.sourceRef.kind ks.yaml:4',
      'Kustomization/ns/b spec.interval ks.yaml:9',
    ]);
  });

  it('drops unknown fields instead of reporting them when asked', () => {
    const { errors, manifests } = parseManifests(`apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: a, namespace: ns}
spec: {interval: 1h, prune: true, sourceRef: {kind: GitRepository, name: x}, futureField: 1}
`, { unknownFields: 'drop' });
    assert.deepEqual(errors, []);
    assert.equal((manifests[0]?.object as Record<string, Record<string, unknown>>)['spec']?.['futureField'], undefined);
  });

  it('accepts creationTimestamp: null as generators write it', () => {
    const { errors } = parseManifests(`apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: a, namespace: ns, creationTimestamp: null}
spec: {interval: 1m, url: "https://example.com/repo.git"}
`);
    assert.deepEqual(errors, []);
  });
});

describe('parseOrThrow', () => {
  it('throws every problem in one coded error', () => {
    const result = parseKustomization({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: meta, spec: {} });
    assert.throws(() => parseOrThrow(result), (err: unknown) => {
      assert.ok(err instanceof InvalidFluxObjectError);
      assert.equal(err.code, 'SLUICE_INVALID_FLUX_OBJECT');
      assert.match(err.message, /^Kustomization\/flux-system\/apps is invalid \(3 problems\)/);
      assert.equal(err.errors.length, 3);
      return true;
    });
  });
});
