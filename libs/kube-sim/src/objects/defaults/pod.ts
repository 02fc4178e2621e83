/**
 * Pod and pod template defaults (k8s.io/kubernetes/pkg/apis/core/v1/defaults.go): what a Deployment's template
 * looks like after a round trip through the real server.
 */
import type { JsonObject } from '../../json.js';
import { child, items, maybe, setDefault } from './helpers.js';

/** `Always` for `:latest` or untagged images, else `IfNotPresent` (digests count as pinned). */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  const tag = colon < 0 ? 'latest' : lastSegment.slice(colon + 1);
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHttpGet(handler: JsonObject | undefined): void {
  const get = maybe(handler, 'httpGet');
  if (!get) return;
  setDefault(get, 'path', '/');
  setDefault(get, 'scheme', 'HTTP');
}

function defaultProbe(probe: JsonObject | undefined): void {
  if (!probe) return;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  defaultHttpGet(probe);
}

function defaultContainer(c: JsonObject, hostNetwork: boolean): void {
  if (typeof c.image === 'string') setDefault(c, 'imagePullPolicy', defaultPullPolicy(c.image));
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'resources', {});
  for (const p of items(c, 'ports')) {
    setDefault(p, 'protocol', 'TCP');
    if (hostNetwork && p.hostPort === undefined && typeof p.containerPort === 'number') p.hostPort = p.containerPort;
  }
  for (const e of items(c, 'env')) {
    const fieldRef = maybe(maybe(e, 'valueFrom'), 'fieldRef');
    if (fieldRef) setDefault(fieldRef, 'apiVersion', 'v1');
  }
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(maybe(c, probe));
  const lifecycle = maybe(c, 'lifecycle');
  defaultHttpGet(maybe(lifecycle, 'postStart'));
  defaultHttpGet(maybe(lifecycle, 'preStop'));
}

const VOLUME_SOURCES_WITH_MODE = ['secret', 'configMap', 'downwardAPI', 'projected'];

function defaultVolume(v: JsonObject): void {
  const sources = Object.keys(v).filter((k) => k !== 'name');
  if (sources.length === 0) v.emptyDir = {};
  for (const s of VOLUME_SOURCES_WITH_MODE) {
    const src = maybe(v, s);
    if (src) setDefault(src, 'defaultMode', 420);
  }
  const hostPath = maybe(v, 'hostPath');
  if (hostPath) setDefault(hostPath, 'type', '');
}

/** Defaults of a PodSpec, in templates and pods alike. */
export function defaultPodSpec(spec: JsonObject): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'schedulerName', 'default-scheduler');
  const hostNetwork = spec.hostNetwork === true;
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) for (const c of items(spec, key)) defaultContainer(c, hostNetwork);
  for (const v of items(spec, 'volumes')) defaultVolume(v);
}

/** Defaults of a PodTemplateSpec (`spec.template` of workloads). */
export function defaultPodTemplate(template: JsonObject | undefined): void {
  if (!template) return;
  defaultPodSpec(child(template, 'spec'));
}

const NOT_READY_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

/** The QoS class the server records in a new pod's status. */
export function qosClass(spec: JsonObject): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = items(spec, 'containers');
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const res = maybe(c, 'resources');
    const limits = maybe(res, 'limits') ?? {};
    const requests = maybe(res, 'requests') ?? {};
    if (Object.keys(limits).length > 0 || Object.keys(requests).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      if (limits[r] === undefined || (requests[r] !== undefined && requests[r] !== limits[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Defaults and admission-plugin additions of a Pod (service account, priority, default tolerations). */
export function defaultPod(pod: JsonObject): void {
  const spec = child(pod, 'spec');
  defaultPodSpec(spec);
  setDefault(spec, 'enableServiceLinks', true);
  setDefault(spec, 'serviceAccountName', 'default');
  spec.serviceAccount = spec.serviceAccountName!;
  setDefault(spec, 'priority', 0);
  setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  const tolerations = items(spec, 'tolerations');
  const missing = NOT_READY_TOLERATIONS.filter((t) => !tolerations.some((x) => x.key === t.key && x.effect === t.effect));
  if (missing.length > 0) spec.tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...missing.map((t) => ({ ...t }))];
}
