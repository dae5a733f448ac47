import assert from 'node:assert/strict';
import { addVault, removeVault, vaultSuggestions } from '../../../client/src/backends/azure/vaultSettings';
import { own } from '../../util/own';

const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } };

describe('azure vault settings', () => {
  it('adds a vault without touching the input object', () => {
    const before = { demo: ['one-vault'] };
    const r = addVault(before, 'demo', 'two-vault');
    assert.deepEqual(r, { ok: true, value: own({ demo: ['one-vault', 'two-vault'] }) });
    assert.deepEqual(before, { demo: ['one-vault'] });
    assert.deepEqual(addVault({}, 'new-project', 'abc'), { ok: true, value: own({ 'new-project': ['abc'] }) });
  });

  it('refuses duplicates (ignoring case), bad vault names and bad project names', () => {
    const dup = addVault({ demo: ['One-Vault'] }, 'demo', 'one-vault');
    assert.equal(dup.ok, false);
    assert.equal(!dup.ok && dup.error.kind, 'conflict');
    const bad = addVault({}, 'demo', 'my_vault');
    assert.match(!bad.ok ? bad.error.message : '', /3–24 letters, digits and dashes/);
    assert.equal(addVault({}, 'Demo Project', 'abc').ok, false);
  });

  it('removes a vault and drops the emptied project', () => {
    assert.deepEqual(removeVault({ demo: ['a-v', 'B-V'], x: ['c-v'] }, 'demo', 'b-v'), own({ demo: ['a-v'], x: ['c-v'] }));
    assert.deepEqual(removeVault({ demo: ['a-v'] }, 'demo', 'A-V'), own({}));
    assert.deepEqual(removeVault({ demo: ['a-v'] }, 'other', 'a-v'), own({ demo: ['a-v'] }));
  });

  it('groups code sources into suggestions, not-yet-added first', () => {
    const s = vaultSuggestions([
      { uri: 'file:///a.py', range, name: 'zz-vault', k8sSecret: 'creds', secrets: [] },
      { uri: 'file:///b.py', range, name: 'aa-vault', k8sSecret: null, secrets: ['K'] },
      { uri: 'file:///c.py', range, name: 'ZZ-VAULT', k8sSecret: 'creds2', secrets: [] },
      { uri: 'file:///c.py', range, name: 'added-vault', k8sSecret: null, secrets: [] },
    ], { demo: ['Added-Vault'] }, 'demo');
    assert.deepEqual(s.map(x => x.name), ['aa-vault', 'zz-vault', 'added-vault']);
    assert.deepEqual(s[1]!.k8sSecrets, ['creds', 'creds2']);
    assert.deepEqual(s[1]!.uris, ['file:///a.py', 'file:///c.py']);
    assert.equal(s[2]!.added, true);
  });
});
