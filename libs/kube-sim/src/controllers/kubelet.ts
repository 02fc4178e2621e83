/**
 * The scheduler and kubelet of the simulation: pods are bound to the one node, then after their ready delay run
 * and become Ready (or complete, for pods that do not restart), unless a failure annotation says otherwise
 * (crash loop, image pull back-off, never ready, failing). Also keeps the node Ready.
 */
import { timestamp } from '../api/context.js';
import { arrayAt, deepClone, isJsonObject, objectAt, type JsonObject, type JsonValue } from '../json.js';
import { qosClass } from '../objects/defaults/index.js';
import { NODE_NAME } from '../bootstrap.js';
import { storedMeta } from '../verbs/common.js';
import { updateObject } from '../verbs/write.js';
import { PODS, isTerminating } from './pods.js';
import { keyOf, parseKey, type Controller, type ControllerRuntime } from './runtime.js';
import { FailureMode, simSettings, type SimSettings } from './simulation.js';

const NODES = '/nodes';

function ipFor(uid: string, base: string): string {
  let h = 0;
  for (const c of uid) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `${base}.${(h >>> 8) % 250}.${(h % 250) + 2}`;
}

function bind(rt: ControllerRuntime, pod: JsonObject): void {
  const next = deepClone(pod);
  (next.spec as JsonObject).nodeName = NODE_NAME;
  updateObject(rt.core, rt.def(PODS), pod, next, rt.writeOptions, { applied: false, subresource: 'binding', warnings: [] });
}

type Outcome = 'pending' | 'running' | 'unready' | 'crashloop' | 'image-pull' | 'succeeded' | 'failed';

function outcomeOf(pod: JsonObject, s: SimSettings, started: boolean): Outcome {
  const restarts = String(objectAt(pod, 'spec')?.restartPolicy ?? 'Always') === 'Always';
  if (s.fail === FailureMode.ImagePull) return 'image-pull';
  if (!started) return 'pending';
  if (!restarts) return s.fail === FailureMode.Fail || s.fail === FailureMode.CrashLoop ? 'failed' : 'succeeded';
  if (s.fail === FailureMode.CrashLoop) return 'crashloop';
  if (s.fail === FailureMode.Unready) return 'unready';
  return 'running';
}

function containerStatus(c: JsonObject, outcome: Outcome, at: string, restarts: number): JsonObject {
  const image = String(c.image ?? '');
  const base: JsonObject = { name: String(c.name ?? ''), image, imageID: '', restartCount: restarts, started: false, ready: false };
  const running = { running: { startedAt: at } };
  switch (outcome) {
    case 'running':
      return { ...base, imageID: `${image}@sha256:${'0'.repeat(64)}`, containerID: `containerd://${'1'.repeat(64)}`, started: true, ready: true, state: running };
    case 'unready':
      return { ...base, imageID: `${image}@sha256:${'0'.repeat(64)}`, containerID: `containerd://${'1'.repeat(64)}`, started: true, state: running };
    case 'crashloop':
      return { ...base, lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: at, finishedAt: at } }, state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off restarting failed container ${String(c.name)}` } } };
    case 'image-pull':
      return { ...base, state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image ${JSON.stringify(image)}` } } };
    case 'succeeded':
      return { ...base, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: at, finishedAt: at } } };
    case 'failed':
      return { ...base, state: { terminated: { exitCode: 1, reason: 'Error', startedAt: at, finishedAt: at } } };
    default:
      return { ...base, state: { waiting: { reason: 'ContainerCreating' } } };
  }
}

const PHASES: Readonly<Record<Outcome, string>> = {
  pending: 'Pending', 'image-pull': 'Pending', running: 'Running', unready: 'Running', crashloop: 'Running', succeeded: 'Succeeded', failed: 'Failed',
};

function condition(type: string, ok: boolean, at: string, reason?: string): JsonObject {
  return { type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: at, ...(reason && !ok ? { reason } : {}) };
}

