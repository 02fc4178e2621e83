import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { trackChild } from '@sluice/testing';
import { ack, type Delivery, type Subscription } from '../src/index.js';
import { freshBus, natsForSuite, reconcileOf, within } from './helpers.js';

const doomedConsumer = fileURLToPath(new URL('./fixtures/takes-work-and-hangs.ts', import.meta.url));

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`consumer exited (${code}) before taking work: ${out}`)));
  });
}

describe('a consumer that dies mid-message', () => {
  const nats = natsForSuite();
  let child: ChildProcess | undefined;
  let subscription: Subscription | undefined;

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = undefined;
    await subscription?.stop();
  });

  it('loses nothing: another consumer gets the message after the ack wait', async () => {
    const { bus } = await freshBus(await nats.connect(), { settings: { ackWaitMs: 1_000 } });
    const published = await bus.publish('reconcile', reconcileOf());
    child = trackChild(spawn(process.execPath, ['--conditions=sluice-dev', '--import=tsx', doomedConsumer], {
      env: { ...process.env, SLUICE_TEST_NATS_URL: nats.server().url, SLUICE_TEST_PREFIX: bus.prefix },
      stdio: ['ignore', 'pipe', 'inherit'],
    }));
    assert.equal(await within(15_000, 'the child taking the message', firstLine(child)), `took ${published.seq}`);
    const killed = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await killed;

    const redelivered = new Promise<Delivery>((resolve) => {
      subscription = bus.consume('source-fetcher-gitrepository', (_envelope, delivery) => {
        resolve(delivery);
        return ack();
      });
    });
    const delivery = await within(10_000, 'redelivery to the survivor', redelivered);
    assert.equal(delivery.streamSequence, published.seq);
    assert.equal(delivery.deliveryCount, 2);
    await bus.close();
  });
});
