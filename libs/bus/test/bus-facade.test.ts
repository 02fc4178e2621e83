import { strict as assert } from 'node:assert';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createBus, leaseKey, type Bus } from '@sluice/bus';
import { startNats, type NatsServerHandle } from '@sluice/testing';

// One nats-server for both suites; each has its own bus (own stream prefix) on the shared connection.
describe('bus facade', () => {
  let nats: NatsServerHandle;
  let nc: NatsConnection;

  before(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
  });
  after(async () => {
    await nc?.close();
    await nats?.stop();
  });

  describe('lease scopes', () => {
    let bus: Bus;

    before(async () => {
      bus = await createBus(nc, { prefix: `scope${process.pid}`, instance: 'replica-a' });
      await bus.ensureTopology();
    });
    after(async () => {
      await bus.close();
    });

    const podinfo = { kind: 'Kustomization', namespace: 'flux-system', name: 'podinfo' };

    it('prefixes keys with the scope, encoded like a name', () => {
      assert.equal(leaseKey(podinfo), 'kustomization.flux-system.podinfo');
      assert.equal(leaseKey(podinfo, 'health-checker'), 'health-checker.kustomization.flux-system.podinfo');
    });

    it('lets two scopes hold the same object while each still excludes a second holder', async () => {
      const builder = await bus.leases({ scope: 'builder' });
      const health = await bus.leases({ scope: 'health-checker' });
      const a = await builder.acquire(podinfo);
      const b = await health.acquire(podinfo);
      assert.ok(a && b, 'both scopes take the lease');
      assert.equal(await builder.acquire(podinfo), undefined, 'a second builder holder is refused');
      assert.equal(await health.holderOf(podinfo), 'replica-a');
      await a.release();
      await b.release();
    });
  });

  describe('consumer backlog', () => {
    let bus: Bus;

    before(async () => {
      bus = await createBus(nc, { prefix: `backlog${process.pid}` });
      await bus.ensureTopology();
    });
    after(async () => {
      await bus.close();
    });

    it('counts messages not yet delivered to a consumer', async () => {
      assert.equal(await bus.backlog('builder'), 0);
      for (const name of ['a', 'b', 'c']) {
        await bus.publish('reconcile', {
          involvedObject: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', namespace: 'flux-system', name },
          reason: 'interval', payload: { trigger: 'interval', scheduledAt: new Date().toISOString() },
        });
      }
      assert.equal(await bus.backlog('builder'), 3);
      assert.equal(await bus.backlog('source-fetcher-gitrepository'), 0);
      await assert.rejects(bus.backlog('no-such-consumer'), /no-such-consumer/);
    });
  });
});
