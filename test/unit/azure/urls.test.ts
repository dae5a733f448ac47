import assert from 'node:assert/strict';
import {
  instanceDiscoveryDisabled, isLoopbackHost, skipChallengeResourceVerification, validateAuthorityHost,
  validateVaultUrlTemplate, vaultUrl,
} from '../../../client/src/backends/azure/urls';

describe('azure urls', () => {
  it('formats the vault URL like MLRun\'s secret_stores.azure_vault.url', () => {
    assert.deepEqual(vaultUrl('https://{name}.vault.azure.net', 'my-vault'), { ok: true, value: 'https://my-vault.vault.azure.net' });
    assert.deepEqual(vaultUrl('https://{name}.vault.usgovcloudapi.net/', 'gov1'), { ok: true, value: 'https://gov1.vault.usgovcloudapi.net' });
    assert.deepEqual(vaultUrl('https://127.0.0.1:8443/vaults/{name}', 'abc'), { ok: true, value: 'https://127.0.0.1:8443/vaults/abc' });
  });

  it('refuses invalid vault names before building any URL', () => {
    for (const bad of ['ab', 'a_b', '1abc', 'abc-', 'a--b', 'evil.com/x', 'x'.repeat(25)]) {
      const r = vaultUrl('https://{name}.vault.azure.net', bad);
      assert.equal(r.ok, false, bad);
    }
  });

  it('validates the template', () => {
    assert.equal(validateVaultUrlTemplate('https://{name}.vault.azure.net'), undefined);
    assert.match(validateVaultUrlTemplate('https://vault.azure.net')!, /must contain "\{name\}"/);
    assert.match(validateVaultUrlTemplate('http://{name}.vault.azure.net')!, /must use https/);
    assert.match(validateVaultUrlTemplate('https://{name}.{region}.example')!, /no braces other than/);
    assert.match(validateVaultUrlTemplate('https://u:p@{name}.vault.azure.net')!, /user name or password/);
    assert.match(validateVaultUrlTemplate('https://{name}.vault.azure.net/?x=1')!, /query or fragment/);
    assert.match(validateVaultUrlTemplate('{name}')!, /not a URL/);
  });

  it('validates the authority host', () => {
    assert.equal(validateAuthorityHost('https://login.microsoftonline.com'), undefined);
    assert.match(validateAuthorityHost('http://login.microsoftonline.com')!, /must use https/);
    assert.match(validateAuthorityHost('nope')!, /not a URL/);
    assert.match(validateAuthorityHost('https://login.microsoftonline.com/?a=b')!, /plain https URL/);
  });

  it('keeps instance discovery only for Microsoft\'s own authority hosts', () => {
    assert.equal(instanceDiscoveryDisabled('https://login.microsoftonline.com'), false);
    assert.equal(instanceDiscoveryDisabled('https://LOGIN.microsoftonline.us/'), false);
    assert.equal(instanceDiscoveryDisabled('https://127.0.0.1:4443'), true);
    assert.equal(instanceDiscoveryDisabled('https://adfs.contoso.example'), true);
  });

  it('recognises loopback hosts only', () => {
    for (const h of ['localhost', 'a.vault.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) assert.equal(isLoopbackHost(h), true, h);
    for (const h of ['vault.azure.net', 'localhost.evil.com', '128.0.0.1', '10.0.0.1', '127.0.0.1.nip.io', '::2']) assert.equal(isLoopbackHost(h), false, h);
  });

  it('skips the challenge resource check for loopback vault URLs only', () => {
    assert.equal(skipChallengeResourceVerification('https://x.vault.localhost:1234'), true);
    assert.equal(skipChallengeResourceVerification('https://127.0.0.1:1234/vaults/x'), true);
    assert.equal(skipChallengeResourceVerification('https://x.vault.azure.net'), false);
  });
});
