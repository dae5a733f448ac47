import assert from 'node:assert/strict';
import { authHeaders, isIguazioSession, sessionCookie, StoredCredentials, credentialEntry } from '../../../client/src/backends/mlrunApi/auth';
import { MemoryStore } from '../../integration/backends/support/fixtures';

const EP = 'https://mlrun.example';
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('MLRun API credentials per auth mode (docs/mlrun-facts.md §2.5)', () => {
  it('auto: basic with user+password, else session cookie for session-shaped tokens, else Bearer', () => {
    assert.deepEqual(authHeaders('auto', { username: 'u', password: 'p', token: 't' }, EP), { ok: true, value: { authorization: basic('u', 'p') } });
    assert.deepEqual(authHeaders('auto', { token: 'short-token' }, EP), { ok: true, value: { authorization: 'Bearer short-token' } });
    assert.deepEqual(authHeaders('auto', { token: '01234567-89ab-cdef-0123-456789abcdef' }, EP), { ok: true, value: { cookie: 'session=j:{"sid": "01234567-89ab-cdef-0123-456789abcdef"}' } });
    assert.deepEqual(authHeaders('auto', { token: 'x'.repeat(30) }, EP), { ok: true, value: { authorization: `Bearer ${'x'.repeat(30)}` } }, 'no dash: not a session');
    assert.deepEqual(authHeaders('auto', { username: 'admin', token: 'tok' }, 'https://mlrun-api.default-tenant.app.example'), { ok: true, value: { authorization: basic('admin', 'tok') } });
    assert.deepEqual(authHeaders('auto', undefined, EP), { ok: true, value: {} });
  });

  it('explicit modes, and missing credentials named before any request', () => {
    assert.deepEqual(authHeaders('bearer', { token: 'a-b-c-d-e-f-g-h-i-j-k-l-m' }, EP), { ok: true, value: { authorization: 'Bearer a-b-c-d-e-f-g-h-i-j-k-l-m' } });
    assert.deepEqual(authHeaders('session', { token: 'abc' }, EP), { ok: true, value: { cookie: 'session=j:{"sid": "abc"}' } });
    assert.deepEqual(authHeaders('basic', { username: 'u', token: 'key' }, EP), { ok: true, value: { authorization: basic('u', 'key') } });
    assert.deepEqual(authHeaders('none', { token: 't' }, EP), { ok: true, value: {} });
    for (const mode of ['bearer', 'session', 'basic'] as const) {
      const r = authHeaders(mode, {}, EP);
      assert.equal(!r.ok && r.error.kind, 'unauthorized');
    }
    const bad = authHeaders('bearer', { token: 'evil\r\nX-Injected: 1' }, EP);
    assert.equal(!bad.ok && bad.error.kind, 'invalid');
    assert.doesNotMatch(!bad.ok ? bad.error.message : '', /evil/);
  });

  it('is_iguazio_session and the exact cookie', () => {
    assert.equal(isIguazioSession('a'.repeat(20) + '-'), true);
    assert.equal(isIguazioSession('a-'.repeat(10)), false, '20 characters is not longer than 20');
    assert.equal(sessionCookie('S'), 'session=j:{"sid": "S"}');
  });

  it('stores credentials per endpoint in the SecretStore', async () => {
    const store = new MemoryStore();
    const c = new StoredCredentials(store);
    await c.set(`${EP}/`, { token: 't', username: '' });
    assert.deepEqual(await c.get(EP), { token: 't' });
    assert.deepEqual([...store.entries.keys()], [credentialEntry(EP)]);
    await c.clear(EP);
    assert.equal(await c.get(EP), undefined);
  });
});
