import assert from 'node:assert/strict';
import { parseSetSecretRequest, setSecretInput } from '../../../client/src/commands/support/setSecretArgs';

describe("Set Secret…'s two argument shapes", () => {
  it('a request from Run Job: backend, project, optional key and vault, each checked', () => {
    assert.deepEqual(parseSetSecretRequest({ backend: 'azure', project: 'demo', key: 'DB-PASSWORD', vault: 'v' }), { backend: 'azure', project: 'demo', key: 'DB-PASSWORD', vault: 'v' });
    assert.deepEqual(parseSetSecretRequest({ backend: 'local', project: 'demo' }), { backend: 'local', project: 'demo' });
    assert.equal(parseSetSecretRequest({ backend: 'vault', project: 'demo' }), undefined, 'unknown backend');
    assert.equal(parseSetSecretRequest({ backend: 'local', project: 7 }), undefined);
    assert.equal(parseSetSecretRequest({ backend: 'local', project: 'demo', key: 'bad key!' }), undefined, 'a key that cannot be stored');
    assert.equal(parseSetSecretRequest({ backend: 'local', project: 'demo', vault: 3 }), undefined);
    assert.equal(parseSetSecretRequest({ scope: { backend: 'local', project: 'demo' } }), undefined, 'a node-like argument is not a request');
    assert.equal(parseSetSecretRequest('demo'), undefined);
  });

  it('tells a node, a request and the palette apart', () => {
    assert.deepEqual(setSecretInput(undefined, { scope: { backend: 'kubernetes', project: 'p' }, key: 'K' }), { from: 'node', scope: { backend: 'kubernetes', project: 'p' }, key: 'K' });
    assert.deepEqual(setSecretInput({ backend: 'mlrunApi', project: 'p', key: 'K' }, undefined), { from: 'request', scope: { backend: 'mlrunApi', project: 'p' }, key: 'K' });
    assert.deepEqual(setSecretInput({ backend: 'azure', project: 'p', vault: 'v' }, undefined), { from: 'request', scope: { backend: 'azure', project: 'p', vault: 'v' } });
    assert.deepEqual(setSecretInput({ what: 'ever' }, undefined), { from: 'palette' });
    assert.deepEqual(setSecretInput(undefined, undefined), { from: 'palette' });
  });
});
