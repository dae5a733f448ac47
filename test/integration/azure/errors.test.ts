import assert from 'node:assert/strict';
import { waitFor } from '../backends/support/fixtures';
import { CLIENT_ID, failure, must, setup, type Env } from './harness';
import { createAzureTls } from '../../doubles/azure/server';

describe('Azure Key Vault: every failure becomes one clear sentence', () => {
  let env: Env;
  beforeEach(async () => {
    env = await setup();
  });
  afterEach(() => env.close());

  it('401: a token the vault no longer accepts', async () => {
    env.doubles.addVault('team-vault');
    must(await env.scope('team-vault').listKeys());
    env.doubles.directory.revokeAll();
    const e = failure(await env.scope('team-vault').listKeys());
    assert.equal(e.kind, 'unauthorized');
    assert.equal(e.status, 401);
    assert.match(e.message, /^Key Vault rejected the token of the Kubernetes Secret 'azure-vault-creds' \(client [-0-9a-f]+\) for vault 'team-vault' \(HTTP 401, Unauthorized: AKV10032: Invalid issuer/);
  });

  it('403 with access policies names the missing permission', async () => {
    env.doubles.addVault('team-vault', { permissions: { [CLIENT_ID]: ['list', 'get'] } });
    const e = failure(await env.scope('team-vault').setSecrets(new Map([['A', '1']])));
    assert.equal(e.kind, 'forbidden');
    assert.equal(e.code, 'AccessDenied');
    assert.match(e.message, /^The access policy of vault 'team-vault' does not give the Kubernetes Secret 'azure-vault-creds' \(client [-0-9a-f]+\) the secret permission "Set" \(HTTP 403, AccessDenied\)\.$/);
    env.doubles.vault('team-vault')!.set('A', { value: 'a' });
    env.doubles.vault('team-vault')!.config.permissions.set(CLIENT_ID, new Set(['list']));
    const read = failure(await env.scope('team-vault').readValues(['A']));
    assert.equal(read.kind, 'forbidden', 'a denied read fails the whole read, unlike a missing key');
    assert.match(read.message, /the secret permission "Get"/);
  });

  it('403 with Azure RBAC names the role to assign', async () => {
    env.doubles.addVault('team-vault', { accessModel: 'rbac', permissions: { [CLIENT_ID]: [] } });
    const list = failure(await env.scope('team-vault').listKeys());
    assert.equal(list.code, 'ForbiddenByRbac');
    assert.match(list.message, /has no Azure role that lets it list the secrets of vault 'team-vault' \(HTTP 403, ForbiddenByRbac\): assign it "Key Vault Secrets User" \(or Officer\) on the vault\./);
    const del = must(await env.scope('team-vault').deleteSecrets(['A']));
    assert.match(del.notDeleted[0]!.reason, /"Key Vault Secrets Officer"/);
  });

  it('403 from the vault firewall', async () => {
    env.doubles.addVault('team-vault');
    env.doubles.failNext({ status: 403, code: 'Forbidden', message: 'Client address is not authorized and caller is not a trusted service.', innerCode: 'ForbiddenByFirewall' });
    const e = failure(await env.scope('team-vault').listKeys());
    assert.match(e.message, /^The firewall of vault 'team-vault' does not allow this machine's address/);
  });

  it('404 keys are skipped when reading values, as MLRun does; disabled ones too', async () => {
    const v = env.doubles.addVault('team-vault');
    v.set('A', { value: 'a' });
    v.set('OFF', { value: 'off', enabled: false });
    const values = must(await env.scope('team-vault').readValues(['A', 'MISSING', 'OFF', 'not_a_vault_name']));
    assert.deepEqual([...values.keys()], ['A']);
    assert.ok(env.logger.lines.some(l => l.includes('skipped (missing, disabled or not a vault name): MISSING, OFF, not_a_vault_name')));
    const all = must(await env.scope('team-vault').readValues([]));
    assert.deepEqual([...all.entries()], [['A', 'a']], '[] means every enabled secret');
  });

  it('429 with a short Retry-After is waited for and retried', async () => {
    env.doubles.addVault('team-vault').set('A', { value: '1' });
    env.doubles.failNext({ method: 'GET', pathPrefix: '/secrets', status: 429, code: 'Throttled', message: 'Too many requests.', retryAfterSeconds: 1 });
    const started = Date.now();
    assert.deepEqual(must(await env.scope('team-vault').listKeys()).map(k => k.name), ['A']);
    assert.ok(Date.now() - started >= 900, 'Retry-After was honoured');
    assert.deepEqual(env.doubles.vaultRequests().map(r => r.status), [401, 429, 200]);
  });

  it('429 asking for a longer wait than the bound fails at once as rate-limited', async () => {
    env.doubles.addVault('team-vault');
    env.doubles.failNext({ status: 429, code: 'Throttled', message: 'Too many requests.', retryAfterSeconds: 120 });
    const e = failure(await env.scope('team-vault').listKeys());
    assert.equal(e.kind, 'rateLimited');
    assert.equal(e.status, 429);
    assert.equal(e.message, "Key Vault is throttling requests to vault 'team-vault' (HTTP 429, it asked to wait 120 s); try again later.");
    assert.deepEqual(env.doubles.vaultRequests().map(r => r.status), [401, 429]);
  });

  it('429 without Retry-After is retried a bounded number of times', async () => {
    env.doubles.addVault('team-vault');
    env.doubles.failNext({ status: 429, code: 'Throttled', message: 'Too many requests.', times: 10 });
    const e = failure(await env.scope('team-vault').listKeys());
    assert.equal(e.kind, 'rateLimited');
    assert.match(e.message, /it gave no wait time/);
    assert.equal(env.doubles.vaultRequests().filter(r => r.status === 429).length, 4, 'first attempt + 3 retries');
  });

  it('5xx is retried, then reported as a server error', async () => {
    env.doubles.addVault('team-vault');
    env.doubles.failNext({ status: 500, code: 'InternalServerError', message: 'Something broke.', times: 10 });
    const e = failure(await env.scope('team-vault').listKeys());
    assert.equal(e.kind, 'serverError');
    assert.match(e.message, /^Key Vault failed to list the secrets of vault 'team-vault' \(HTTP 500, InternalServerError: Something broke\.\)\.$/);
    assert.equal(env.doubles.vaultRequests().filter(r => r.status === 500).length, 4);
  });

  it('a vault that does not exist does not resolve', async () => {
    const e = failure(await env.scope('team-vault').listKeys());
    assert.equal(e.kind, 'unreachable');
    assert.match(e.message, /^Cannot reach vault 'team-vault' at https:\/\/team-vault\.vault\.localhost:\d+: the host team-vault\.vault\.localhost:\d+ does not resolve/);
  });

  it('an untrusted certificate is reported as such (TLS is never disabled)', async () => {
    env.doubles.addVault('team-vault');
    env.settings['azure.vaultUrlTemplate'] = env.doubles.pathVaultUrlTemplate;
    const other = createAzureTls();
    const backend = env.makeBackend({ transport: { ca: other.caPem } });
    const e = failure(await must(backend.vault('demo', 'team-vault')).listKeys());
    assert.equal(e.kind, 'unreachable');
    assert.match(e.message, /its TLS certificate is not trusted/);
    assert.equal(env.doubles.requests.length, 0);
  });

  it('cancels before sending and while waiting for Retry-After', async () => {
    env.doubles.addVault('team-vault');
    const aborted = AbortSignal.abort();
    assert.equal(failure(await env.scope('team-vault').listKeys(aborted)).kind, 'cancelled');
    assert.equal(env.doubles.requests.length, 0);

    env.doubles.failNext({ status: 429, code: 'Throttled', message: 'Too many requests.', retryAfterSeconds: 4 });
    const ac = new AbortController();
    const pending = env.scope('team-vault').listKeys(ac.signal);
    await waitFor(() => env.doubles.vaultRequests().some(r => r.status === 429), 'the 429');
    ac.abort();
    const e = failure(await pending);
    assert.equal(e.kind, 'cancelled');
    assert.equal(env.doubles.vaultRequests().filter(r => r.authorized).length, 1, 'no retry after the cancel');
  });
});

describe('Azure Key Vault: the challenge resource check', () => {
  let env: Env;
  beforeEach(async () => {
    env = await setup();
    env.doubles.addVault('team-vault').set('A', { value: '1' });
    // A non-loopback host name: the test agent still connects to 127.0.0.1, but the SDK's check is now on.
    env.settings['azure.vaultUrlTemplate'] = `https://{name}.vault.example.test:${env.doubles.vaultPort}`;
  });
  afterEach(() => env.close());

  it('refuses to send a token to a host outside the challenge resource', async () => {
    const e = failure(await env.scope('team-vault').listKeys());
    assert.equal(e.kind, 'invalid');
    assert.match(e.message, /^Refused to send a Key Vault token to team-vault\.vault\.example\.test:\d+: it is not under vault\.azure\.net/);
    assert.ok(env.doubles.vaultRequests().every(r => !r.authorized), 'no token was sent');
    assert.equal(env.doubles.entra.tokensIssued, 0, 'no token was even requested');
  });

  it('works with the check on when the host is under the resource', async () => {
    env.doubles.resource = 'https://vault.example.test';
    assert.deepEqual(must(await env.scope('team-vault').listKeys()).map(k => k.name), ['A']);
    assert.ok(!env.logger.lines.some(l => l.includes('verification off')));
  });
});


