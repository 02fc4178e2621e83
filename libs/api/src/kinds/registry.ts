import { helmReleaseKind, type HelmRelease } from './helm-release.js';
import type { KindDefinition } from './kind.js';
import { kustomizationKind, type Kustomization } from './kustomization.js';
import { alertKind, providerKind, receiverKind, type Alert, type Provider, type Receiver } from './notification.js';
import {
  gitRepositoryKind,
  helmChartKind,
  helmRepositoryKind,
  ociRepositoryKind,
  type GitRepository,
  type HelmChart,
  type HelmRepository,
  type OCIRepository,
} from './source.js';

/** Any object of a Flux kind Sluice reads, in its current API version. */
export type FluxObject =
  | GitRepository
  | HelmRepository
  | OCIRepository
  | HelmChart
  | Kustomization
  | HelmRelease
  | Provider
  | Alert
  | Receiver;

/** The Flux kinds Sluice reads, in a stable order (sources first). */
export const FLUX_KINDS: readonly KindDefinition<FluxObject>[] = [
  gitRepositoryKind,
  helmRepositoryKind,
  ociRepositoryKind,
  helmChartKind,
  kustomizationKind,
  helmReleaseKind,
  providerKind,
  alertKind,
  receiverKind,
] as readonly KindDefinition<FluxObject>[];

/** The groups Flux's toolkit owns; objects of other kinds in these groups are Flux kinds Sluice does not model. */
export const FLUX_GROUPS: readonly string[] = [...new Set(FLUX_KINDS.map((k) => k.group))];

/** The definition of a supported kind by API group and kind name, whatever the version. */
export function findKind(group: string, kind: string): KindDefinition<FluxObject> | undefined {
  return FLUX_KINDS.find((k) => k.group === group && k.kind === kind);
}

/** Splits `group/version` (or a bare core `version`) into its parts. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** True when `apiVersion`/`kind` name one of the supported Flux kinds (in any version Sluice parses). */
export function isSupportedKind(apiVersion: string, kind: string): boolean {
  const { group, version } = splitApiVersion(apiVersion);
  const def = findKind(group, kind);
  return def !== undefined && servedVersions(def).includes(version);
}

/** Every version Sluice parses for a kind, current first. */
export function servedVersions(def: KindDefinition<unknown>): string[] {
  return [def.version, ...def.legacyVersions.map((l) => l.version)];
}
