import assert from 'node:assert/strict';
import { createLocalBackend, LOCAL_INDEX_ENTRY, localValueEntry } from '../../../client/src/backends/local';
import { planSet } from '../../../client/src/backends/plan';
import { capturingLogger, MemoryStore } from '../../integration/backends/support/fixtures';

describe('local backend (SecretStore + key index)', () => {
  let store: MemoryStore;
  beforeEach(() => {
    store = new MemoryStore();
  });

  it('sets, lists projects and keys, reads values, deletes — keeping an index of key names', async () => {
    const b = createLocalBackend({ store });
    assert.equal(b.describe(), 'Local store (this machine)');
    assert.ok((await b.setSecrets('demo', new Map([['B', 'two'], ['A', 'one'], ['datastore-profiles.demo.s3', 'p']]))).ok);
    assert.ok((await b.setSecrets('other', new Map([['X', 'x']]))).ok);
    assert.deepEqual(await b.listProjects(), { ok: true, value: ['demo', 'other'] });
    assert.deepEqual(await b.listKeys('demo'), { ok: true, value: [{ name: 'A' }, { name: 'B' }, { name: 'datastore-profiles.demo.s3', mlrunOwned: true }] });
    assert.equal(store.entries.get(localValueEntry('demo', 'A')), 'one');
    assert.deepEqual(JSON.parse(store.entries.get(LOCAL_INDEX_ENTRY)!), { version: 1, projects: { demo: ['A', 'B', 'datastore-profiles.demo.s3'], other: ['X'] } });
    const read = await b.readValues('demo', ['A', 'MISSING']);
    assert.ok(read.ok);
    assert.deepEqual([...read.value], [['A', 'one']]);
    assert.deepEqual(await b.deleteSecrets('demo', ['A', 'NOPE']), { ok: true, value: { deleted: ['A'], notDeleted: [{ key: 'NOPE', reason: 'not in the local store' }] } });
    assert.equal(store.entries.has(localValueEntry('demo', 'A')), false);
    assert.deepEqual(await b.deleteSecrets('other', ['X']), { ok: true, value: { deleted: ['X'], notDeleted: [] } });
    assert.deepEqual(await b.listProjects(), { ok: true, value: ['demo'] }, 'a project without keys disappears');
  });

  it('validates like the other backends, before touching the store', async () => {
    const b = createLocalBackend({ store });
    for (const [p, k, v] of [['demo', 'mlrun.x', 'v'], ['demo', 'a b', 'v'], ['demo', 'K', ''], ['Bad', 'K', 'v']] as const) {
      const r = await b.setSecrets(p, new Map([[k, v]]));
      assert.equal(!r.ok && r.error.kind, 'invalid');
    }
    assert.equal(store.entries.size, 0);
  });

  it('a failing store leaves nothing half-written (earlier keys of the call are put back)', async () => {
    const b = createLocalBackend({ store, logger: capturingLogger() });
    assert.ok((await b.setSecrets('demo', new Map([['A', 'old']]))).ok);
    const before = new Map(store.entries);
    store.resetFailures();
    store.failStoreAt = 3; // A and NEW stored, the index write fails
    const r = await b.setSecrets('demo', new Map([['A', 'new'], ['NEW', 'n']]));
    assert.equal(!r.ok && r.error.kind, 'unreachable');
    assert.match(!r.ok ? r.error.message : '', /^The local secret store \(VS Code SecretStorage\) failed while writing the key index: keychain is locked/);
    assert.deepEqual(store.entries, before);
  });

  it('a damaged index is reported, not silently replaced', async () => {
    store.entries.set(LOCAL_INDEX_ENTRY, '{not json');
    const b = createLocalBackend({ store });
    const r = await b.listProjects();
    assert.equal(!r.ok && r.error.kind, 'unreachable');
    assert.match(!r.ok ? r.error.message : '', /is damaged/);
    assert.equal(store.entries.get(LOCAL_INDEX_ENTRY), '{not json');
  });

  it('concurrent sets and deletes through one instance are serialised', async () => {
    const b = createLocalBackend({ store });
    await Promise.all(Array.from({ length: 30 }, (_, i) => b.setSecrets('p', new Map([[`K${i}`, `v${i}`]]))));
    await Promise.all(Array.from({ length: 10 }, (_, i) => b.deleteSecrets('p', [`K${i}`])));
    const keys = await b.listKeys('p');
    assert.deepEqual(keys.ok && keys.value.map(k => k.name), Array.from({ length: 20 }, (_, i) => `K${i + 10}`).sort());
  });

  it('planSet reports overwrites, MLRun-owned keys and case collisions', async () => {
    const b = createLocalBackend({ store });
    await b.setSecrets('p', new Map([['token', 'x']]));
    assert.deepEqual(await planSet(b, 'p', ['TOKEN', 'token', 'STREAM_PATH']), {
      ok: true,
      value: { overwrites: ['token'], mlrunOwned: ['STREAM_PATH'], collisions: [{ key: 'TOKEN', with: ['token'] }, { key: 'token', with: ['TOKEN'] }] },
    });
  });

  it('cancellation before the call', async () => {
    const r = await createLocalBackend({ store }).listProjects(AbortSignal.abort());
    assert.equal(!r.ok && r.error.kind, 'cancelled');
  });
});
