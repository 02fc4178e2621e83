import assert from 'node:assert/strict';
import { parseFluxObject, parseManifests } from '../src/index.js';

/** One malformed manifest and the error it must produce: which object, which field, and (optionally) which line. */
interface Case {
  readonly name: string;
  readonly yaml: string;
  readonly object: string;
  readonly path: string;
  readonly expected?: RegExp;
  readonly line?: number;
}

const KS_HEADER = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
`;
const KS_SPEC = `spec:
  interval: 10m
  path: ./apps
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
`;
const GIT_HEADER = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: podinfo
  namespace: default
`;
const HR_HEADER = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: apps
`;
const HR_CHART = `  chart:
    spec:
      chart: podinfo
      sourceRef:
        kind: HelmRepository
        name: podinfo
`;

/** The Kustomization spec with one line replaced (`from` → `to`), to vary a single field. */
function ks(from: string, to: string): string {
  assert.ok(KS_SPEC.includes(from), `fixture has ${from}`);
  return KS_HEADER + KS_SPEC.replace(from, to);
}

const CASES: Case[] = [
  // Missing required fields
  { name: 'Kustomization without spec', yaml: KS_HEADER, object: 'Kustomization/flux-system/apps', path: 'spec', expected: /required/ },
  { name: 'Kustomization without interval', yaml: ks('  interval: 10m\n', ''), object: 'Kustomization/flux-system/apps', path: 'spec.interval', line: 6 },
  { name: 'Kustomization without prune', yaml: ks('  prune: true\n', ''), object: 'Kustomization/flux-system/apps', path: 'spec.prune' },
  { name: 'Kustomization without sourceRef', yaml: ks('  sourceRef:\n    kind: GitRepository\n    name: flux-system\n', ''), object: 'Kustomization/flux-system/apps', path: 'spec.sourceRef' },
  { name: 'sourceRef without name', yaml: ks('    name: flux-system\n', ''), object: 'Kustomization/flux-system/apps', path: 'spec.sourceRef.name', line: 10 },
  { name: 'dependsOn item without name', yaml: ks('  path: ./apps\n', '  path: ./apps\n  dependsOn:\n    - namespace: infra\n'), object: 'Kustomization/flux-system/apps', path: 'spec.dependsOn[0].name', line: 10 },
  { name: 'object without metadata.name', yaml: 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  namespace: flux-system\n' + KS_SPEC, object: 'Kustomization (document 1)', path: 'metadata.name' },
  { name: 'GitRepository without url', yaml: `${GIT_HEADER}spec:\n  interval: 1m\n`, object: 'GitRepository/default/podinfo', path: 'spec.url' },
  { name: 'HelmRelease chart without sourceRef', yaml: `${HR_HEADER}spec:\n  interval: 5m\n  chart:\n    spec:\n      chart: podinfo\n`, object: 'HelmRelease/apps/podinfo', path: 'spec.chart.spec.sourceRef' },
  { name: 'Alert without eventSources', yaml: 'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n  name: slack\n  namespace: flux-system\nspec:\n  providerRef:\n    name: slack\n', object: 'Alert/flux-system/slack', path: 'spec.eventSources' },
  // Wrong types
  { name: 'prune as a string', yaml: ks('  prune: true\n', '  prune: "yes"\n'), object: 'Kustomization/flux-system/apps', path: 'spec.prune', expected: /true or false/, line: 9 },
  { name: 'interval as a number', yaml: ks('  interval: 10m\n', '  interval: 600\n'), object: 'Kustomization/flux-system/apps', path: 'spec.interval', expected: /a string/ },
  { name: 'dependsOn as a mapping', yaml: ks('  path: ./apps\n', '  path: ./apps\n  dependsOn:\n    name: infra\n'), object: 'Kustomization/flux-system/apps', path: 'spec.dependsOn', expected: /a list/ },
  { name: 'spec as a list', yaml: `${KS_HEADER}spec:\n  - interval: 10m\n`, object: 'Kustomization/flux-system/apps', path: 'spec', expected: /a mapping/ },
  { name: 'label value as a number', yaml: `${KS_HEADER.replace('  namespace: flux-system\n', '  namespace: flux-system\n  labels:\n    tier: 3\n')}${KS_SPEC}`, object: 'Kustomization/flux-system/apps', path: 'metadata.labels.tier', expected: /a string/ },
  { name: 'HelmRelease values as a list', yaml: `${HR_HEADER}spec:\n  interval: 5m\n${HR_CHART}  values:\n    - a\n`, object: 'HelmRelease/apps/podinfo', path: 'spec.values', expected: /a mapping/ },
  { name: 'maxHistory with a fraction', yaml: `${HR_HEADER}spec:\n  interval: 5m\n  maxHistory: 2.5\n${HR_CHART}`, object: 'HelmRelease/apps/podinfo', path: 'spec.maxHistory', expected: /an integer/ },
  // Bad durations
  { name: 'interval without unit', yaml: ks('  interval: 10m\n', '  interval: "10"\n'), object: 'Kustomization/flux-system/apps', path: 'spec.interval', expected: /Go duration/ },
  { name: 'interval in days', yaml: ks('  interval: 10m\n', '  interval: 1d\n'), object: 'Kustomization/flux-system/apps', path: 'spec.interval', expected: /Go duration/ },
  { name: 'negative retryInterval', yaml: ks('  interval: 10m\n', '  interval: 10m\n  retryInterval: -1m\n'), object: 'Kustomization/flux-system/apps', path: 'spec.retryInterval', expected: /Go duration/ },
  { name: 'GitRepository timeout in hours', yaml: `${GIT_HEADER}spec:\n  url: https://github.com/stefanprodan/podinfo\n  interval: 1m\n  timeout: 1h\n`, object: 'GitRepository/default/podinfo', path: 'spec.timeout', expected: /units ms, s, m\)/ },
  { name: 'interval beyond Go range', yaml: ks('  interval: 10m\n', '  interval: 9999999999h\n'), object: 'Kustomization/flux-system/apps', path: 'spec.interval', expected: /within range/ },
  // Bad enums
  { name: 'unknown sourceRef kind', yaml: ks('    kind: GitRepository\n', '    kind: HelmRepository\n'), object: 'Kustomization/flux-system/apps', path: 'spec.sourceRef.kind', expected: /one of "OCIRepository", "GitRepository", "Bucket", "ExternalArtifact"/, line: 11 },
  { name: 'sourceRef kind in lower case', yaml: ks('    kind: GitRepository\n', '    kind: gitrepository\n'), object: 'Kustomization/flux-system/apps', path: 'spec.sourceRef.kind' },
  { name: 'unknown deletionPolicy', yaml: ks('  prune: true\n', '  prune: true\n  deletionPolicy: Keep\n'), object: 'Kustomization/flux-system/apps', path: 'spec.deletionPolicy', expected: /"MirrorPrune"/ },
  { name: 'HelmRelease chartRef to a GitRepository', yaml: `${HR_HEADER}spec:\n  interval: 5m\n  chartRef:\n    kind: GitRepository\n    name: podinfo\n`, object: 'HelmRelease/apps/podinfo', path: 'spec.chartRef.kind' },
  { name: 'unknown upgrade CRD policy', yaml: `${HR_HEADER}spec:\n  interval: 5m\n${HR_CHART}  upgrade:\n    crds: Replace\n`, object: 'HelmRelease/apps/podinfo', path: 'spec.upgrade.crds' },
  { name: 'unknown Provider type', yaml: 'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Provider\nmetadata:\n  name: chat\n  namespace: flux-system\nspec:\n  type: irc\n', object: 'Provider/flux-system/chat', path: 'spec.type' },
  { name: 'unknown Alert event source kind', yaml: 'apiVersion: notification.toolkit.fluxcd.io/v1beta3\nkind: Alert\nmetadata:\n  name: slack\n  namespace: flux-system\nspec:\n  providerRef:\n    name: slack\n  eventSources:\n    - kind: Deployment\n      name: "*"\n', object: 'Alert/flux-system/slack', path: 'spec.eventSources[0].kind' },
  // Bad names and patterns
  { name: 'name with upper-case letters', yaml: KS_HEADER.replace('name: apps', 'name: Apps') + KS_SPEC, object: 'Kustomization/flux-system/Apps', path: 'metadata.name', expected: /DNS-1123/ },
  { name: 'namespace with a dot', yaml: KS_HEADER.replace('namespace: flux-system', 'namespace: flux.system') + KS_SPEC, object: 'Kustomization/flux.system/apps', path: 'metadata.namespace', expected: /DNS-1123 label/ },
  { name: 'targetNamespace longer than 63', yaml: ks('  path: ./apps\n', `  path: ./apps\n  targetNamespace: ${'a'.repeat(64)}\n`), object: 'Kustomization/flux-system/apps', path: 'spec.targetNamespace', expected: /at most 63/ },
  { name: 'GitRepository url with another scheme', yaml: `${GIT_HEADER}spec:\n  url: git@github.com:stefanprodan/podinfo\n  interval: 1m\n`, object: 'GitRepository/default/podinfo', path: 'spec.url', expected: /\^\(http\|https\|ssh\)/ },
  { name: 'OCIRepository url without oci://', yaml: 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: manifests\n  namespace: flux-system\nspec:\n  url: ghcr.io/org/manifests\n  interval: 5m\n', object: 'OCIRepository/flux-system/manifests', path: 'spec.url' },
  // Unknown fields, versions and kinds
  { name: 'misspelt field', yaml: ks('  interval: 10m\n', '  interval: 10m\n  intervall: 5m\n'), object: 'Kustomization/flux-system/apps', path: 'spec.intervall', expected: /unknown field/, line: 8 },
  { name: 'unknown apiVersion', yaml: KS_HEADER.replace('/v1\n', '/v3\n') + KS_SPEC, object: 'Kustomization/flux-system/apps', path: 'apiVersion', expected: /"kustomize\.toolkit\.fluxcd\.io\/v1"/, line: 1 },
  { name: 'apiVersion of another group', yaml: KS_HEADER.replace('kustomize.toolkit.fluxcd.io', 'source.toolkit.fluxcd.io') + KS_SPEC, object: 'Kustomization/flux-system/apps', path: 'kind', expected: /supported Flux kind/ },
  // Cross-field rules
  { name: 'HelmRelease with both chart and chartRef', yaml: `${HR_HEADER}spec:\n  interval: 5m\n${HR_CHART}  chartRef:\n    kind: OCIRepository\n    name: podinfo\n`, object: 'HelmRelease/apps/podinfo', path: 'spec', expected: /either chart or chartRef/ },
  { name: 'HelmRelease with neither chart nor chartRef', yaml: `${HR_HEADER}spec:\n  interval: 5m\n`, object: 'HelmRelease/apps/podinfo', path: 'spec', expected: /either chart or chartRef/ },
  { name: 'retryInterval with RemediateOnFailure', yaml: `${HR_HEADER}spec:\n  interval: 5m\n${HR_CHART}  install:\n    strategy:\n      name: RemediateOnFailure\n      retryInterval: 1m\n`, object: 'HelmRelease/apps/podinfo', path: 'spec.install.strategy', expected: /retryInterval cannot be set/ },
  { name: 'Receiver without secretRef', yaml: 'apiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\nmetadata:\n  name: github\n  namespace: flux-system\nspec:\n  type: github\n  resources:\n    - kind: GitRepository\n      name: podinfo\n', object: 'Receiver/flux-system/github', path: 'spec', expected: /secretRef is required/ },
  { name: 'duplicate OIDC issuers', yaml: 'apiVersion: notification.toolkit.fluxcd.io/v1\nkind: Receiver\nmetadata:\n  name: oidc\n  namespace: flux-system\nspec:\n  type: generic-oidc\n  resources:\n    - kind: GitRepository\n      name: podinfo\n  oidcProviders:\n    - issuerURL: https://token.actions.githubusercontent.com\n      validations: [{expression: "true", message: ok}]\n    - issuerURL: https://token.actions.githubusercontent.com\n      validations: [{expression: "true", message: ok}]\n', object: 'Receiver/flux-system/oidc', path: 'spec.oidcProviders[1]', expected: /duplicate/ },
  // Not objects, not YAML
  { name: 'a scalar document', yaml: 'just a string\n', object: 'document 1', path: '', expected: /Kubernetes object/ },
  { name: 'YAML syntax error', yaml: `${KS_HEADER}spec:\n  interval: [10m\n`, object: 'document 1', path: '', expected: /valid YAML/ },
  { name: 'duplicate keys', yaml: ks('  prune: true\n', '  prune: true\n  prune: false\n'), object: 'document 1', path: '', expected: /valid YAML/ },
];