function podStatus(pod: JsonObject, outcome: Outcome, created: string, at: string, restarts: number): JsonObject {
  const spec = objectAt(pod, 'spec') ?? {};
  const ready = outcome === 'running';
  const done = outcome === 'succeeded' || outcome === 'failed';
  const uid = String(storedMeta(pod).uid);
  const statuses = arrayAt(spec, 'containers').filter(isJsonObject).map((c) => containerStatus(c, outcome, at, restarts));
  const notReady = done ? 'PodCompleted' : 'ContainersNotReady';
  return {
    phase: PHASES[outcome],
    conditions: [
      condition('PodReadyToStartContainers', outcome !== 'pending' && outcome !== 'image-pull', at),
      condition('Initialized', true, created),
      condition('Ready', ready, ready ? at : created, notReady),
      condition('ContainersReady', ready, ready ? at : created, notReady),
      condition('PodScheduled', true, created),
    ],
    hostIP: '172.18.0.2',
    hostIPs: [{ ip: '172.18.0.2' }],
    podIP: ipFor(uid, '10.244'),
    podIPs: [{ ip: ipFor(uid, '10.244') }],
    startTime: created,
    containerStatuses: statuses as JsonValue[],
    qosClass: qosClass(spec),
  };
}

function syncPod(rt: ControllerRuntime, self: Controller, key: string, pod: JsonObject): void {
  const s = simSettings(rt, pod);
  const created = String(storedMeta(pod).creationTimestamp);
  const createdMs = rt.createdAt(pod);
  const readyAt = createdMs + s.readyDelayMs;
  const now = rt.core.now().getTime();
  const started = now >= readyAt;
  const outcome = outcomeOf(pod, s, started);
  const restarts = outcome === 'crashloop' ? Math.min(5, 1 + Math.floor((now - readyAt) / Math.max(s.readyDelayMs, 200))) : 0;
  const at = timestamp(new Date(started ? readyAt : createdMs));
  rt.updateStatus(PODS, pod, podStatus(pod, outcome, created, at, restarts));
  if (!started) rt.requeueAfter(self, key, readyAt - now + 1);
  else if (outcome === 'crashloop' && restarts < 5) rt.requeueAfter(self, key, Math.max(s.readyDelayMs, 200));
}

function nodeStatus(now: string): JsonObject {
  const cond = (type: string, ok: boolean, reason: string, message: string): JsonObject => ({ type, status: ok ? 'True' : 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason, message });
  return {
    capacity: { cpu: '8', memory: '32Gi', pods: '110', 'ephemeral-storage': '100Gi' },
    allocatable: { cpu: '8', memory: '32Gi', pods: '110', 'ephemeral-storage': '100Gi' },
    conditions: [
      cond('MemoryPressure', false, 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      cond('DiskPressure', false, 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      cond('PIDPressure', false, 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      cond('Ready', true, 'KubeletReady', 'kubelet is posting ready status'),
    ],
    addresses: [{ type: 'InternalIP', address: '172.18.0.2' }, { type: 'Hostname', address: NODE_NAME }],
    nodeInfo: {
      machineID: 'kube-sim', systemUUID: 'kube-sim', bootID: 'kube-sim', kernelVersion: '6.1.0', osImage: 'kube-sim', containerRuntimeVersion: 'containerd://2.0.0',
      kubeletVersion: 'v1.36.0', kubeProxyVersion: '', operatingSystem: 'linux', architecture: 'amd64',
    },
  };
}

/** Creates the scheduler/kubelet controller. */
export function kubeletController(rt: ControllerRuntime): Controller {
  const self: Controller = {
    name: 'kubelet',
    watches: [PODS, NODES],
    start() {
      const node = rt.get(NODES, '', NODE_NAME);
      if (node && objectAt(node, 'status')?.nodeInfo === undefined) rt.updateStatus(NODES, node, nodeStatus(timestamp(rt.core.now())));
    },
    keysFor(ev) {
      return ev.storageKey === PODS && ev.type !== 'DELETED' ? [keyOf(ev.storageKey, ev.object)] : [];
    },
    reconcile(key) {
      const { namespace, name } = parseKey(key);
      const pod = rt.get(PODS, namespace, name);
      if (!pod || isTerminating(pod)) return;
      if (!objectAt(pod, 'spec')?.nodeName) bind(rt, pod);
      else syncPod(rt, self, key, pod);
    },
  };
  return self;
}
