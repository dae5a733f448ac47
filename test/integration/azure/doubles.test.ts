import assert from 'node:assert/strict';
import { ClientSecretCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { loopbackAgent } from '../../doubles/azure/loopbackAgent';
import { AzureDoubles, DEFAULT_TENANT } from '../../doubles/azure/server';
import { call } from '../../util/http';
import { tls } from './harness';

describe('Azure doubles follow the real wire format', () => {
  let doubles: AzureDoubles;
  beforeEach(async () => {
    doubles = await new AzureDoubles({ tls: tls() }).start();
    doubles.directory.addApp(DEFAULT_TENANT, 'app', 'app-secret');
    doubles.addVault('wire-vault').set('A', { value: 'a' });
  });
  afterEach(() => doubles.close());

  it('challenges an unauthenticated request the way Key Vault does', async () => {
    const url = doubles.pathVaultUrlTemplate.replace('{name}', 'wire-vault');
    const r = await call(`${url}/secrets?api-version=2025-07-01`, { ca: doubles.caPem });
    assert.equal(r.status, 401);
    assert.equal(r.headers['www-authenticate'], `Bearer authorization="${doubles.entraUrl}/${DEFAULT_TENANT}", resource="https://vault.azure.net"`);
    assert.deepEqual(JSON.parse(r.text), { error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } });
  });

  it('answers errors in Key Vault\'s shape and requires an api-version', async () => {
    const token = doubles.directory.issueUserToken(DEFAULT_TENANT, 'u@x');
    const url = doubles.pathVaultUrlTemplate.replace('{name}', 'wire-vault');
    const auth = { authorization: `Bearer ${token}` };
    const noVersion = await call(`${url}/secrets`, { ca: doubles.caPem, headers: auth });
    assert.equal(noVersion.status, 400);
    assert.equal(JSON.parse(noVersion.text).error.code, 'BadParameter');
    const missing = await call(`${url}/secrets/NOPE?api-version=7.5`, { ca: doubles.caPem, headers: auth });
    assert.equal(missing.status, 404);
    assert.equal(JSON.parse(missing.text).error.code, 'SecretNotFound');
    const badName = await call(`${url}/secrets/a_b?api-version=7.5`, { ca: doubles.caPem, headers: auth, method: 'PUT', body: '{"value":"x"}' });
    assert.equal(badName.status, 400);
    assert.match(JSON.parse(badName.text).error.message, /invalid name: a_b/);
  });

  it('serves the token endpoint with OAuth errors', async () => {
    const meta = await call(`${doubles.entraUrl}/${DEFAULT_TENANT}/v2.0/.well-known/openid-configuration`, { ca: doubles.caPem });
    assert.equal(JSON.parse(meta.text).token_endpoint, `${doubles.entraUrl}/${DEFAULT_TENANT}/oauth2/v2.0/token`);
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'app', client_secret: 'wrong', scope: 'https://vault.azure.net/.default' }).toString();
    const r = await call(`${doubles.entraUrl}/${DEFAULT_TENANT}/oauth2/v2.0/token`, { ca: doubles.caPem, method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(r.status, 401);
    const e = JSON.parse(r.text);
    assert.equal(e.error, 'invalid_client');
    assert.deepEqual(e.error_codes, [7000215]);
    assert.match(e.error_description, /^AADSTS7000215: Invalid client secret provided\./);
  });

  it('supports what the SDK does beyond the backend: versions, property updates', async () => {
    const agent = loopbackAgent(doubles.caPem, h => doubles.resolves(h));
    try {
      const credential = new ClientSecretCredential(DEFAULT_TENANT, 'app', 'app-secret', { authorityHost: doubles.entraUrl, disableInstanceDiscovery: true, agent });
      const client = new SecretClient(doubles.vaultUrlTemplate.replace('{name}', 'wire-vault'), credential, { agent, disableChallengeResourceVerification: true });
      // (SDK 4.11 drops `contentType` from setSecret/updateSecretProperties options: it never reaches the wire.)
      const v2 = await client.setSecret('A', 'a2', { tags: { owner: 'team' } });
      const versions: string[] = [];
      for await (const p of client.listPropertiesOfSecretVersions('A')) versions.push(p.version!);
      assert.equal(versions.length, 2);
      assert.equal((await client.getSecret('A', { version: versions[0]! })).value, 'a');
      const updated = await client.updateSecretProperties('A', v2.properties.version!, { enabled: false });
      assert.equal(updated.enabled, false);
      assert.equal(updated.tags?.owner, 'team');
      await assert.rejects(client.getSecret('A'), (e: { statusCode?: number; code?: string }) => e.statusCode === 403 && e.code === 'Forbidden');
      const listed = [];
      for await (const p of client.listPropertiesOfSecrets()) listed.push([p.name, p.enabled, p.tags?.owner]);
      assert.deepEqual(listed, [['A', false, 'team']]);
    } finally {
      agent.destroy();
    }
  });
});

describe('Azure doubles on ::1', () => {
  it('listen on the IPv6 loopback too', async function () {
    const doubles = new AzureDoubles({ tls: tls(), address: '::1' });
    try {
      await doubles.start();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EADDRNOTAVAIL' || (e as NodeJS.ErrnoException).code === 'EAFNOSUPPORT') this.skip();
      throw e;
    }
    try {
      assert.match(doubles.entraUrl, /^https:\/\/\[::1\]:\d+$/);
      const r = await call(`${doubles.entraUrl}/${DEFAULT_TENANT}/v2.0/.well-known/openid-configuration`, { ca: doubles.caPem });
      assert.equal(r.status, 400, 'unknown tenant until a vault or app creates it');
    } finally {
      await doubles.close();
    }
  });
});
