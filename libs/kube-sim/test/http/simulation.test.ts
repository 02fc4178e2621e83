/** The simulated controllers: workloads progress to ready, and the documented annotations make them fail. */
import { strict as assert } from 'node:assert';
import { startKubeSim, type KubeSim } from '@sluice/kube-sim';
import { waitFor } from '@sluice/kube-sim/testing';
import { api, meta, type Api } from '../support/api.js';

type Obj = Record<string, unknown>;
const APPS = '/apis/apps/v1/namespaces/sim';
const CORE = '/api/v1/namespaces/sim';
const BATCH = '/apis/batch/v1/namespaces/sim';

function template(app: string, annotations: Record<string, string> = {}, restartPolicy?: string): Obj {
  return { metadata: { labels: { app }, annotations }, spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'c', image: 'busybox:1.36' }] } };
}

function deployment(name: string, annotations: Record<string, string> = {}, spec: Obj = {}): Obj {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, annotations }, spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: template(name), ...spec } };
}

function condition(obj: Obj, type: string): Obj | undefined {
  return ((obj.status as Obj | undefined)?.conditions as Obj[] | undefined)?.find((c) => c.type === type);
}

describe('simulated controllers', function () {
  this.timeout(20_000);
  let sim: KubeSim;
  let a: Api;

  before(async () => {
    sim = await startKubeSim({ tls: false, readyDelayMs: 20 });
    a = api(sim);
    await a.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sim' } });
  });

  after(async () => {
    await sim?.stop();
  });

  const until = (what: string, path: string, test: (o: Obj) => boolean, timeoutMs = 10_000): Promise<Obj> =>
    waitFor(what, async () => {
      const r = await a.get(path);
      return r.status === 200 && test(r.body) ? r.body : undefined;
    }, timeoutMs);

  it('brings a Deployment to Available through a ReplicaSet and Ready pods on the node', async () => {
    await a.post(`${APPS}/deployments`, deployment('web'));
    const d = await until('web Available', `${APPS}/deployments/web`, (o) => condition(o, 'Available')?.status === 'True');
    assert.deepEqual({ ...(d.status as Obj), conditions: undefined }, { conditions: undefined, observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
    assert.equal(condition(d, 'Progressing')?.reason, 'NewReplicaSetAvailable');
    assert.equal((meta(d).annotations as Obj)['deployment.kubernetes.io/revision'], '1');
    const rs = ((await a.get(`${APPS}/replicasets?labelSelector=app%3Dweb`)).body.items as Obj[]);
    assert.equal(rs.length, 1);
    const hash = (meta(rs[0]!).labels as Obj)['pod-template-hash'];
    assert.match(String(hash), /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    const pods = (await a.get(`${CORE}/pods?labelSelector=app%3Dweb`)).body.items as Obj[];
    assert.equal(pods.length, 2);
    for (const p of pods) {
      assert.equal((p.spec as Obj).nodeName, 'kube-sim-node');
      assert.equal((p.status as Obj).phase, 'Running');
      assert.equal(condition(p, 'Ready')?.status, 'True');
      assert.equal((meta(p).ownerReferences as Obj[])[0]!.name, meta(rs[0]!).name);
    }
  });

  it('scales through the scale subresource', async () => {
    const scale = await a.get(`${APPS}/deployments/web/scale`);
    assert.deepEqual(scale.body.status, { replicas: 2, selector: 'app=web' });
    assert.equal((await a.put(`${APPS}/deployments/web/scale`, { ...scale.body, spec: { replicas: 3 } })).status, 200);
    await until('web at 3 ready replicas', `${APPS}/deployments/web`, (o) => (o.status as Obj).readyReplicas === 3);
  });

  it('honours a custom ready delay annotation', async () => {
    await a.post(`${APPS}/deployments`, deployment('slow', { 'kube-sim.sluice.dev/ready-delay': '400ms' }, { replicas: 1 }));
    await new Promise((r) => setTimeout(r, 150));
    assert.notEqual(condition((await a.get(`${APPS}/deployments/slow`)).body, 'Available')?.status, 'True');
    await until('slow Available', `${APPS}/deployments/slow`, (o) => condition(o, 'Available')?.status === 'True');
  });

  it('never makes an unready Deployment Available and reports ProgressDeadlineExceeded', async () => {
    await a.post(`${APPS}/deployments`, deployment('stuck', { 'kube-sim.sluice.dev/fail': 'unready' }, { progressDeadlineSeconds: 1 }));
    const d = await until('stuck past its deadline', `${APPS}/deployments/stuck`, (o) => condition(o, 'Progressing')?.reason === 'ProgressDeadlineExceeded');
    assert.equal(condition(d, 'Progressing')?.status, 'False');
    assert.match(String(condition(d, 'Progressing')?.message), /^ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.$/);
    assert.deepEqual(condition(d, 'Available'), { ...condition(d, 'Available'), status: 'False', reason: 'MinimumReplicasUnavailable' });
  });

  it('crash-loops pods on request', async () => {
    await a.post(`${APPS}/deployments`, deployment('crashy', { 'kube-sim.sluice.dev/fail': 'crashloop' }, { replicas: 1 }));
    const pod = await waitFor('a crash-looping pod', async () => {
      const pods = (await a.get(`${CORE}/pods?labelSelector=app%3Dcrashy`)).body.items as Obj[];
      const statuses = (pods[0]?.status as Obj | undefined)?.containerStatuses as Obj[] | undefined;
      return statuses?.[0] && (statuses[0].restartCount as number) > 0 ? pods[0] : undefined;
    });
    const status = ((pod.status as Obj).containerStatuses as Obj[])[0]!;
    assert.deepEqual((status.state as Obj).waiting, { reason: 'CrashLoopBackOff', message: 'back-off restarting failed container c' });
    assert.equal(condition(pod, 'Ready')?.status, 'False');
  });

  it('keeps pods Pending with ImagePullBackOff on request', async () => {
    await a.post(`${CORE}/pods`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nopull', annotations: { 'kube-sim.sluice.dev/fail': 'image-pull' } }, spec: { containers: [{ name: 'c', image: 'nope:1' }] } });
    const p = await until('nopull to report ImagePullBackOff', `${CORE}/pods/nopull`, (o) => Boolean(((o.status as Obj).containerStatuses as Obj[] | undefined)?.length));
    assert.equal((p.status as Obj).phase, 'Pending');
    assert.equal(((((p.status as Obj).containerStatuses as Obj[])[0]!.state as Obj).waiting as Obj).reason, 'ImagePullBackOff');
  });

  it('completes a Job, or fails it with BackoffLimitExceeded on request', async () => {
    await a.post(`${BATCH}/jobs`, { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'ok' }, spec: { template: template('ok', {}, 'Never') } });
    await a.post(`${BATCH}/jobs`, { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'bad', annotations: { 'kube-sim.sluice.dev/fail': 'fail' } }, spec: { backoffLimit: 1, template: template('bad', {}, 'Never') } });
    const ok = await until('ok Complete', `${BATCH}/jobs/ok`, (o) => condition(o, 'Complete')?.status === 'True');
    assert.equal((ok.status as Obj).succeeded, 1);
    assert.match(String((ok.status as Obj).completionTime), /Z$/);
    const bad = await until('bad Failed', `${BATCH}/jobs/bad`, (o) => condition(o, 'Failed')?.status === 'True');
    assert.equal(condition(bad, 'Failed')?.reason, 'BackoffLimitExceeded');
    assert.equal((bad.status as Obj).failed, 2);
  });

  it('runs StatefulSet pods by ordinal and DaemonSet pods on the node', async () => {
    await a.post(`${APPS}/statefulsets`, { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { replicas: 2, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('db') } });
    await a.post(`${APPS}/daemonsets`, { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent') } });
    const db = await until('db ready', `${APPS}/statefulsets/db`, (o) => (o.status as Obj).readyReplicas === 2);
    assert.equal((db.status as Obj).currentRevision, (db.status as Obj).updateRevision);
    assert.equal((await a.get(`${CORE}/pods/db-0`)).status, 200);
    assert.equal((await a.get(`${CORE}/pods/db-1`)).status, 200);
    const ds = await until('agent ready', `${APPS}/daemonsets/agent`, (o) => (o.status as Obj).numberReady === 1);
    assert.equal((ds.status as Obj).desiredNumberScheduled, 1);
  });

  it('binds claims to provisioned volumes, or leaves them Pending on request', async () => {
    const claim = (name: string, annotations: Record<string, string> = {}): Obj => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, annotations }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
    await a.post(`${CORE}/persistentvolumeclaims`, claim('data'));
    await a.post(`${CORE}/persistentvolumeclaims`, claim('stuck', { 'kube-sim.sluice.dev/fail': 'pending' }));
    const bound = await until('data Bound', `${CORE}/persistentvolumeclaims/data`, (o) => (o.status as Obj).phase === 'Bound');
    const volume = String((bound.spec as Obj).volumeName);
    assert.equal(volume, `pvc-${String(meta(bound).uid)}`);
    assert.equal(((await a.get(`/api/v1/persistentvolumes/${volume}`)).body.status as Obj).phase, 'Bound');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(((await a.get(`${CORE}/persistentvolumeclaims/stuck`)).body.status as Obj).phase, 'Pending');
  });

  it('gives LoadBalancer Services an address', async () => {
    await a.post(`${CORE}/services`, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', ports: [{ port: 443 }] } });
    const lb = await until('lb address', `${CORE}/services/lb`, (o) => Boolean(((o.status as Obj).loadBalancer as Obj).ingress));
    assert.match(String((((lb.status as Obj).loadBalancer as Obj).ingress as Obj[])[0]!.ip), /^172\.18\.255\.\d+$/);
  });

  it('keeps the node Ready', async () => {
    const node = await a.get('/api/v1/nodes/kube-sim-node');
    assert.equal(condition(node.body, 'Ready')?.status, 'True');
  });
});
