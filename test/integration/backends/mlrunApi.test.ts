import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMlrunApiBackend, StoredCredentials, type MlrunApiBackendOptions } from '../../../client/src/backends/mlrunApi';
import type { SecretBackend } from '../../../client/src/backends/types';
import { startMlrunDouble, type MlrunDouble } from '../../doubles/mlrun/server';
import type { MlrunAuthConfig } from '../../doubles/mlrun/state';
import { capturingLogger, instantRetry, MemoryStore } from './support/fixtures';
import { startProxy } from './support/proxy';

const SECRET = 'mlrun-project-secrets-demo';

describe('MLRun API backend (node:http(s) to the MLRun double)', () => {
  let mlrun: MlrunDouble;
  let store: MemoryStore;
  let creds: StoredCredentials;

  async function start(auth: MlrunAuthConfig = { mode: 'none' }, tls = false): Promise<void> {
    mlrun = await startMlrunDouble({ auth, projects: ['demo', 'other'], tls });
    store = new MemoryStore();
    creds = new StoredCredentials(store);
  }
  const backend = (o: Partial<MlrunApiBackendOptions> = {}) =>
    createMlrunApiBackend({ endpoint: mlrun.url, credentials: creds, retry: instantRetry(), ...o });

  afterEach(async () => {
    await mlrun.stop();
  });

  it('sets with the body, query and headers MLRun expects, stored byte for byte', async () => {
    await start();
    const r = await backend().setSecrets('demo', new Map([['API_KEY', 'päss "wörd"'], ['db.url', 'x']]));
    assert.deepEqual(r, { ok: true, value: undefined });
    const post = mlrun.requests.find(q => q.method === 'POST')!;
    assert.equal(post.url, '/api/v1/projects/demo/secrets?provider=kubernetes');
    assert.equal(post.headers['content-type'], 'application/json');
    assert.deepEqual(mlrun.state.secretData('demo'), { API_KEY: 'päss "wörd"', 'db.url': 'x' });
    const secret = mlrun.state.kube.secret('mlrun', SECRET)!;
    assert.equal(secret.data && (secret.data as Record<string, string>).API_KEY, Buffer.from('päss "wörd"', 'utf8').toString('base64'));
    assert.equal(secret.type, 'Opaque');
    assert.equal(mlrun.state.events.at(-1)?.action, 'created');
  });

  it('lists projects (name_only), keys (internal hidden, MLRun-owned flagged) and the client-spec namespace', async () => {
    await start();
    mlrun.state.seedSecret('demo', { B: '1', A: '2', 'mlrun.internal': 'x', MODEL_MONITORING_ACCESS_KEY: 'm' });
    const b = backend();
    assert.deepEqual(await b.listProjects(), { ok: true, value: ['demo', 'other'] });
    assert.ok(mlrun.requests.some(q => q.url === '/api/v1/projects?format=name_only'));
    const keys = await b.listKeys('demo');
    assert.deepEqual(keys, { ok: true, value: [{ name: 'A' }, { name: 'B' }, { name: 'MODEL_MONITORING_ACCESS_KEY', mlrunOwned: true }] });
    assert.deepEqual(await b.listKeys('other'), { ok: true, value: [] });
    assert.deepEqual(await b.clientSpec(), { ok: true, value: { namespace: 'mlrun', version: '1.7.0' } });
    assert.equal(b.describe(), mlrun.url);
    assert.equal((b as SecretBackend).readValues, undefined, 'MLRun never returns kubernetes-provider values');
  });

  it('deletes with repeated URL-encoded secret= parameters and reports keys that were not there', async () => {
    await start();
    mlrun.state.seedSecret('demo', { 'a.b': '1', C: '2', KEEP: '3' });
    const r = await backend().deleteSecrets('demo', ['a.b', 'C', 'GONE']);
    assert.deepEqual(r, { ok: true, value: { deleted: ['a.b', 'C'], notDeleted: [{ key: 'GONE', reason: 'not in the project' }] } });
    const del = mlrun.requests.find(q => q.method === 'DELETE')!;
    assert.equal(del.url, '/api/v1/projects/demo/secrets?provider=kubernetes&secret=a.b&secret=C');
    assert.deepEqual(mlrun.state.secretData('demo'), { KEEP: '3' });
  });

  it('never sends a DELETE without secret= (that would delete every key)', async () => {
    await start();
    mlrun.state.seedSecret('demo', { KEEP: '1' });
    const r = await backend().deleteSecrets('demo', ['NOT_THERE']);
    assert.deepEqual(r, { ok: true, value: { deleted: [], notDeleted: [{ key: 'NOT_THERE', reason: 'not in the project' }] } });
    assert.deepEqual(await backend().deleteSecrets('demo', []), { ok: true, value: { deleted: [], notDeleted: [] } });
    assert.equal(mlrun.requests.filter(q => q.method === 'DELETE').length, 0);
    assert.deepEqual(mlrun.state.secretData('demo'), { KEEP: '1' });
  });

  it('deletes the Secret when MLRun removes its last key', async () => {
    await start();
    mlrun.state.seedSecret('demo', { ONLY: '1' });
    assert.ok((await backend().deleteSecrets('demo', ['ONLY'])).ok);
    assert.equal(mlrun.state.kube.secret('mlrun', SECRET), undefined);
  });

  for (const [mode, auth, stored, header] of [
    ['bearer', { mode: 'bearer', token: 'tok-123' }, { token: 'tok-123' }, 'authorization'],
    ['basic', { mode: 'basic', username: 'alice', password: 'pw' }, { username: 'alice', password: 'pw' }, 'authorization'],
    ['session', { mode: 'iguazio', sessions: ['0a1b2c3d-1111-2222-3333-444455556666'] }, { token: '0a1b2c3d-1111-2222-3333-444455556666' }, 'cookie'],
  ] as const) {
    it(`auth mode "${mode}" and "auto" reach a server in ${auth.mode} mode`, async () => {
      await start(auth as MlrunAuthConfig);
      await creds.set(mlrun.url, stored);
      for (const authMode of [mode, 'auto'] as const) {
        const r = await backend({ authMode }).listKeys('demo');
        assert.ok(r.ok, `${authMode}: ${JSON.stringify(r)}`);
      }
      const last = mlrun.requests.at(-1)!;
      assert.ok(last.headers[header], `sent ${header}`);
      if (mode === 'session') assert.equal(last.headers.cookie, 'session=j:{"sid": "0a1b2c3d-1111-2222-3333-444455556666"}');
    });
  }

  it('auto sends a session-shaped token as the Iguazio cookie, as MLRun\'s own client does (docs/mlrun-facts.md §2.5)', async () => {
    await start({ mode: 'bearer', token: 'abcdef-0123456789-abcdef' });
    await creds.set(mlrun.url, { token: 'abcdef-0123456789-abcdef' });
    const auto = await backend({ authMode: 'auto' }).listKeys('demo');
    assert.equal(!auto.ok && auto.error.kind, 'unauthorized');
    assert.match(!auto.ok ? auto.error.message : '', /\(401\): Missing bearer auth header\. Sign in again or check the auth mode\./);
    assert.equal(mlrun.requests.at(-1)!.headers.cookie, 'session=j:{"sid": "abcdef-0123456789-abcdef"}');
    assert.ok((await backend({ authMode: 'bearer' }).listKeys('demo')).ok);
  });

  it('auth mode "none" sends no credentials; missing credentials are reported before any request', async () => {
    await start({ mode: 'bearer', token: 't' });
    const none = await backend({ authMode: 'none' }).listKeys('demo');
    assert.equal(!none.ok && none.error.kind, 'unauthorized');
    assert.equal(mlrun.requests.at(-1)!.headers.authorization, undefined);
    const count = mlrun.requests.length;
    const missing = await backend({ authMode: 'bearer' }).listKeys('demo');
    assert.equal(!missing.ok && missing.error.kind, 'unauthorized');
    assert.match(!missing.ok ? missing.error.message : '', /No MLRun API token is stored \(auth mode "bearer"\)\. Run "MLRun Secrets: Sign in to the MLRun API…"/);
    assert.equal(mlrun.requests.length, count);
  });

  it('uses HTTPS with a custom CA file, and reports an untrusted certificate', async () => {
    await start({ mode: 'none' }, true);
    const dir = mkdtempSync(join(tmpdir(), 'mlrun-ca-'));
    try {
      const caFile = join(dir, 'ca.pem');
      writeFileSync(caFile, mlrun.caPem!);
      assert.ok((await backend({ caFile }).listProjects()).ok);
      const untrusted = await backend().listProjects();
      assert.equal(!untrusted.ok && untrusted.error.kind, 'unreachable');
      assert.match(!untrusted.ok ? untrusted.error.message : '', /^Cannot trust the MLRun API at https:\/\/127\.0\.0\.1:\d+: .*Set mlrunSecrets\.mlrunApi\.caFile/);
      const missing = await backend({ caFile: join(dir, 'nope.pem') }).listProjects();
      assert.match(!missing.ok ? missing.error.message : '', /Cannot read the CA file .*nope\.pem \(mlrunSecrets\.mlrunApi\.caFile\): ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('goes through an HTTP proxy (absolute-form for http://, CONNECT for https://), with proxy credentials', async () => {
    await start();
    const proxy = await startProxy({ requireAuth: 'px:pw' });
    try {
      const u = new URL(proxy.url);
      assert.ok((await backend({ proxyUrl: `http://px:pw@${u.host}` }).listProjects()).ok);
      assert.ok(proxy.seen.includes(`${mlrun.url}/api/v1/projects?format=name_only`));
      const denied = await backend({ proxyUrl: proxy.url }).listProjects();
      assert.equal(!denied.ok && denied.error.kind, 'serverError');
    } finally {
      await proxy.stop();
    }
    await mlrun.stop();
    await start({ mode: 'none' }, true);
    const tunnel = await startProxy();
    const dir = mkdtempSync(join(tmpdir(), 'mlrun-ca-'));
    try {
      const caFile = join(dir, 'ca.pem');
      writeFileSync(caFile, mlrun.caPem!);
      assert.ok((await backend({ caFile, proxyUrl: tunnel.url }).listProjects()).ok);
      assert.deepEqual(tunnel.seen, [new URL(mlrun.url).host]);
      assert.ok((await backend({ caFile, proxyUrl: tunnel.url, noProxy: ['127.0.0.1'] }).listProjects()).ok);
      assert.equal(tunnel.seen.length, 1, 'noProxy bypassed the proxy');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await tunnel.stop();
    }
  });

  it('logs method, path and status with key names, never values or credentials', async () => {
    await start({ mode: 'bearer', token: 'bearer-credential-xyz' });
    await creds.set(mlrun.url, { token: 'bearer-credential-xyz' });
    const logger = capturingLogger();
    assert.ok((await backend({ logger, authMode: 'bearer' }).setSecrets('demo', new Map([['LOGGED', 'value-not-in-logs-42']]))).ok);
    const text = logger.lines.join('\n');
    assert.match(text, /POST \/api\/v1\/projects\/demo\/secrets\?provider=kubernetes → 201/);
    assert.match(text, /LOGGED/);
    assert.doesNotMatch(text, /value-not-in-logs-42|bearer-credential-xyz/);
  });
});
