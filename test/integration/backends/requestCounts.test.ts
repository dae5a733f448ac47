/**
 * What one Set Secret (and one Delete Secret) costs on the wire, counted from the doubles' request logs: the
 * command's session reads the keys once (its warnings need them), its confirmation reuses that answer, the write
 * updates the shared key cache, and the tree and the language server's key list then read from the cache.
 * The calls below are the ones commands/support/target.ts, tree/projectNode.ts and projectKeysSync.ts make.
 */
import assert from 'node:assert/strict';
import { loadKubernetesBackend } from '../../../client/src/backends/load';
import { createMlrunApiBackend } from '../../../client/src/backends/mlrunApi';
import type { KeyInfo, Result, SecretBackend } from '../../../client/src/backends/types';
import { KeyCache, type KeyScope } from '../../../client/src/keys/keyCache';
import { ScopeSession } from '../../../client/src/keys/scopeSession';
import { projectStore, storeResolver } from '../../../client/src/keys/stores';
import type { RequestRecord } from '../../doubles/router';
import { startKubernetesDouble, type KubernetesDouble } from '../../doubles/kubernetes/server';
import { startMlrunDouble, type MlrunDouble } from '../../doubles/mlrun/server';
import { instantRetry } from './support/fixtures';

const NS = 'mlrun';
const SECRET = 'mlrun-project-secrets-demo';

function names(r: Result<KeyInfo[]>): string[] {
  assert.ok(r.ok, JSON.stringify(r));
  return r.value.map(k => k.name);
}

/** Method and path (no query) of each request since `from`. */
function calls(log: RequestRecord[], from: number): string[] {
  return log.slice(from).map(r => `${r.method} ${r.url.split('?')[0]}`);
}

/** The extension's wiring in small: one cache over the backend, a command's session, the tree's and the sync's reads. */
function wiring(backend: SecretBackend) {
  const cache = new KeyCache(storeResolver(async () => ({ ok: true, value: backend })));
  const scope: KeyScope = { backend: backend.kind, project: 'demo' };
  return {
    cache,
    scope,
    /** A command on the project node: its Target's session. */
    session: () => new ScopeSession(cache, scope, projectStore(backend, 'demo')),
    /** The project node's children and the language server's key list. */
    readers: () => Promise.all([cache.get(scope), cache.get(scope)]),
  };
}

