import assert from 'node:assert/strict';
import { failure, must, setup, type Env } from './harness';

/**
 * What an end-to-end run uses: vaults addressed by path on 127.0.0.1 (no host-name mapping), the test CA added
 * through the `ca` transport option (on top of the system's), and the challenge check skipped for loopback only.
 */
describe('Azure Key Vault: path-mode vault URLs with an added CA (the e2e configuration)', () => {
  let env: Env;
  beforeEach(async () => {
    env = await setup();
    env.settings['azure.vaultUrlTemplate'] = env.doubles.pathVaultUrlTemplate;
  });
  afterEach(() => env.close());

  it('lists, sets, reads and deletes', async () => {
    const v = env.doubles.addVault('team-vault', { pageSize: 2 });
    for (const n of ['A', 'B', 'C']) v.set(n, { value: n.toLowerCase() });
    const backend = env.makeBackend({ transport: { ca: env.doubles.caPem } });
    const scope = must(backend.vault('demo', 'team-vault'));
    assert.match(scope.url, /^https:\/\/127\.0\.0\.1:\d+\/vaults\/team-vault$/);
    assert.deepEqual(must(await scope.listKeys()).map(k => k.name), ['A', 'B', 'C']);
    must(await scope.setSecrets(new Map([['D', 'd']])));
    assert.deepEqual(must(await scope.readValues(['A', 'D'])), new Map([['A', 'a'], ['D', 'd']]));
    assert.deepEqual(must(await scope.deleteSecrets(['B'], { purge: true })).purged, ['B']);
    assert.ok(env.doubles.vaultRequests().every(r => r.path.startsWith('/vaults/team-vault/')));
  });

  it('an unknown vault in path mode is a 404, not a token leak', async () => {
    const backend = env.makeBackend({ transport: { ca: env.doubles.caPem } });
    const e = failure(await must(backend.vault('demo', 'team-vault')).listKeys());
    assert.equal(e.kind, 'notFound');
    assert.equal(env.doubles.entra.tokensIssued, 0);
  });
});
