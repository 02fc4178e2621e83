import { strict as assert } from 'node:assert';
import { ProtobufDecodeError, decodeProtobufObject } from '../../src/protobuf/decode.js';
import { WireWriter } from '../../src/protobuf/writer.js';

function envelope(apiVersion: string, kind: string, raw: WireWriter): Buffer {
  const typeMeta = new WireWriter().string(1, apiVersion).string(2, kind);
  return Buffer.concat([Buffer.from('k8s\u0000'), new WireWriter().message(1, typeMeta).message(2, raw).finish()]);
}

describe('protobuf request bodies', () => {
  it('decodes a SelfSubjectAccessReview as kubectl auth can-i sends it', () => {
    const attrs = new WireWriter().string(1, 'team').string(2, 'list').string(5, 'pods');
    const spec = new WireWriter().message(1, attrs);
    const body = envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', new WireWriter().message(1, new WireWriter()).message(2, spec));
    assert.deepEqual(decodeProtobufObject(body), {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { namespace: 'team', verb: 'list', resource: 'pods' } },
    });
  });

  it('decodes maps, repeated messages, int-or-string and drops zero values', () => {
    const labels = new WireWriter().string(1, 'app').string(2, 'web');
    const meta = new WireWriter().string(1, 'web').string(3, '').bytes(11, labels.finish());
    const container = new WireWriter().string(1, 'app').string(2, 'nginx:1.27').string(13, '');
    const podSpec = new WireWriter().message(2, container).string(3, '');
    const template = new WireWriter().message(1, new WireWriter().bytes(11, labels.finish())).message(2, podSpec);
    const selector = new WireWriter().bytes(1, labels.finish());
    const rolling = new WireWriter().message(1, new WireWriter().varint(1, 1).string(3, '30%'));
    const strategy = new WireWriter().string(1, 'RollingUpdate').message(2, rolling);
    const spec = new WireWriter().varint(1, 3).message(2, selector).message(3, template).message(4, strategy);
    const body = envelope('apps/v1', 'Deployment', new WireWriter().message(1, meta).message(2, spec));
    assert.deepEqual(decodeProtobufObject(body), {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 3, selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '30%' } },
      },
    });
  });

  it('says which types it cannot decode, and refuses malformed input', () => {
    const unsupported = envelope('networking.k8s.io/v1', 'Ingress', new WireWriter());
    assert.throws(() => decodeProtobufObject(unsupported), (err: unknown) => err instanceof ProtobufDecodeError && err.unsupported);
    assert.throws(() => decodeProtobufObject(Buffer.from('{"json":true}')), (err: unknown) => err instanceof ProtobufDecodeError && !err.unsupported);
    assert.throws(() => decodeProtobufObject(Buffer.concat([Buffer.from('k8s\u0000'), Buffer.from([0x0a, 0x7f, 0x01])])), ProtobufDecodeError);
  });
});
