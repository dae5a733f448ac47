import assert from 'node:assert/strict';
import { vaultFailure, type ErrorContext } from '../../../client/src/backends/azure/errors';

const ctx: ErrorContext = { op: 'set', vault: 'team-vault', url: 'https://team-vault.vault.azure.net', key: 'API-KEY', credential: 'your Microsoft account', redact: ['hunter2-secret'] };

function rest(statusCode: number | undefined, details: unknown, message = 'x', code?: string): Error {
  return Object.assign(new Error(message), { name: 'RestError', statusCode, details, code });
}

describe('azure error mapping', () => {
  it('redacts the whole server message before taking its first line; withholds one that mentions a tiny value', () => {
    const multi = vaultFailure(rest(400, { error: { code: 'BadParameter', message: 'Bad value line-one-of-it\nline-two-of-it' } }), { ...ctx, redact: ['line-one-of-it\nline-two-of-it'] });
    assert.ok(multi.message.includes('[value hidden]') && !multi.message.includes('line-one-of-it'));
    const tiny = vaultFailure(rest(400, { error: { code: 'BadParameter', message: 'Bad value ab here' } }), { ...ctx, redact: ['ab'] });
    assert.ok(tiny.message.includes('is not shown because it may contain') && !tiny.message.includes('Bad value'));
  });

  it('maps Key Vault statuses and codes', () => {
    const conflict = vaultFailure(rest(409, { error: { code: 'Conflict', message: 'm', innerError: { code: 'ObjectIsDeletedButRecoverable' } } }), ctx);
    assert.deepEqual([conflict.kind, conflict.status, conflict.code], ['conflict', 409, 'ObjectIsDeletedButRecoverable']);
    assert.equal(vaultFailure(rest(404, { error: { code: 'SecretNotFound', message: 'm' } }), ctx).message, "Secret 'API-KEY' does not exist in vault 'team-vault'.");
    assert.equal(vaultFailure(rest(404, {}), { ...ctx, op: 'purge' }).kind, 'notFound');
    assert.equal(vaultFailure(rest(502, {}), ctx).kind, 'serverError');
    const bad = vaultFailure(rest(400, { error: { code: 'BadParameter', message: 'The value hunter2-secret is odd.' } }), ctx);
    assert.equal(bad.kind, 'invalid');
    assert.ok(bad.message.includes('[value hidden]') && !bad.message.includes('hunter2-secret'));
  });

  it('maps network failures to unreachable', () => {
    const e = vaultFailure(rest(undefined, undefined, 'connect ECONNREFUSED 127.0.0.1:1', 'REQUEST_SEND_ERROR'), ctx);
    assert.equal(e.kind, 'unreachable');
    assert.equal(e.message, "Cannot reach vault 'team-vault' at https://team-vault.vault.azure.net: the connection was refused.");
  });

  it('maps cancellation', () => {
    assert.equal(vaultFailure(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }), ctx).kind, 'cancelled');
  });

  it('reads Entra answers out of Azure Identity\'s messages, with the status the pipeline saw', () => {
    const msal = Object.assign(new Error("invalid_client: Error(s): 7000215 - Timestamp: 2025-01-01 00:00:00Z - Description: AADSTS7000215: Invalid client secret provided. Ensure the secret... Trace ID: abc Correlation ID: def - Correlation ID: def - Trace ID: abc"), { name: 'AuthenticationRequiredError' });
    const e = vaultFailure(msal, { ...ctx, entra: { status: 401 } });
    assert.equal(e.kind, 'unauthorized');
    assert.equal(e.code, 'AADSTS7000215');
    assert.equal(e.message, 'Microsoft Entra rejected your Microsoft account: the client secret is wrong or expired (AADSTS7000215: Invalid client secret provided.).');
    assert.equal(vaultFailure(msal, { ...ctx, entra: { status: 429, retryAfterMs: 30_000 } }).kind, 'rateLimited');
    assert.equal(vaultFailure(msal, { ...ctx, entra: { status: 500 } }).kind, 'serverError');
  });

  it('explains a challenge naming another resource and a tenant mismatch', () => {
    const challenge = vaultFailure(new Error("The challenge resource 'vault.azure.net' does not match the requested domain. Set disableChallengeResourceVerification to true in your client options to disable."), ctx);
    assert.equal(challenge.kind, 'invalid');
    assert.match(challenge.message, /^Refused to send a Key Vault token to team-vault\.vault\.azure\.net/);
    const tenant = vaultFailure(new Error('The current credential is not configured to acquire tokens for tenant 1234. To enable acquiring tokens for this tenant add it to the AdditionallyAllowedTenants'), ctx);
    assert.equal(tenant.message, "Vault 'team-vault' belongs to tenant 1234, but your Microsoft account signs in to another tenant.");
  });
});
