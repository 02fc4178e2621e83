import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { findNatsServerBinary, startNats, type NatsServerHandle } from '../src/index.js';

/** These tests are about the local server, so a NATS_URL set for the whole run must not redirect them. */
const localEnv: NodeJS.ProcessEnv = { ...process.env };
delete localEnv.NATS_URL;

describe('startNats', () => {
  let server: NatsServerHandle | undefined;
  let nc: NatsConnection | undefined;

  afterEach(async () => {
    await nc?.close();
    nc = undefined;
    await server?.stop();
    server = undefined;
  });

  it('starts a JetStream server on a random loopback port with its own store', async () => {
    server = await startNats({ env: localEnv });
    assert.match(server.url, /^nats:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(server.port > 0);
    assert.ok(existsSync(server.storeDir));
    nc = await connect({ servers: server.url });
    const info = await (await jetstreamManager(nc)).getAccountInfo();
    assert.equal(info.streams, 0);
  });

  it('keeps the port and the JetStream store across restart', async () => {
    server = await startNats({ env: localEnv });
    const port = server.port;
    nc = await connect({ servers: server.url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'KEPT', subjects: ['kept.>'] });
    await jsm.jetstream().publish('kept.one', 'hello');
    await nc.close();

    await server.restart();
    assert.equal(server.port, port);
    nc = await connect({ servers: server.url });
    const info = await (await jetstreamManager(nc)).streams.info('KEPT');
    assert.equal(info.state.messages, 1);
  });

  it('removes the store on stop and tolerates a second stop', async () => {
    server = await startNats({ env: localEnv });
    const { storeDir } = server;
    await server.stop();
    await server.stop();
    assert.equal(existsSync(storeDir), false);
  });

  it('uses the server named by NATS_URL and leaves it running on stop', async () => {
    server = await startNats({ env: localEnv });
    const external = await startNats({ env: { NATS_URL: server.url } });
    assert.equal(external.url, server.url);
    assert.equal(external.port, server.port);
    assert.equal(external.restartable, false);
    await external.stop();
    nc = await connect({ servers: server.url });
    await assert.rejects(external.restart(), { code: 'SLUICE_DEVSTACK' });
  });

  it('prefers a nats-server on PATH over /usr/sbin/nats-server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-path-'));
    try {
      await writeFile(join(dir, 'nats-server'), '#!/bin/sh\n', { mode: 0o755 });
      assert.equal(findNatsServerBinary({ PATH: `/nonexistent:${dir}` }), join(dir, 'nats-server'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
