import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseFluxObject, parseManifests, type FluxManifest } from '../src/index.js';

const CORPORA = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'corpora');
const REPOSITORIES = readdirSync(CORPORA).filter((name) => statSync(join(CORPORA, name)).isDirectory());

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function isKustomizeConfig(doc: unknown): doc is Record<string, unknown> {
  return typeof doc === 'object' && doc !== null && (doc as Record<string, unknown>)['apiVersion'] === 'kustomize.config.k8s.io/v1beta1';
}

/** Files a kustomization.yaml applies as patches (partial objects), mapped to the directory whose resources they patch. */
function patchFiles(files: string[]): Map<string, string> {
  const patches = new Map<string, string>();
  for (const file of files.filter((f) => f.endsWith('kustomization.yaml'))) {
    const doc: unknown = parseYaml(readFileSync(file, 'utf8'));
    if (!isKustomizeConfig(doc)) continue;
    const entries = [
      ...((doc['patches'] as { path?: string }[] | undefined) ?? []).map((p) => p.path),
      ...((doc['patchesStrategicMerge'] as string[] | undefined) ?? []),
    ];
    for (const entry of entries) if (entry !== undefined) patches.set(join(dirname(file), entry), dirname(file));
  }
  return patches;
}

/** The objects a kustomization directory's `resources` produce, recursively (enough of kustomize for these repos). */
function resourcesOf(dir: string): Record<string, unknown>[] {
  const doc: unknown = parseYaml(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'));
  if (!isKustomizeConfig(doc)) return [];
  return ((doc['resources'] as string[] | undefined) ?? []).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return resourcesOf(path);
    return parseManifests(readFileSync(path, 'utf8')).manifests.map((m) => (m.supported ? m.raw : m.object));
  });
}

/** Deep merge for strategic-merge patches of plain mappings (lists are replaced, as they are for these objects). */
function merge(base: unknown, patch: unknown): unknown {
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return patch;
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) out[key] = merge(out[key], value);
  return out;
}

function patchedObject(patch: Record<string, unknown>, overlayDir: string): unknown {
  const metadata = patch['metadata'] as { name?: string };
  const target = resourcesOf(overlayDir).find(
    (r) => r['kind'] === patch['kind'] && (r['metadata'] as { name?: string }).name === metadata.name,
  );
  assert.ok(target !== undefined, `no ${String(patch['kind'])}/${String(metadata.name)} under ${overlayDir} for the patch`);
  return merge(target, patch);
}

describe('corpus: the reference Flux repositories', () => {
  for (const repository of REPOSITORIES) {
    describe(repository, () => {
      const files = yamlFiles(join(CORPORA, repository));
      const patches = patchFiles(files);

      it('parses every object of a supported kind', () => {
        let parsed = 0;
        for (const file of files.filter((f) => !patches.has(f))) {
          const result = parseManifests(readFileSync(file, 'utf8'), { file: relative(CORPORA, file) });
          assert.deepEqual(result.errors.map((e) => e.message), [], `errors in ${file}`);
          parsed += result.manifests.filter((m): m is FluxManifest => m.supported).length;
        }
        assert.ok(parsed > 0, 'the repository holds Flux objects');
      });

      if (patches.size === 0) return;
      it('parses every patched object once its overlay patch is applied', () => {
        for (const [file, overlayDir] of patches) {
          const docs = parseManifests(readFileSync(file, 'utf8')).manifests;
          for (const doc of docs) {
            const patch = doc.supported ? doc.raw : doc.object;
            const result = parseFluxObject(patchedObject(patch, overlayDir));
            assert.ok(result.ok, `${file}: ${result.ok ? '' : result.errors.map((e) => e.message).join('\n')}`);
          }
        }
      });
    });
  }

  it('reads the kinds and versions the repositories use', () => {
    const seen = new Set<string>();
    for (const file of REPOSITORIES.flatMap((r) => yamlFiles(join(CORPORA, r)))) {
      for (const m of parseManifests(readFileSync(file, 'utf8')).manifests) {
        if (m.supported) seen.add(`${m.convertedFrom ?? m.object.apiVersion} ${m.object.kind}`);
      }
    }
    for (const expected of [
      'source.toolkit.fluxcd.io/v1 GitRepository',
      'source.toolkit.fluxcd.io/v1 HelmRepository',
      'source.toolkit.fluxcd.io/v1 OCIRepository',
      'source.toolkit.fluxcd.io/v1beta2 OCIRepository',
      'source.toolkit.fluxcd.io/v1beta1 HelmRepository',
      'kustomize.toolkit.fluxcd.io/v1 Kustomization',
      'helm.toolkit.fluxcd.io/v2 HelmRelease',
      'helm.toolkit.fluxcd.io/v2beta1 HelmRelease',
    ]) {
      assert.ok(seen.has(expected), `${expected} among ${[...seen].join(', ')}`);
    }
  });
});
