import { strict as assert } from 'node:assert';
import { SluiceError, errorMessage, isSluiceError } from '@sluice/errors';

class BuildFailedError extends SluiceError {
  constructor(subject: string, cause: Error) {
    super('SLUICE_BUILD_FAILED', `${subject} build failed: ${cause.message}`, { cause });
  }
}

describe('SluiceError', () => {
  it('names itself after the concrete subclass and keeps code and cause', () => {
    const cause = new Error('kustomization.yaml: patches[1]: target not found');
    const err = new BuildFailedError('Kustomization/flux-system/apps', cause);
    assert.equal(err.name, 'BuildFailedError');
    assert.equal(err.code, 'SLUICE_BUILD_FAILED');
    assert.equal(err.cause, cause);
    assert.match(err.message, /^Kustomization\/flux-system\/apps build failed: kustomization.yaml/);
    assert.ok(isSluiceError(err, 'SLUICE_BUILD_FAILED'));
    assert.ok(!isSluiceError(err, 'SLUICE_OTHER'));
    assert.ok(!isSluiceError(cause));
  });

  it('renders the message of any thrown value without throwing', () => {
    assert.equal(errorMessage(new Error('boom')), 'boom');
    assert.equal(errorMessage('plain'), 'plain');
    assert.equal(errorMessage({ a: 1 }), '{"a":1}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.equal(errorMessage(cyclic), '[object Object]');
  });
});
