import { strict as assert } from 'node:assert';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createCapturingLogger } from '@sluice/telemetry/testing';
import { BusError, controlSubject, createBus, type Bus, type CancelRequest } from '@sluice/bus';
import { startNats, type NatsServerHandle } from '@sluice/testing';
import { sleep, within } from './helpers.js';

describe('control requests', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;
  let bus: Bus;
  const { logger, records } = createCapturingLogger('control-test');

  before(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
    bus = await createBus(nc, { prefix: `control${process.pid}`, instance: 'replica-a', logger });
    await bus.ensureTopology();
  });
  after(async () => {
    await bus.close();
    await nc.close();
    await nats.stop();
  });

  const apps = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name: 'apps.v2' };
  const cancel = (sequence: number): CancelRequest => ({
    involvedObject: apps, service: 'health-checker', revision: 'main@sha1:abc', generation: 2, sequence, requestedBy: 'replica-b', timestamp: new Date().toISOString(),
  });

  it('names the action and object in the subject, outside every stream', () => {
    assert.equal(controlSubject('sluice', 'cancel', apps), 'sluice.v1.control.cancel.kustomization.flux-system.apps_v2');
  });

  it('delivers a cancel request to every subscriber, and not to stopped ones', async () => {
    const seen: { sequence: number; subject: string }[] = [];
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => { release = resolve; });
    const sub = bus.onControl('cancel', (request, subject) => {
      seen.push({ sequence: request.sequence, subject });
      release();
    });
    await nc.flush();
    await bus.control('cancel', cancel(7));
    await within(2_000, 'cancel request', arrived);
    assert.deepEqual(seen, [{ sequence: 7, subject: `control${process.pid}.v1.control.cancel.kustomization.flux-system.apps_v2` }]);
    await sub.stop();
    await bus.control('cancel', cancel(8));
    await sleep(100);
    assert.equal(seen.length, 1);
  });

  it('refuses to send an invalid request and drops invalid ones received, logging why', async () => {
    await assert.rejects(bus.control('cancel', { ...cancel(1), sequence: -1 }), (err: unknown) => err instanceof BusError && err.code === 'SLUICE_BUS_ENVELOPE');
    const seen: number[] = [];
    const sub = bus.onControl('cancel', (request) => {
      seen.push(request.sequence);
    });
    await nc.flush();
    nc.publish(controlSubject(`control${process.pid}`, 'cancel', apps), JSON.stringify({ involvedObject: apps }));
    nc.publish(controlSubject(`control${process.pid}`, 'cancel', apps), 'not json');
    await bus.control('cancel', cancel(3));
    await sleep(200);
    await sub.stop();
    assert.deepEqual(seen, [3]);
    assert.ok(records.some((r) => r.msg === 'dropped an invalid control request'));
    assert.ok(records.some((r) => r.msg === 'dropped a control request that is not JSON'));
  });
});
