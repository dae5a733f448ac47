/** The key cache's bookkeeping, with stores that count their calls (request counts over HTTP: integration/backends). */
import assert from 'node:assert/strict';
import type { DeleteReport, KeyInfo, Result, WriteOutcome } from '../../../client/src/backends/types';
import { KeyCache, type KeyScope, type KeyStore } from '../../../client/src/keys/keyCache';

class CountingStore implements KeyStore {
  lists = 0;
  failNextList = false;
  outcome?: WriteOutcome;
  constructor(public keys: KeyInfo[]) {}
  async listKeys(): Promise<Result<KeyInfo[]>> {
    this.lists++;
    await new Promise(r => setImmediate(r));
    if (this.failNextList) {
      this.failNextList = false;
      return { ok: false, error: { kind: 'unreachable', message: 'down' } };
    }
    return { ok: true, value: this.keys.map(k => ({ ...k })) };
  }
  async setSecrets(values: ReadonlyMap<string, string>): Promise<Result<void | WriteOutcome>> {
    for (const k of values.keys()) if (!this.keys.some(x => x.name === k)) this.keys.push({ name: k });
    return { ok: true, value: this.outcome };
  }
  async deleteSecrets(keys: readonly string[]): Promise<Result<DeleteReport>> {
    const deleted = keys.filter(k => this.keys.some(x => x.name === k));
    this.keys = this.keys.filter(x => !keys.includes(x.name));
    return { ok: true, value: { deleted, notDeleted: keys.filter(k => !deleted.includes(k)).map(key => ({ key, reason: 'missing' })) } };
  }
}

function setup(stores: Record<string, CountingStore>) {
  const id = (s: KeyScope) => `${s.backend}/${s.project}/${s.vault ?? ''}`;
  const cache = new KeyCache(async s => (stores[id(s)] ? { ok: true, value: stores[id(s)]! } : { ok: false, error: { kind: 'notFound', message: `no ${id(s)}` } }));
  const events: (string | undefined)[] = [];
  cache.onDidChange(s => events.push(s && id(s)));
  return { cache, events };
}

const names = (r: Result<KeyInfo[]> | readonly KeyInfo[] | undefined): string[] =>
  (Array.isArray(r) ? r : r && 'ok' in r && r.ok ? r.value : []).map((k: KeyInfo) => k.name);

describe('key cache', () => {
  it('reads once per scope, sorted; callers get copies they cannot use to change the cache', async () => {
    const store = new CountingStore([{ name: 'b' }, { name: 'A' }]);
    const { cache } = setup({ 'local/p/': store });
    const s = { backend: 'local', project: 'p' } as const;
    const [one, two] = await Promise.all([cache.get(s), cache.get(s)]);
    assert.equal(store.lists, 1);
    assert.deepEqual(names(one), ['A', 'b']);
    assert.ok(one.ok);
    one.value.push({ name: 'INJECTED' });
    assert.deepEqual(names(await cache.get(s)), ['A', 'b']);
    assert.deepEqual(names(two), ['A', 'b']);
    assert.deepEqual(names(await cache.read(s)), ['A', 'b']);
    assert.equal(store.lists, 2, 'read() always asks the store');
  });

  it('adds written keys (MLRun-owned ones flagged) without reading again, and tells listeners', async () => {
    const store = new CountingStore([{ name: 'A' }]);
    const { cache, events } = setup({ 'kubernetes/p/': store });
    const s = { backend: 'kubernetes', project: 'p' } as const;
    await cache.get(s);
    assert.ok((await cache.set(s, new Map([['A', '1'], ['datastore-profiles.p.x', '2']]))).ok);
    assert.equal(store.lists, 1);
    assert.deepEqual(cache.peek(s), [{ name: 'A' }, { name: 'datastore-profiles.p.x', mlrunOwned: true }]);
    assert.deepEqual(events, ['kubernetes/p/']);
  });

  it('takes the store\'s own answer when the write gives one', async () => {
    const store = new CountingStore([{ name: 'A' }]);
    store.outcome = { keys: [{ name: 'Z' }, { name: 'A' }, { name: 'NEW' }] };
    const { cache } = setup({ 'kubernetes/p/': store });
    const s = { backend: 'kubernetes', project: 'p' } as const;
    await cache.get(s);
    await cache.set(s, new Map([['NEW', 'n']]));
    assert.deepEqual(names(cache.peek(s)), ['A', 'NEW', 'Z']);
  });

  it('a write to a list not read yet leaves it unread (no guess)', async () => {
    const store = new CountingStore([{ name: 'A' }]);
    const { cache } = setup({ 'local/p/': store });
    const s = { backend: 'local', project: 'p' } as const;
    await cache.set(s, new Map([['B', 'b']]));
    assert.equal(cache.peek(s), undefined);
    assert.deepEqual(names(await cache.get(s)), ['A', 'B']);
  });

  it('removes deleted keys; a vault write updates the vault and the project-wide list, a vault delete re-reads the latter', async () => {
    const v1 = new CountingStore([{ name: 'K', detail: { vault: 'v1' } }]);
    const all = new CountingStore([{ name: 'K', detail: { vault: 'v1' } }, { name: 'K', detail: { vault: 'v2' } }]);
    const { cache } = setup({ 'azure/p/v1': v1, 'azure/p/': all });
    const vault = { backend: 'azure', project: 'p', vault: 'v1' } as const;
    const project = { backend: 'azure', project: 'p' } as const;
    await cache.get(vault);
    await cache.get(project);
    await cache.set(vault, new Map([['NEW', 'n']]));
    assert.deepEqual(cache.peek(vault), [{ name: 'K', detail: { vault: 'v1' } }, { name: 'NEW', detail: { vault: 'v1' } }]);
    assert.deepEqual(names(cache.peek(project)), ['K', 'K', 'NEW']);
    await cache.delete(vault, ['K']);
    assert.deepEqual(names(cache.peek(vault)), ['NEW']);
    assert.equal(cache.peek(project), undefined, 'K may still be in v2: read again');
  });

  it('does not keep a failed read, and invalidate() forgets by filter', async () => {
    const a = new CountingStore([{ name: 'A' }]);
    const b = new CountingStore([{ name: 'B' }]);
    const { cache, events } = setup({ 'local/a/': a, 'local/b/': b });
    a.failNextList = true;
    assert.equal((await cache.get({ backend: 'local', project: 'a' })).ok, false);
    assert.deepEqual(names(await cache.get({ backend: 'local', project: 'a' })), ['A']);
    await cache.get({ backend: 'local', project: 'b' });
    cache.invalidate({ backend: 'local', project: 'a' });
    assert.equal(cache.peek({ backend: 'local', project: 'a' }), undefined);
    assert.ok(cache.peek({ backend: 'local', project: 'b' }));
    cache.invalidate();
    assert.equal(cache.peek({ backend: 'local', project: 'b' }), undefined);
    assert.deepEqual(events, ['local/a/', undefined]);
  });
});
