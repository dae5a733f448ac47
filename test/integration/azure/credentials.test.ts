import assert from 'node:assert/strict';
import type { MicrosoftAccountRequest } from '../../../client/src/backends/azure/index';
import { DEFAULT_TENANT } from '../../doubles/azure/server';
import { CLIENT_ID, CLIENT_SECRET, CRED_SECRET, failure, must, setup, type Env } from './harness';

describe('Azure Key Vault: credentials', () => {
  let env: Env;
  beforeEach(async () => {
    env = await setup();
    env.doubles.addVault('team-vault').set('A', { value: '1' });
  });
  afterEach(() => env.close());

  describe('the Kubernetes Secret MLRun uses', () => {
    it('reads the configured Secret, or the source\'s k8s_secret, into a client-secret credential', async () => {
      must(await env.scope('team-vault').listKeys());
      env.k8sSecrets.set('from-source', { tenant_id: DEFAULT_TENANT, client_id: CLIENT_ID, secret: CLIENT_SECRET });
      must(await must(env.backend.vault('demo', 'team-vault', { k8sSecret: 'from-source' })).listKeys());
      assert.deepEqual(env.secretReads, [CRED_SECRET, 'from-source']);
    });

    it('re-reads the Secret on each operation and picks up a rotated client secret', async () => {
      must(await env.scope('team-vault').listKeys());
      env.doubles.directory.addApp(DEFAULT_TENANT, CLIENT_ID, 'rotated-secret-value');
      env.doubles.directory.revokeAll();
      env.k8sSecrets.set(CRED_SECRET, { tenant_id: DEFAULT_TENANT, client_id: CLIENT_ID, secret: 'rotated-secret-value' });
      must(await env.scope('team-vault').listKeys());
      assert.equal(env.doubles.entra.tokensIssued, 2);
    });

    it('names the Entra error when the client secret is wrong', async () => {
      env.k8sSecrets.set(CRED_SECRET, { tenant_id: DEFAULT_TENANT, client_id: CLIENT_ID, secret: 'not-the-secret' });
      const e = failure(await env.scope('team-vault').listKeys());
      assert.equal(e.kind, 'unauthorized');
      assert.equal(e.code, 'AADSTS7000215');
      assert.match(e.message, /^Microsoft Entra rejected the Kubernetes Secret 'azure-vault-creds' \(client [-0-9a-f]+\): the client secret is wrong or expired \(AADSTS7000215: Invalid client secret provided\./);
    });

    it('names the Entra error when the client id is unknown in the tenant', async () => {
      env.k8sSecrets.set(CRED_SECRET, { tenant_id: DEFAULT_TENANT, client_id: 'ffffffff-0000-4000-8000-000000000000', secret: CLIENT_SECRET });
      const e = failure(await env.scope('team-vault').listKeys());
      assert.match(e.message, /the client id is not an app in that tenant \(AADSTS700016: Application with identifier/);
    });

    it('says when the vault belongs to another tenant than the credential', async () => {
      const other = '99999999-8888-4777-8666-555555555555';
      env.doubles.addVault('team-vault', { tenant: other });
      const e = failure(await env.scope('team-vault').listKeys());
      assert.equal(e.kind, 'unauthorized');
      assert.match(e.message, new RegExp(`^Vault 'team-vault' belongs to tenant ${other}, but the Kubernetes Secret 'azure-vault-creds' .* signs in to another tenant\\.$`));
      assert.equal(env.doubles.entra.tokensIssued, 0);
    });

    it('maps Entra throttling and outages', async () => {
      env.doubles.entra.faults.push({ status: 429, error: 'temporarily_unavailable', description: 'AADSTS50196: The server terminated an operation because it encountered a client request loop.', retryAfterSeconds: 600, times: 1 });
      const throttled = failure(await env.scope('team-vault').listKeys());
      assert.equal(throttled.kind, 'rateLimited');
      assert.match(throttled.message, /^Microsoft Entra is throttling sign-in requests for the Kubernetes Secret 'azure-vault-creds' .*\(HTTP 429, it asked to wait 600 s\); try again later\.$/);

      env.doubles.entra.faults.push({ status: 503, error: 'temporarily_unavailable', description: 'AADSTS90033: A transient error has occurred. Please try again.', times: 10 });
      const fresh = env.makeBackend(); // a new credential: no throttling remembered by MSAL
      const outage = failure(await must(fresh.vault('demo', 'team-vault')).listKeys());
      assert.equal(outage.kind, 'serverError');
      assert.match(outage.message, /\(HTTP 503: AADSTS90033: A transient error has occurred\.\)\.$/);
      assert.equal(env.doubles.entraRequests().filter(r => r.status === 503).length, 4, 'token requests are retried within the bound too');
    });

    it('refuses a Secret that lacks keys, before any request', async () => {
      env.k8sSecrets.set(CRED_SECRET, { tenant_id: DEFAULT_TENANT });
      const e = failure(await env.scope('team-vault').listKeys());
      assert.equal(e.kind, 'invalid');
      assert.equal(e.message, "The Kubernetes Secret 'azure-vault-creds' lacks client_id, secret: MLRun's azure_vault provider needs the keys tenant_id, client_id and secret.");
      assert.equal(env.doubles.requests.length, 0);
    });

    it('refuses values with a trailing newline instead of trimming them (MLRun uses them raw)', async () => {
      env.k8sSecrets.set(CRED_SECRET, { tenant_id: DEFAULT_TENANT, client_id: CLIENT_ID, secret: `${CLIENT_SECRET}\n` });
      const e = failure(await env.scope('team-vault').listKeys());
      assert.equal(e.kind, 'invalid');
      assert.match(e.message, /^In the Kubernetes Secret 'azure-vault-creds', secret starts or ends with whitespace \(often a trailing newline from --from-file\); MLRun uses the values raw, so its jobs could not sign in either/);
      assert.equal(env.doubles.requests.length, 0);
    });

    it('refuses a tenant_id that is no tenant id', async () => {
      env.k8sSecrets.set(CRED_SECRET, { tenant_id: 'not a tenant/../x', client_id: CLIENT_ID, secret: CLIENT_SECRET });
      assert.match(failure(await env.scope('team-vault').listKeys()).message, /tenant_id in the Kubernetes Secret 'azure-vault-creds' is not a tenant id/);
      assert.equal(env.doubles.requests.length, 0);
    });

    it('says when no Secret is configured, and passes on the reader\'s failure', async () => {
      env.settings['azure.credentialSecret'] = '';
      assert.match(failure(await env.scope('team-vault').listKeys()).message, /^No Kubernetes Secret with Azure credentials is configured: set mlrunSecrets\.azure\.credentialSecret/);
      env.settings['azure.credentialSecret'] = 'nope';
      const e = failure(await env.scope('team-vault').listKeys());
      assert.equal(e.kind, 'notFound');
      assert.equal(e.message, "Cannot read the Azure credentials from the Kubernetes Secret 'nope': Secret nope does not exist in namespace mlrun.");
      assert.equal(env.doubles.requests.length, 0);
    });

    it('refuses a non-https authority host', async () => {
      env.settings['azure.authorityHost'] = 'http://127.0.0.1:1';
      assert.match(failure(await env.scope('team-vault').listKeys()).message, /authority host .* must use https/);
    });
  });

  describe('the Microsoft account of VS Code', () => {
    it('adapts the injected sign-in to a TokenCredential, passing scope and the vault\'s tenant', async () => {
      env.settings['azure.credential'] = 'microsoftAccount';
      const calls: { scopes: string[]; request: MicrosoftAccountRequest }[] = [];
      const userToken = env.doubles.directory.issueUserToken(DEFAULT_TENANT, 'ada@contoso.example');
      const backend = env.makeBackend({
        microsoftAccount: async (scopes, request) => {
          calls.push({ scopes, request });
          return { token: userToken };
        },
      });
      assert.deepEqual(must(await must(backend.vault('demo', 'team-vault')).listKeys()).map(k => k.name), ['A']);
      assert.equal(calls.length, 1);
      assert.deepEqual(calls[0]!.scopes, ['https://vault.azure.net/.default']);
      assert.equal(calls[0]!.request.tenantId, DEFAULT_TENANT);
      assert.deepEqual(env.secretReads, [], 'the Kubernetes Secret is not read');
      assert.equal(env.doubles.entraRequests().length, 0, 'no Entra request: VS Code signs in');
    });

    it('maps a refused sign-in and a missing sign-in provider', async () => {
      env.settings['azure.credential'] = 'microsoftAccount';
      const refused = env.makeBackend({ microsoftAccount: async () => { throw new Error('User did not consent to login.'); } });
      const e = failure(await must(refused.vault('demo', 'team-vault')).listKeys());
      assert.equal(e.kind, 'unauthorized');
      assert.equal(e.message, 'Could not get a Key Vault token from your Microsoft account (User did not consent to login.).');
      const none = env.makeBackend({});
      assert.match(failure(await must(none.vault('demo', 'team-vault')).listKeys()).message, /^Signing in with a Microsoft account is not available here/);
    });

    it('a token for another account\'s tenant is rejected by the vault', async () => {
      env.settings['azure.credential'] = 'microsoftAccount';
      const foreign = env.doubles.directory.issueUserToken('77777777-0000-4000-8000-000000000000', 'eve@fabrikam.example');
      const backend = env.makeBackend({ microsoftAccount: async () => ({ token: foreign }) });
      const e = failure(await must(backend.vault('demo', 'team-vault')).listKeys());
      assert.equal(e.kind, 'unauthorized');
      assert.match(e.message, /^Key Vault rejected the token of your Microsoft account for vault 'team-vault' \(HTTP 401, Unauthorized: AKV10032: Invalid issuer/);
    });
  });

  describe('DefaultAzureCredential (only when picked; faked here, since the real one probes beyond loopback)', () => {
    it('uses the credential the factory made, and reads no Kubernetes Secret', async () => {
      env.settings['azure.credential'] = 'defaultAzureCredential';
      const token = env.doubles.directory.issue({ tenant: DEFAULT_TENANT, appId: 'managed-identity-app', audience: 'https://vault.azure.net' }).token;
      const made: string[] = [];
      const backend = env.makeBackend({
        createDefaultAzureCredential: o => {
          made.push(o.authorityHost);
          return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
        },
      });
      assert.deepEqual(made, [], 'not created before it is needed');
      assert.deepEqual(must(await must(backend.vault('demo', 'team-vault')).listKeys()).map(k => k.name), ['A']);
      assert.deepEqual(made, [env.doubles.entraUrl]);
      assert.deepEqual(env.secretReads, []);
    });
  });
});