describe('request counts: one read before a write, none after (key cache)', () => {
  describe('Kubernetes', () => {
    let k8s: KubernetesDouble;
    const mod = loadKubernetesBackend();
    beforeEach(async () => {
      k8s = await startKubernetesDouble();
    });
    afterEach(async () => {
      await k8s.stop();
    });
    const backend = () => mod.createKubernetesBackend({ kubeconfigPath: k8s.kubeconfigPath, namespace: NS, retry: instantRetry() });

    it('Set Secret on a shown project: 1 GET and 1 PATCH; the tree and the language server read nothing', async () => {
      k8s.state.putSecret(NS, SECRET, { OLD: 'o' });
      const w = wiring(backend());
      // The tree showed the project before the command ran.
      assert.deepEqual(names(await w.cache.get(w.scope)), ['OLD']);
      const before = k8s.requests.length;

      const session = w.session();
      assert.deepEqual(names(await session.keys()), ['OLD'], 'the key input box hints from a fresh read');
      assert.deepEqual(names(await session.keys()), ['OLD'], 'the overwrite confirmation plans from the same answer');
      assert.deepEqual(await session.set(new Map([['NEW', 'n-canary']])), { ok: true, value: undefined });
      const [tree, sync] = await w.readers();

      assert.deepEqual(calls(k8s.requests, before), [`GET /api/v1/namespaces/${NS}/secrets/${SECRET}`, `PATCH /api/v1/namespaces/${NS}/secrets/${SECRET}`]);
      assert.deepEqual(names(tree), ['NEW', 'OLD'], 'the tree shows the key the PATCH answered with');
      assert.deepEqual(names(sync), ['NEW', 'OLD']);
      assert.deepEqual(k8s.state.secretData(NS, SECRET), { OLD: 'o', NEW: 'n-canary' });
    });

    it('the PATCH answer wins over the cached list: a key someone else added meanwhile appears too', async () => {
      k8s.state.putSecret(NS, SECRET, { A: '1' });
      const w = wiring(backend());
      const session = w.session();
      await session.keys();
      k8s.state.putSecret(NS, SECRET, { A: '1', THEIRS: 't' });
      assert.ok((await session.set(new Map([['MINE', 'm']]))).ok);
      assert.deepEqual(w.cache.peek(w.scope)?.map(k => k.name), ['A', 'MINE', 'THEIRS']);
    });

    it('a new project: the read (404: no Secret), a PATCH that finds none, the create; nothing after', async () => {
      const w = wiring(backend());
      const before = k8s.requests.length;
      const session = w.session();
      assert.deepEqual(names(await session.keys()), []);
      assert.ok((await session.set(new Map([['FIRST', 'f']]))).ok);
      await w.readers();
      assert.deepEqual(calls(k8s.requests, before), [
        `GET /api/v1/namespaces/${NS}/secrets/${SECRET}`,
        `PATCH /api/v1/namespaces/${NS}/secrets/${SECRET}`,
        `POST /api/v1/namespaces/${NS}/secrets`,
      ]);
      assert.deepEqual(w.cache.peek(w.scope)?.map(k => k.name), ['FIRST']);
    });

    it('Delete Secret: 1 GET to pick and check, then the backend\'s own read and the PATCH; nothing after', async () => {
      k8s.state.putSecret(NS, SECRET, { A: '1', B: '2' });
      const w = wiring(backend());
      const before = k8s.requests.length;
      const session = w.session();
      await session.keys();
      const r = await session.delete(['A']);
      assert.deepEqual(r, { ok: true, value: { deleted: ['A'], notDeleted: [] } });
      const [tree, sync] = await w.readers();
      assert.deepEqual(names(tree), ['B']);
      assert.deepEqual(names(sync), ['B']);
      // The backend reads the Secret before deleting: it needs the resourceVersion to delete a Secret left empty.
      assert.deepEqual(calls(k8s.requests, before), [
        `GET /api/v1/namespaces/${NS}/secrets/${SECRET}`,
        `GET /api/v1/namespaces/${NS}/secrets/${SECRET}`,
        `PATCH /api/v1/namespaces/${NS}/secrets/${SECRET}`,
      ]);
    });

    it('readers asking at once share one GET; a failed read is not kept', async () => {
      k8s.state.putSecret(NS, SECRET, { A: '1' });
      const w = wiring(backend());
      await w.cache.get(w.scope); // connect (namespace resolution) outside the count
      w.cache.invalidate();
      const before = k8s.requests.length;
      await Promise.all([w.cache.get(w.scope), w.cache.get(w.scope), w.cache.get(w.scope)]);
      assert.equal(k8s.requests.length - before, 1);

      w.cache.invalidate();
      k8s.faults.next(1, { kind: 'status', status: 403 }, { method: 'GET' });
      const failed = await w.cache.get(w.scope);
      assert.equal(failed.ok, false);
      assert.deepEqual(names(await w.cache.get(w.scope)), ['A'], 'asked again after the failure');
    });
  });

  describe('MLRun API', () => {
    let mlrun: MlrunDouble;
    beforeEach(async () => {
      mlrun = await startMlrunDouble({ auth: { mode: 'none' }, projects: ['demo'] });
    });
    afterEach(async () => {
      await mlrun.stop();
    });
    const backend = () => createMlrunApiBackend({ endpoint: mlrun.url, retry: instantRetry() });

    it('Set Secret on a shown project: 1 GET secret-keys and 1 POST secrets; the tree and the language server read nothing', async () => {
      mlrun.state.seedSecret('demo', { OLD: 'o' });
      const w = wiring(backend());
      assert.deepEqual(names(await w.cache.get(w.scope)), ['OLD']);
      const before = mlrun.requests.length;

      const session = w.session();
      await session.keys();
      await session.keys();
      assert.ok((await session.set(new Map([['NEW', 'n-canary']]))).ok);
      const [tree, sync] = await w.readers();

      assert.deepEqual(calls(mlrun.requests, before), ['GET /api/v1/projects/demo/secret-keys', 'POST /api/v1/projects/demo/secrets']);
      assert.deepEqual(names(tree), ['NEW', 'OLD'], 'the POST answers nothing about other keys: the written key is added');
      assert.deepEqual(names(sync), ['NEW', 'OLD']);
      assert.deepEqual(mlrun.state.secretData('demo'), { OLD: 'o', NEW: 'n-canary' });
    });

    it('a failed write forgets the list, so the next reader asks the store', async () => {
      mlrun.state.seedSecret('demo', { OLD: 'o' });
      const w = wiring(backend());
      const session = w.session();
      await session.keys();
      mlrun.faults.next(1, { kind: 'status', status: 403 }, { method: 'POST' });
      assert.equal((await session.set(new Map([['NEW', 'n']]))).ok, false);
      assert.equal(w.cache.peek(w.scope), undefined);
      const before = mlrun.requests.length;
      assert.deepEqual(names(await w.cache.get(w.scope)), ['OLD']);
      assert.deepEqual(calls(mlrun.requests, before), ['GET /api/v1/projects/demo/secret-keys']);
    });
  });
});
