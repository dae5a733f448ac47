import assert from 'node:assert/strict';
import { MicrosoftAccountCredential, jwtExpiry, type MicrosoftAccountRequest } from '../../../client/src/backends/azure/microsoftAccount';

function jwt(payload: object): string {
  const b = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'RS256', typ: 'JWT' })}.${b(payload)}.c2ln`;
}

describe('azure Microsoft-account credential adapter', () => {
  it('reads exp from a JWT, and nothing from anything else', () => {
    assert.equal(jwtExpiry(jwt({ exp: 1_900_000_000 })), 1_900_000_000_000);
    assert.equal(jwtExpiry(jwt({ nbf: 1 })), undefined);
    assert.equal(jwtExpiry('opaque-token'), undefined);
    assert.equal(jwtExpiry('a.%%%.c'), undefined);
  });

  it('passes scopes, tenant and claims through, and fills in the expiry', async () => {
    const seen: [string[], MicrosoftAccountRequest][] = [];
    const token = jwt({ exp: 2_000_000_000 });
    const cred = new MicrosoftAccountCredential(async (scopes, request) => {
      seen.push([scopes, request]);
      return { token };
    });
    const ac = new AbortController();
    const t = await cred.getToken('https://vault.azure.net/.default', { tenantId: 'tenant-x', claims: '{"a":1}', abortSignal: ac.signal });
    assert.deepEqual(t, { token, expiresOnTimestamp: 2_000_000_000_000, tokenType: 'Bearer' });
    assert.deepEqual(seen[0]![0], ['https://vault.azure.net/.default']);
    assert.equal(seen[0]![1].tenantId, 'tenant-x');
    assert.equal(seen[0]![1].claims, '{"a":1}');
    assert.equal(seen[0]![1].signal, ac.signal);
  });

  it('prefers an explicit expiry and falls back to five minutes for opaque tokens', async () => {
    const explicit = new MicrosoftAccountCredential(async () => ({ token: 'opaque', expiresOnTimestamp: 42 }));
    assert.equal((await explicit.getToken(['s'])).expiresOnTimestamp, 42);
    const before = Date.now();
    const opaque = new MicrosoftAccountCredential(async () => ({ token: 'opaque' }));
    const exp = (await opaque.getToken(['s'])).expiresOnTimestamp;
    assert.ok(exp >= before + 5 * 60 * 1000 && exp <= Date.now() + 5 * 60 * 1000);
  });

  it('fails as unavailable when sign-in returns no token', async () => {
    const cred = new MicrosoftAccountCredential(async () => ({ token: '' }));
    await assert.rejects(cred.getToken(['s']), (e: Error) => e.name === 'CredentialUnavailableError');
  });
});
