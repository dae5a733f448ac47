import assert from 'node:assert/strict';
import { loadKubernetesBackend } from '../../../client/src/backends/load';
import type { KubernetesBackendOptions } from '../../../client/src/backends/kubernetes';
import { planSet } from '../../../client/src/backends/plan';
import { startKubernetesDouble, type KubernetesDouble } from '../../doubles/kubernetes/server';
import { capturingLogger, instantRetry } from './support/fixtures';

const NS = 'mlrun';
const SECRET = 'mlrun-project-secrets-demo';

describe('Kubernetes backend (client-node over HTTPS to the Kubernetes double)', () => {
  let k8s: KubernetesDouble;
  const mod = loadKubernetesBackend();
  const backend = (o: KubernetesBackendOptions = {}) =>
    mod.createKubernetesBackend({ kubeconfigPath: k8s.kubeconfigPath, namespace: NS, retry: instantRetry(), ...o });

  beforeEach(async () => {
    k8s = await startKubernetesDouble();
  });
  afterEach(async () => {
    await k8s.stop();
  });

  it('creates the Opaque Secret MLRun would create, with no labels or annotations, values UTF-8 in data', async () => {
    const b = backend();
    const r = await b.setSecrets('demo', new Map([['API_KEY', 'päss wörd'], ['db.url', 'postgres://x']]));
    // The outcome is the keys of the Secret the create answered with (names only).
    const detail = { secret: SECRET, namespace: NS };
    assert.deepEqual(r, { ok: true, value: { keys: [{ name: 'API_KEY', detail }, { name: 'db.url', detail }] } });
    assert.deepEqual(k8s.requests.map(q => q.method), ['PATCH', 'POST'], 'a patch (404: no Secret yet), then the create; no read');
    const s = k8s.state.secret(NS, SECRET)!;
    assert.equal(s.type, 'Opaque');
    assert.equal(s.metadata.labels, undefined);
    assert.equal(s.metadata.annotations, undefined);
    assert.deepEqual(s.data, {
      API_KEY: Buffer.from('päss wörd', 'utf8').toString('base64'),
      'db.url': Buffer.from('postgres://x', 'utf8').toString('base64'),
    });
    assert.equal(s.stringData, undefined);
    assert.equal(b.describe(), `double / ${NS}`);
  });

  it('merges only the given keys with a JSON merge patch (no read-modify-replace)', async () => {
    k8s.state.putSecret(NS, SECRET, { KEEP: 'k', OLD: 'o', 'mlrun.internal': 'i' });
    const b = backend();
    assert.ok((await b.setSecrets('demo', new Map([['OLD', 'new'], ['ADDED', 'a']]))).ok);
    assert.deepEqual(k8s.state.secretData(NS, SECRET), { KEEP: 'k', OLD: 'new', 'mlrun.internal': 'i', ADDED: 'a' });
    const writes = k8s.requests.filter(r => r.method !== 'GET');
    assert.deepEqual(writes.map(w => w.method), ['PATCH']);
    assert.equal(writes[0]!.headers['content-type'], 'application/merge-patch+json');
  });

  it('lists projects from Secret names with metadata-only lists, honouring the name template', async () => {
    k8s.state.putSecret(NS, 'mlrun-project-secrets-alpha', { A: '1' });
    k8s.state.putSecret(NS, 'mlrun-project-secrets-beta', { B: '2' });
    k8s.state.putSecret(NS, 'mlrun-project-secrets-Bad_Name', { C: '3' });
    k8s.state.putSecret(NS, 'unrelated', { D: '4' });
    k8s.state.putSecret('default', 'mlrun-project-secrets-elsewhere', { E: '5' });
    const r = await backend().listProjects();
    assert.deepEqual(r, { ok: true, value: ['alpha', 'beta'] });
    const list = k8s.requests.find(q => q.method === 'GET' && q.url.startsWith(`/api/v1/namespaces/${NS}/secrets?`))!;
    assert.match(String(list.headers.accept), /as=PartialObjectMetadataList/);

    k8s.state.putSecret(NS, 'custom-gamma-secrets', { A: '1' });
    const custom = await backend({ projectSecretName: 'custom-{project}-secrets' }).listProjects();
    assert.deepEqual(custom, { ok: true, value: ['gamma'] });
    assert.ok((await backend({ projectSecretName: 'custom-{project}-secrets' }).setSecrets('delta', new Map([['K', 'v']]))).ok);
    assert.deepEqual(k8s.state.secretData(NS, 'custom-delta-secrets'), { K: 'v' });
  });

  it('pages through long Secret lists (limit/continue)', async () => {
    for (let i = 0; i < 1201; i++) k8s.state.putSecret(NS, `mlrun-project-secrets-p${String(i).padStart(4, '0')}`, { K: 'v' });
    const r = await backend().listProjects();
    assert.ok(r.ok);
    assert.equal(r.value.length, 1201);
    assert.equal(r.value[1200], 'p1200');
    const lists = k8s.requests.filter(q => q.method === 'GET' && q.url.startsWith(`/api/v1/namespaces/${NS}/secrets?`));
    assert.equal(lists.length, 3);
    assert.match(lists[1]!.url, /[?&]continue=[^&]+/);
    assert.match(lists[1]!.url, /[?&]limit=500/);
  });

  it('lists keys without internal mlrun.* keys, flags MLRun-owned keys, and gives [] for a project without a Secret', async () => {
    k8s.state.putSecret(NS, SECRET, { B: '1', A: '2', 'mlrun.schedules.x.access_key': 's', 'datastore-profiles.demo.s3': 'p', TSDB_CONNECTION: 't' });
    const r = await backend().listKeys('demo');
    assert.ok(r.ok);
    assert.deepEqual(r.value.map(k => [k.name, k.mlrunOwned ?? false]), [['A', false], ['B', false], ['TSDB_CONNECTION', true], ['datastore-profiles.demo.s3', true]]);
    assert.deepEqual(await backend().listKeys('nothing-here'), { ok: true, value: [] });
  });

  it('refuses mlrun.* keys, bad keys, empty values and bad project names before any request', async () => {
    const b = backend();
    const cases: [string, Map<string, string>][] = [
      ['demo', new Map([['mlrun.x', 'v']])],
      ['demo', new Map([['a b', 'v']])],
      ['demo', new Map([['..hidden', 'v']])],
      ['demo', new Map([['ok\n', 'v']])],
      ['demo', new Map([['OK', '']])],
      ['Demo_Project', new Map([['OK', 'v']])],
    ];
    for (const [project, values] of cases) {
      const r = await b.setSecrets(project, values);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error.kind, 'invalid');
    }
    const del = await b.deleteSecrets('demo', ['mlrun.internal']);
    assert.equal(!del.ok && del.error.kind, 'invalid');
    assert.equal(k8s.requests.length, 0, 'no request was sent');
  });

  it('deletes keys, reports absent ones, keeps the Secret while keys (internal ones too) remain, and deletes it when none remain', async () => {
    k8s.state.putSecret(NS, SECRET, { A: '1', B: '2', 'mlrun.keep': 'k' });
    const b = backend();
    const r1 = await b.deleteSecrets('demo', ['A', 'NOPE']);
    assert.deepEqual(r1, { ok: true, value: { deleted: ['A'], notDeleted: [{ key: 'NOPE', reason: 'not in the Secret' }] } });
    const r2 = await b.deleteSecrets('demo', ['B']);
    assert.ok(r2.ok);
    assert.deepEqual(k8s.state.secretData(NS, SECRET), { 'mlrun.keep': 'k' }, 'internal keys keep the Secret alive');

    k8s.state.putSecret(NS, 'mlrun-project-secrets-solo', { ONLY: '1', TWO: '2' });
    assert.deepEqual(await b.deleteSecrets('solo', ['ONLY', 'TWO']), { ok: true, value: { deleted: ['ONLY', 'TWO'], notDeleted: [] } });
    assert.equal(k8s.state.secret(NS, 'mlrun-project-secrets-solo'), undefined, 'the empty Secret is deleted');
    const del = k8s.requests.find(q => q.method === 'DELETE')!;
    assert.ok(del, 'the Secret was deleted with a DELETE');

    const none = await b.deleteSecrets('ghost', ['X']);
    assert.deepEqual(none, { ok: true, value: { deleted: [], notDeleted: [{ key: 'X', reason: 'Secret "mlrun-project-secrets-ghost" does not exist' }] } });
  });

  it('does not delete a Secret that gained a key after it was read empty (resourceVersion precondition)', async () => {
    k8s.state.putSecret(NS, SECRET, { ONLY: '1' });
    const b = backend();
    // Add a key between the backend's read and its delete: the DELETE's precondition must fail and the retry keep the new key.
    let injected = false;
    const original = k8s.router.match.bind(k8s.router);
    k8s.router.match = (method, path) => {
      if (method === 'DELETE' && !injected) {
        injected = true;
        k8s.state.putSecret(NS, SECRET, { ONLY: '1', NEW: 'n' });
      }
      return original(method, path);
    };
    const r = await b.deleteSecrets('demo', ['ONLY']);
    assert.deepEqual(r, { ok: true, value: { deleted: ['ONLY'], notDeleted: [] } });
    assert.deepEqual(k8s.state.secretData(NS, SECRET), { NEW: 'n' });
    const statuses = k8s.requests.filter(q => q.method === 'DELETE').map(q => q.status);
    assert.deepEqual(statuses, [409], 'the stale delete was refused by the precondition');
  });

  it('reads only the requested values (missing and empty keys left out)', async () => {
    k8s.state.putSecret(NS, SECRET, { A: 'alpha', B: '', C: 'γ' });
    const r = await backend().readValues('demo', ['A', 'B', 'C', 'MISSING']);
    assert.ok(r.ok);
    assert.deepEqual([...r.value], [['A', 'alpha'], ['C', 'γ']]);
  });

  it('keeps the whole Secret under 1 MiB', async () => {
    k8s.state.putSecret(NS, SECRET, { BIG: 'x'.repeat(700 * 1024) });
    const r = await backend().setSecrets('demo', new Map([['MORE', 'y'.repeat(400 * 1024)]]));
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.kind, 'invalid');
    assert.match(!r.ok ? r.error.message : '', /1 MiB/);
    assert.deepEqual(Object.keys(k8s.state.secretData(NS, SECRET)!), ['BIG'], 'nothing was written');
  });

  it('reports keys that collide ignoring case, overwrites and MLRun-owned keys before a set', async () => {
    k8s.state.putSecret(NS, SECRET, { api_key: '1', TOKEN: '2' });
    const plan = await planSet(backend(), 'demo', ['API_KEY', 'TOKEN', 'datastore-profiles.demo.p']);
    assert.deepEqual(plan, {
      ok: true,
      value: { overwrites: ['TOKEN'], mlrunOwned: ['datastore-profiles.demo.p'], collisions: [{ key: 'API_KEY', with: ['api_key'] }] },
    });
  });

  it('resolves the namespace: setting, else MLRun client-spec, else the context, else default', async () => {
    const withCtx = k8s.writeKubeconfig({ namespace: 'kube-system' });
    const noNs = k8s.writeKubeconfig({});
    const cases: [KubernetesBackendOptions, string, string][] = [
      [{ kubeconfigPath: withCtx, namespace: 'mlrun', mlrunNamespace: async () => 'default' }, 'mlrun', 'setting'],
      [{ kubeconfigPath: withCtx, namespace: '', mlrunNamespace: async () => 'mlrun' }, 'mlrun', 'mlrunApi'],
      [{ kubeconfigPath: withCtx, namespace: '', mlrunNamespace: async () => { throw new Error('offline'); } }, 'kube-system', 'context'],
      [{ kubeconfigPath: withCtx, namespace: '' }, 'kube-system', 'context'],
      [{ kubeconfigPath: noNs, namespace: '' }, 'default', 'default'],
    ];
    for (const [options, ns, source] of cases) {
      const b = backend(options);
      assert.ok((await b.listProjects()).ok);
      assert.equal(b.connection()?.namespace, ns);
      assert.equal(b.connection()?.namespaceSource, source);
    }
    const bad = await backend({ namespace: 'Not_A_Namespace' }).listProjects();
    assert.equal(!bad.ok && bad.error.kind, 'invalid');
  });

  it('lists namespaces, Secret names and any Secret\'s keys for the pickers and snippets', async () => {
    k8s.state.putSecret(NS, 'azure-creds', { tenant_id: 't', client_id: 'c', secret: 's' });
    const b = backend();
    const ns = await b.listNamespaces();
    assert.ok(ns.ok && ns.value.includes('mlrun') && ns.value.includes('default'));
    assert.deepEqual(await b.listSecretNames(), { ok: true, value: ['azure-creds'] });
    assert.deepEqual(await b.listSecretKeys('azure-creds'), { ok: true, value: ['client_id', 'secret', 'tenant_id'] });
    const v = await b.readSecretValues('azure-creds', ['tenant_id', 'client_id']);
    assert.ok(v.ok);
    assert.deepEqual(Object.fromEntries(v.value), { tenant_id: 't', client_id: 'c' });
  });

  it('logs methods, paths, statuses and key names, never values', async () => {
    const logger = capturingLogger();
    const b = backend({ logger });
    assert.ok((await b.setSecrets('demo', new Map([['LOGGED_KEY', 'never-logged-value-123']]))).ok);
    assert.ok((await b.readValues('demo', ['LOGGED_KEY'])).ok);
    const text = logger.lines.join('\n');
    assert.match(text, /POST \/api\/v1\/namespaces\/mlrun\/secrets → 201/);
    assert.match(text, /LOGGED_KEY/);
    assert.doesNotMatch(text, /never-logged-value-123/);
    assert.doesNotMatch(text, new RegExp(Buffer.from('never-logged-value-123').toString('base64')));
  });
});