describe('malformed manifests', () => {
  it('has at least 30 distinct cases', () => {
    assert.ok(CASES.length >= 30);
    assert.equal(new Set(CASES.map((c) => c.name)).size, CASES.length);
  });

  for (const c of CASES) {
    it(`rejects ${c.name}`, () => {
      const result = parseManifests(c.yaml, { file: 'case.yaml' });
      assert.equal(result.manifests.filter((m) => m.supported).length, 0, 'no object parsed');
      const error = result.errors.find((e) => e.path === c.path && e.object === c.object);
      assert.ok(error !== undefined, `expected an error on ${c.object} at "${c.path}", got:\n${result.errors.map((e) => `  [${e.object}] [${e.path}] ${e.message}`).join('\n')}`);
      assert.equal(error.file, 'case.yaml');
      assert.ok(error.message.startsWith(`${c.object}: `), error.message);
      if (c.expected !== undefined) assert.match(error.message, c.expected);
      if (c.line !== undefined) assert.equal(error.line, c.line, error.message);
    });
  }

  it('reports every problem of an object, not only the first', () => {
    const result = parseManifests(`${KS_HEADER}spec:\n  prune: maybe\n  sourceRef:\n    kind: Helm\n`);
    assert.deepEqual(result.errors.map((e) => e.path).sort(), ['spec.interval', 'spec.prune', 'spec.sourceRef.kind', 'spec.sourceRef.name']);
  });

  it('rejects input that is not an object without throwing', () => {
    for (const input of [undefined, null, 42, 'Kustomization', [], [{ kind: 'Kustomization' }], new Date(0)]) {
      const result = parseFluxObject(input);
      assert.equal(result.ok, false);
      assert.equal(result.ok ? '' : result.errors[0]?.path, '');
    }
  });

  it('names objects without an apiVersion or kind by what they lack', () => {
    const result = parseFluxObject({ kind: 'Kustomization', metadata: { name: 'apps' } });
    assert.ok(!result.ok);
    assert.equal(result.errors[0]?.object, 'Kustomization/apps');
    assert.equal(result.errors[0]?.path, 'apiVersion');
  });
});

describe('YAML syntax errors', () => {
  it('carry the line of the syntax error', () => {
    const { errors } = parseManifests('apiVersion: v1\nkind: ConfigMap\n---\nmetadata: {name: x\n', { file: 'bad.yaml' });
    assert.equal(errors[0]?.object, 'document 2');
    assert.equal(errors[0]?.file, 'bad.yaml');
    assert.ok((errors[0]?.line ?? 0) >= 4, errors[0]?.message);
  });
});
