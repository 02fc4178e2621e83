import { strict as assert } from 'node:assert';
import { X509Certificate } from 'node:crypto';
import { get } from 'node:https';
import { parse } from 'yaml';
import { startKubeSim, type KubeSim } from '@sluice/kube-sim';

describe('advertised host name', () => {
  let sim: KubeSim | undefined;
  afterEach(async () => {
    await sim?.stop();
    sim = undefined;
  });

  it('puts the advertised name in the kubeconfig server URL and the certificate, and keeps serving on the listen address', async () => {
    sim = await startKubeSim({ advertiseHost: 'kube-sim', controllers: false });
    assert.match(sim.url, /^https:\/\/kube-sim:\d+$/);
    const config = parse(sim.kubeconfig) as { clusters: { cluster: { server: string; 'certificate-authority-data': string } }[] };
    const cluster = config.clusters[0]!.cluster;
    assert.equal(cluster.server, sim.url);
    const cert = new X509Certificate(Buffer.from(cluster['certificate-authority-data'], 'base64'));
    assert.match(cert.subjectAltName ?? '', /DNS:kube-sim/);
    assert.match(cert.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
    // Connect to the loopback listener but verify the certificate for the advertised name, as a container would.
    const ca = Buffer.from(cluster['certificate-authority-data'], 'base64');
    const status = await new Promise<number>((resolve, reject) => {
      get({ host: '127.0.0.1', port: new URL(sim!.url).port, path: '/version', ca, servername: 'kube-sim' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    assert.equal(status, 200);
  });
});
