import assert from 'node:assert/strict';
import { listNames } from '../../../client/src/commands/support/messages';
import { checkStoreArgs } from '../../../client/src/commands/support/storeArgs';
import { keyHint, planWarnings, vaultPlan } from '../../../client/src/commands/support/writePlan';

describe('write warnings, key hints and argument checks', () => {
  it('hints while typing a key: errors for unusable keys, warnings for existing, colliding, MLRun-owned', () => {
    const existing = ['DB_PASSWORD'];
    assert.equal(keyHint('local', 'NEW_KEY', existing), undefined);
    assert.equal(keyHint('local', '', existing)!.severity, 'error');
    assert.equal(keyHint('kubernetes', 'mlrun.x', existing)!.severity, 'error');
    assert.match(keyHint('kubernetes', 'DB_PASSWORD', existing)!.message, /exists: its value will be overwritten/);
    assert.match(keyHint('kubernetes', 'db_password', existing)!.message, /MLRUN_K8S_SECRET__DB_PASSWORD/);
    assert.match(keyHint('mlrunApi', 'STREAM_PATH', existing)!.message, /MLRun writes this key itself/);
    assert.match(keyHint('azure', 'DB_PASSWORD', [])!.message, /a vault cannot hold it/);
    assert.match(keyHint('azure', 'db-password', ['DB-PASSWORD'])!.message, /names ignore case/);
  });

  it('a vault plan treats names that differ in case as the same secret', () => {
    assert.deepEqual(vaultPlan(['DB-PASSWORD'], ['db-password', 'NEW']), { overwrites: ['db-password'], mlrunOwned: [], collisions: [] });
  });

  it('says what the confirmation must say, in sentences', () => {
    assert.deepEqual(planWarnings({ overwrites: [], mlrunOwned: [], collisions: [] }, 'x'), []);
    const w = planWarnings({ overwrites: ['A', 'B'], mlrunOwned: ['TSDB_CONNECTION'], collisions: [{ key: 'a', with: ['A'] }] }, 'project "demo"');
    assert.equal(w.length, 3);
    assert.match(w[0]!, /"A" and "B" already exist in project "demo"/);
    assert.match(w[1]!, /"TSDB_CONNECTION" is a key MLRun writes itself/);
    assert.match(w[2]!, /both become MLRUN_K8S_SECRET__A/);
    assert.equal(listNames(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 5), '"a", "b", "c", "d", "e" and 2 more');
  });

  it('checks storeLiterals arguments from the language server', () => {
    const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } };
    assert.equal(checkStoreArgs({ uri: 'file:///a.py', project: '', rewrite: [], literals: [{ key: 'K', range }] }).ok, true);
    assert.equal(checkStoreArgs(undefined).ok, false);
    assert.equal(checkStoreArgs({ uri: 'file:///a.py', project: '', rewrite: [], literals: [] }).ok, false);
    const backwards = { start: { line: 2, character: 0 }, end: { line: 1, character: 0 } };
    assert.equal(checkStoreArgs({ uri: 'file:///a.py', project: 'p', rewrite: [], literals: [{ key: 'K', range: backwards }] }).ok, false);
    assert.equal(checkStoreArgs({ uri: 'file:///a.py', project: 'p', rewrite: [{ range, newText: 1 }], literals: [{ key: 'K', range }] }).ok, false);
  });
});
