import assert from 'node:assert/strict';
import { jetstreamManager } from '@nats-io/jetstream';
import { createBus, resolveTopology, streamName } from '../src/index.js';
import { natsForSuite, uniquePrefix } from './helpers.js';

describe('ensureTopology', () => {
  const nats = natsForSuite();

  it('creates the streams, consumers and buckets named after the prefix', async () => {
    const nc = await nats.connect();
    const prefix = uniquePrefix();
    const report = await (await createBus(nc, { prefix })).ensureTopology();
    const topology = resolveTopology({ prefix });
    assert.equal(report.created.length, topology.streams.length + topology.consumers.length + topology.buckets.length);
    const jsm = await jetstreamManager(nc);
    const reconcile = await jsm.streams.info(streamName(prefix, 'RECONCILE'));
    assert.equal(reconcile.config.retention, 'workqueue');
    assert.deepEqual(reconcile.config.subjects, [`${prefix}.v1.reconcile.>`]);
    const pipeline = await jsm.streams.info(streamName(prefix, 'PIPELINE'));
    assert.equal(pipeline.config.retention, 'limits');
    assert.equal(pipeline.config.subjects.length, 5);
    const consumer = await jsm.consumers.info(streamName(prefix, 'RECONCILE'), 'source-fetcher-gitrepository');
    assert.equal(consumer.config.filter_subject, `${prefix}.v1.reconcile.gitrepository.>`);
    assert.equal(consumer.config.ack_policy, 'explicit');
    assert.equal(consumer.config.max_deliver, -1);
    assert.deepEqual(report.created.filter((n) => n.startsWith(`${prefix}-`)).sort(),
      [`${prefix}-artifacts`, `${prefix}-builds`, `${prefix}-leases`, `${prefix}-state`]);
  });

  it('changes nothing when run again', async () => {
    const nc = await nats.connect();
    const bus = await createBus(nc, { prefix: uniquePrefix() });
    const first = await bus.ensureTopology();
    const second = await bus.ensureTopology();
    assert.deepEqual(second.created, []);
    assert.deepEqual(second.updated, []);
    assert.deepEqual([...second.unchanged].sort(), [...first.created].sort());
  });

  it('tolerates replicas setting it up at the same time', async () => {
    const prefix = uniquePrefix();
    const buses = await Promise.all([1, 2, 3].map(async () => createBus(await nats.connect(), { prefix })));
    const reports = await Promise.all(buses.map((bus) => bus.ensureTopology()));
    const topology = resolveTopology({ prefix });
    // Every part was created by some replica (a lost create race is settled without an error).
    const created = new Set(reports.flatMap((r) => [...r.created, ...r.unchanged]));
    assert.equal(created.size, topology.streams.length + topology.consumers.length + topology.buckets.length);
    const again = await buses[0]!.ensureTopology();
    assert.deepEqual([again.created, again.updated], [[], []]);
  });

  it('updates ack wait, max age and lease TTL in place', async () => {
    const nc = await nats.connect();
    const prefix = uniquePrefix();
    await (await createBus(nc, { prefix })).ensureTopology();
    const report = await (await createBus(nc, { prefix, settings: { ackWaitMs: 5_000, eventsMaxAgeMs: 3_600_000, leaseTtlMs: 10_000 } })).ensureTopology();
    assert.ok(report.updated.includes(`${streamName(prefix, 'EVENTS')}`));
    assert.ok(report.updated.includes(`${streamName(prefix, 'RECONCILE')}/builder`));
    assert.ok(report.updated.includes(`${prefix}-leases`));
    const info = await (await jetstreamManager(nc)).consumers.info(streamName(prefix, 'RECONCILE'), 'builder');
    assert.equal(info.config.ack_wait, 5_000_000_000);
  });

  it('refuses a stream whose retention conflicts, naming it', async () => {
    const nc = await nats.connect();
    const prefix = uniquePrefix();
    await (await jetstreamManager(nc)).streams.add({ name: streamName(prefix, 'PIPELINE'), subjects: [`${prefix}.v1.build.>`], retention: 'workqueue' as never });
    await assert.rejects((await createBus(nc, { prefix })).ensureTopology(), {
      code: 'SLUICE_BUS_TOPOLOGY', message: new RegExp(`^stream ${streamName(prefix, 'PIPELINE')}: exists with retention workqueue`),
    });
  });
});
