import assert from 'node:assert/strict';
import type { TokenCredential } from '@azure/identity';
import { Credentials } from '../../../client/src/backends/azure/credentials';
import type { AzureBackendOptions } from '../../../client/src/backends/azure/options';
import { DEFAULT_RETRY } from '../../../client/src/backends/azure/policies';
import { fail, ok, silentLogger } from '../../../client/src/backends/types';
import { settingsFrom, type Settings } from '../../../shared/src/settings';

/** A TokenCredential that never talks to anything. */
const fake: TokenCredential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 60_000 }) };

function make(settings: Partial<Settings>, extra: Partial<AzureBackendOptions> = {}) {
  const calls = { dac: [] as string[], reads: [] as string[] };
  const options: AzureBackendOptions = {
    settings: settingsFrom(settings),
    readCredentialSecret: async name => {
      calls.reads.push(name);
      return name === 'creds' ? ok({ tenant_id: 'contoso.onmicrosoft.com', client_id: 'c', secret: 's3cr3t' }) : fail('forbidden', 'Forbidden by RBAC.', 403);
    },
    createDefaultAzureCredential: o => {
      calls.dac.push(o.authorityHost);
      return fake;
    },
    ...extra,
  };
  return { creds: new Credentials(options, DEFAULT_RETRY, silentLogger), calls };
}

describe('azure credential selection', () => {
  it('defaults to the Kubernetes Secret, and never falls back to DefaultAzureCredential', async () => {
    const { creds, calls } = make({ 'azure.credentialSecret': 'other' });
    const r = await creds.resolve(undefined);
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.kind, 'forbidden');
    assert.deepEqual(calls.reads, ['other']);
    assert.deepEqual(calls.dac, [], 'DefaultAzureCredential is never created unless picked');
  });

  it('builds a client-secret credential from the Secret, in memory, preferring the source\'s k8s_secret', async () => {
    const { creds, calls } = make({ 'azure.credentialSecret': 'other' });
    const r = await creds.resolve('creds');
    assert.ok(r.ok);
    assert.equal(r.value.label, "the Kubernetes Secret 'creds' (client c)");
    assert.deepEqual(r.value.redact, ['s3cr3t']);
    assert.equal(r.value.credential.constructor.name, 'ClientSecretCredential');
    const again = await creds.resolve('creds');
    assert.ok(again.ok && again.value.credential === r.value.credential, 'reused while the Secret is unchanged');
    assert.deepEqual(calls.reads, ['creds', 'creds']);
  });

  it('creates DefaultAzureCredential only when picked, once, with the authority host', async () => {
    const { creds, calls } = make({ 'azure.credential': 'defaultAzureCredential', 'azure.authorityHost': 'https://login.microsoftonline.us/' });
    const a = await creds.resolve(undefined);
    const b = await creds.resolve('ignored');
    assert.ok(a.ok && b.ok && a.value.credential === fake && b.value.credential === fake);
    assert.equal(a.ok && a.value.label, 'DefaultAzureCredential');
    assert.deepEqual(calls.dac, ['https://login.microsoftonline.us']);
    assert.deepEqual(calls.reads, []);
  });

  it('uses the Microsoft account only when picked and available', async () => {
    const none = make({ 'azure.credential': 'microsoftAccount' });
    const r = await none.creds.resolve(undefined);
    assert.equal(!r.ok && r.error.kind, 'invalid');
    const some = make({ 'azure.credential': 'microsoftAccount' }, { microsoftAccount: async () => ({ token: 'x' }) });
    const s = await some.creds.resolve(undefined);
    assert.ok(s.ok && s.value.label === 'your Microsoft account');
    assert.deepEqual([...none.calls.dac, ...some.calls.dac, ...none.calls.reads, ...some.calls.reads], []);
  });

  it('refuses an unknown credential kind', async () => {
    const { creds, calls } = make({ 'azure.credential': 'environment' as never });
    const r = await creds.resolve(undefined);
    assert.match(!r.ok ? r.error.message : '', /Unknown Azure credential "environment"/);
    assert.deepEqual(calls.dac, []);
  });

  it('describes the chosen credential', () => {
    assert.equal(make({ 'azure.credentialSecret': 'creds' }).creds.describe(), 'Kubernetes Secret creds');
    assert.equal(make({ 'azure.credential': 'microsoftAccount' }).creds.describe(), 'Microsoft account');
  });
});
