import assert from 'node:assert/strict';
import { PROJECT, failure, must, setup, type Env } from './harness';

describe('Azure Key Vault: set, delete, recover, purge through the real SDK', () => {
  let env: Env;
  beforeEach(async () => {
    env = await setup();
  });
  afterEach(() => env.close());

  it('sets new secrets and adds a version to existing ones', async () => {
    const v = env.doubles.addVault('team-vault');
    v.set('DB-PASSWORD', { value: 'old' });
    must(await env.scope('team-vault').setSecrets(new Map([['DB-PASSWORD', 'new'], ['API-KEY', 'k1']])));
    assert.equal(v.get('DB-PASSWORD')!.versions.length, 2);
    assert.equal(v.get('DB-PASSWORD')!.versions[1]!.value, 'new');
    assert.equal(v.get('API-KEY')!.versions[0]!.value, 'k1');
    assert.ok(env.logger.lines.some(l => l.includes('set DB-PASSWORD, API-KEY in vault team-vault')));
  });

  it('refuses names MLRun accepts but a vault cannot hold, before any request', async () => {
    env.doubles.addVault('team-vault');
    for (const key of ['DB_PASSWORD', 'db.password']) {
      const e = failure(await env.scope('team-vault').setSecrets(new Map([['OK-KEY', 'v'], [key, 'v']])));
      assert.equal(e.kind, 'invalid');
      assert.match(e.message, new RegExp(`Cannot set '${key.replace('.', '\\.')}' in vault 'team-vault': Azure Key Vault secret names may contain only letters, digits and dashes`));
      assert.match(e.message, /MLRun would accept this key, but a vault cannot hold it/);
    }
    assert.equal(env.doubles.requests.length, 0, 'nothing half-written, nothing sent');
    assert.equal(env.doubles.vault('team-vault')!.secrets.size, 0);
  });

  it('refuses empty, oversized and case-twin values before any request', async () => {
    env.doubles.addVault('team-vault');
    const scope = env.scope('team-vault');
    assert.match(failure(await scope.setSecrets(new Map([['A', '']]))).message, /cannot be empty/);
    assert.match(failure(await scope.setSecrets(new Map([['A', 'x'.repeat(25 * 1024 + 1)]]))).message, /at most 25600 bytes/);
    assert.match(failure(await scope.setSecrets(new Map([['Key', '1'], ['KEY', '2']]))).message, /'Key' and 'KEY' are the same secret/);
    assert.equal(env.doubles.requests.length, 0);
  });

  it('maps a 409 for a deleted-but-recoverable name to a sentence offering recover and purge', async () => {
    const v = env.doubles.addVault('team-vault');
    v.set('OLD', { value: 'x' });
    v.delete('OLD');
    const e = failure(await env.scope('team-vault').setSecrets(new Map([['OLD', 'y']])));
    assert.equal(e.kind, 'conflict');
    assert.equal(e.status, 409);
    assert.equal(e.code, 'ObjectIsDeletedButRecoverable');
    assert.match(e.message, /^Secret 'OLD' in vault 'team-vault' is deleted but still recoverable, so its name cannot be reused: recover it .* or purge it .* first\.$/);
  });

  it('checks a batch against deleted names first, so nothing is written when one would conflict', async () => {
    const v = env.doubles.addVault('team-vault');
    v.set('GONE', { value: 'x' });
    v.delete('GONE');
    const e = failure(await env.scope('team-vault').setSecrets(new Map([['FRESH', '1'], ['gone', '2']])));
    assert.equal(e.kind, 'conflict');
    assert.match(e.message, /'gone' is a deleted but recoverable secret in vault 'team-vault'.*nothing was set/);
    assert.equal(v.get('FRESH'), undefined);
  });

  it('says what was written when a batch fails midway', async () => {
    const v = env.doubles.addVault('team-vault');
    env.doubles.failNext({ method: 'PUT', pathPrefix: '/secrets/B', status: 400, code: 'BadParameter', message: 'Something about B.' });
    const e = failure(await env.scope('team-vault').setSecrets(new Map([['A', '1'], ['B', '2'], ['C', '3']])));
    assert.equal(e.kind, 'invalid');
    assert.match(e.message, /for 'B' \(HTTP 400, BadParameter: Something about B\.\); already set: A; not attempted: C\.$/);
    assert.ok(v.get('A'));
    assert.equal(v.get('C'), undefined);
  });

  it('soft-deletes, lists deleted secrets, recovers and purges', async () => {
    const v = env.doubles.addVault('team-vault', { pageSize: 1 });
    for (const n of ['A', 'B', 'C']) v.set(n, { value: n });
    const scope = env.scope('team-vault');
    const report = must(await scope.deleteSecrets(['A', 'B', 'MISSING', 'bad_name']));
    assert.deepEqual(report.deleted, ['A', 'B']);
    assert.deepEqual(report.notDeleted.map(n => n.key), ['MISSING', 'bad_name']);
    assert.match(report.notDeleted[0]!.reason, /Secret 'MISSING' does not exist in vault 'team-vault'/);
    assert.deepEqual(report.purged, []);

    const deleted = must(await scope.listDeleted());
    assert.deepEqual(deleted.map(d => [d.name, d.purgeable]), [['A', true], ['B', true]]);
    assert.match(deleted[0]!.scheduledPurgeDate ?? '', /^\d{4}-/);
    assert.deepEqual(must(await scope.listKeys()).map(k => k.name), ['C']);

    const recovered = must(await scope.recoverSecrets(['A', 'NOPE']));
    assert.deepEqual(recovered.done, ['A']);
    assert.match(recovered.notDone[0]!.reason, /no deleted secret 'NOPE' in vault 'team-vault'/);
    assert.deepEqual(must(await scope.listKeys()).map(k => k.name), ['A', 'C']);

    const purged = must(await scope.purgeSecrets(['B']));
    assert.deepEqual(purged.done, ['B']);
    assert.equal(v.getDeleted('B'), undefined);
    assert.deepEqual(must(await scope.listDeleted()), []);
  });

  it('deletes and purges on request, waiting until the deletion has finished', async () => {
    const v = env.doubles.addVault('team-vault', { deleteLatencyMs: 150 });
    v.set('TEMP', { value: 'x' });
    const report = must(await env.scope('team-vault').deleteSecrets(['TEMP'], { purge: true }));
    assert.deepEqual(report.deleted, ['TEMP']);
    assert.deepEqual(report.purged, ['TEMP']);
    assert.equal(v.getDeleted('TEMP'), undefined);
    const polls = env.doubles.vaultRequests('team-vault').filter(r => r.method === 'GET' && r.path === '/deletedsecrets/TEMP');
    assert.ok(polls.length >= 2, 'polled while the secret was still being deleted');
    assert.equal(polls[polls.length - 1]!.status, 200);
  });

  it('does not purge where purge protection forbids it, and says when Key Vault will', async () => {
    const v = env.doubles.addVault('team-vault', { purgeProtection: true, retentionDays: 30 });
    v.set('KEEP', { value: 'x' });
    const scope = env.scope('team-vault');
    const report = must(await scope.deleteSecrets(['KEEP'], { purge: true }));
    assert.deepEqual(report.deleted, ['KEEP']);
    assert.deepEqual(report.purged, []);
    assert.match(report.notPurged[0]!.reason, /Vault 'team-vault' has purge protection: Key Vault purges 'KEEP' itself on \d{4}-\d\d-\d\d\./);
    assert.ok(!env.doubles.vaultRequests().some(r => r.method === 'DELETE' && r.path.startsWith('/deletedsecrets')), 'no purge attempted');
    const deleted = must(await scope.listDeleted());
    assert.equal(deleted[0]!.purgeable, false);
    assert.equal(deleted[0]!.detail?.recoveryLevel, 'CustomizedRecoverable');
    const purge = must(await scope.purgeSecrets(['KEEP']));
    assert.match(purge.notDone[0]!.reason, /has purge protection, so deleted secrets cannot be purged/);
  });

  it('deletes for good in a vault without soft delete', async () => {
    const v = env.doubles.addVault('team-vault', { softDelete: false });
    v.set('X', { value: 'x' });
    const report = must(await env.scope('team-vault').deleteSecrets(['X'], { purge: true }));
    assert.deepEqual(report.purged, ['X']);
    assert.equal(v.getDeleted('X'), undefined);
  });

  it('sets and deletes at project level only when the project has a single vault', async () => {
    env.doubles.addVault('team-vault');
    must(await env.backend.setSecrets(PROJECT, new Map([['ONE', '1']])));
    assert.deepEqual(must(await env.backend.deleteSecrets(PROJECT, ['ONE'])).deleted, ['ONE']);
    env.settings['azure.vaults'] = { [PROJECT]: ['team-vault', 'second-vault'] };
    const e = failure(await env.backend.setSecrets(PROJECT, new Map([['TWO', '2']])));
    assert.equal(e.kind, 'invalid');
    assert.match(e.message, /Project 'demo' has 2 vaults \(team-vault, second-vault\): choose the vault in the tree\./);
  });
});
