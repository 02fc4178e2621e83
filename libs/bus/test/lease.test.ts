import assert from 'node:assert/strict';
import { createCapturingLogger } from '@sluice/telemetry/testing';
import { createBus, type Bus, type Lease, type Leases } from '../src/index.js';
import { apps, natsForSuite, podinfo, sleep, uniquePrefix } from './helpers.js';

const TTL_MS = 1_000;

describe('leases', () => {
  const nats = natsForSuite();
  let one: Bus;
  let two: Bus;
  let held: Lease[];

  beforeEach(async () => {
    const prefix = uniquePrefix();
    const settings = { leaseTtlMs: TTL_MS };
    const { logger } = createCapturingLogger('lease-test');
    one = await createBus(await nats.connect(), { prefix, settings, instance: 'replica-1', logger });
    two = await createBus(await nats.connect(), { prefix, settings, instance: 'replica-2', logger });
    await one.ensureTopology();
    held = [];
  });

  afterEach(async () => {
    await Promise.allSettled(held.map((l) => l.release()));
    await one.close();
    await two.close();
  });

  async function take(leases: Leases, object = apps): Promise<Lease | undefined> {
    const lease = await leases.acquire(object);
    if (lease) held.push(lease);
    return lease;
  }

  it('excludes a second holder while the first holds the lease', async () => {
    const [a, b] = [await one.leases(), await two.leases()];
    assert.ok(await take(a));
    assert.equal(await take(b), undefined);
    assert.equal(await b.holderOf(apps), 'replica-1');
    assert.ok(await take(b, podinfo), 'other objects have their own lease');
  });

  it('keeps a renewed lease past its TTL', async () => {
    const [a, b] = [await one.leases(), await two.leases()];
    const lease = await take(a);
    await sleep(TTL_MS * 2.5);
    assert.equal(lease!.lost, false);
    assert.equal(await take(b), undefined);
  });

  it('is taken over once its holder stopped renewing for longer than the TTL', async () => {
    const stalled = await one.leases({ renewEveryMs: 3_600_000 });
    const b = await two.leases();
    const old = await take(stalled);
    assert.equal(await take(b), undefined);
    let takeover: Lease | undefined;
    for (let i = 0; i < 50 && !takeover; i += 1) {
      await sleep(100);
      takeover = await take(b);
    }
    assert.ok(takeover, 'the expired lease was taken over');
    assert.equal(await b.holderOf(apps), 'replica-2');
    await old!.release();
    assert.equal(await b.holderOf(apps), 'replica-2', 'the old holder must not delete the new holder\'s lease');
  });

  it('can be taken at once after release, also when the work threw', async () => {
    const [a, b] = [await one.leases(), await two.leases()];
    await assert.rejects(a.withLease(apps, () => Promise.reject(new Error('apply failed'))), /apply failed/);
    const result = await b.withLease(apps, (lease) => Promise.resolve(lease.holder));
    assert.deepEqual(result, { acquired: true, value: 'replica-2' });
  });

  it('signals the holder when a renew finds the lease taken over', async () => {
    const lease = await take(await one.leases({ renewEveryMs: 100 }));
    const lost = new Promise<unknown>((resolve) => lease!.signal.addEventListener('abort', () => resolve(lease!.signal.reason)));
    const kv = await two.kv('leases');
    const key = 'kustomization.flux-system.apps';
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const entry = await kv.get(key);
      try {
        await kv.update(key, JSON.stringify({ holder: 'intruder' }), entry!.revision);
        break;
      } catch {
        // The holder renewed in between; read again.
      }
    }
    const reason = await lost;
    assert.equal(lease!.lost, true);
    assert.match(String(reason), /lease kustomization\.flux-system\.apps: taken over or expired/);
  });
});
