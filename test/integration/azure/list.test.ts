import assert from 'node:assert/strict';
import { DEFAULT_TENANT } from '../../doubles/azure/server';
import { CLIENT_ID, PROJECT, must, setup, type Env } from './harness';

describe('Azure Key Vault: listing through the real SDK', () => {
  let env: Env;
  beforeEach(async () => {
    env = await setup({ [PROJECT]: ['team-vault', 'second-vault'], other: ['third-vault'] });
  });
  afterEach(() => env.close());

  it('lists every page of names, marks disabled secrets and gives metadata, never values', async () => {
    const v = env.doubles.addVault('team-vault', { pageSize: 2 });
    for (const name of ['Zeta', 'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'eta']) v.set(name, { value: `value-of-${name}` });
    v.get('beta')!.versions[0]!.enabled = false;
    v.set('gamma', { value: 'gamma-2', contentType: 'text/plain' });
    v.get('eta')!.versions[0]!.enabled = false;

    const keys = must(await env.scope('team-vault').listKeys());
    assert.deepEqual(keys.map(k => k.name), ['alpha', 'beta', 'delta', 'epsilon', 'eta', 'gamma', 'Zeta']);
    assert.deepEqual(keys.filter(k => k.disabled).map(k => k.name), ['beta', 'eta']);
    const gamma = keys.find(k => k.name === 'gamma')!;
    assert.equal(gamma.detail?.contentType, 'text/plain');
    assert.equal(gamma.detail?.vault, 'team-vault');
    assert.match(gamma.detail?.updated ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.ok(!JSON.stringify(keys).includes('value-of-'), 'no value in key infos');

    const pages = env.doubles.vaultRequests('team-vault').filter(r => r.path === '/secrets' && r.status === 200);
    assert.equal(pages.length, 4, '7 secrets at 2 per page');
    assert.ok(pages.slice(1).every(p => p.url.includes('$skiptoken=')), 'later pages follow nextLink');
    assert.deepEqual([...env.doubles.apiVersionsSeen], ['2025-07-01']);
  });

  it('authenticates by challenge: one unauthenticated request, one token, then bearer requests', async () => {
    const v = env.doubles.addVault('team-vault');
    v.set('one', { value: 'x' });
    must(await env.scope('team-vault').listKeys());
    must(await env.scope('team-vault').listKeys());

    const vaultReqs = env.doubles.vaultRequests('team-vault');
    assert.equal(vaultReqs[0]!.status, 401);
    assert.equal(vaultReqs[0]!.authorized, false);
    assert.ok(vaultReqs.slice(1).every(r => r.authorized && r.status === 200));
    assert.equal(env.doubles.entra.tokensIssued, 1, 'the token is cached across calls');
    const entra = env.doubles.entraRequests().map(r => `${r.method} ${r.path}`);
    assert.deepEqual(entra, [
      `GET /${DEFAULT_TENANT}/v2.0/.well-known/openid-configuration`,
      `POST /${DEFAULT_TENANT}/oauth2/v2.0/token`,
    ], 'no instance discovery, nothing but the tenant metadata and the token');
    assert.ok(env.logger.lines.some(l => l.includes(`client ${CLIENT_ID}`)));
  });

  it('lists projects and vaults from settings only, without any request', async () => {
    assert.deepEqual(must(await env.backend.listProjects()), ['demo', 'other']);
    assert.deepEqual(must(env.backend.listVaults(PROJECT)), ['team-vault', 'second-vault']);
    assert.deepEqual(must(env.backend.listVaults('nobody')), []);
    assert.match(env.backend.describe(), /3 vaults/);
    assert.equal(env.doubles.requests.length, 0);
  });

  it('lists a project across its vaults, each key saying which vault holds it', async () => {
    env.doubles.addVault('team-vault').set('A', { value: '1' });
    env.doubles.addVault('second-vault').set('B', { value: '2' });
    const keys = must(await env.backend.listKeys(PROJECT));
    assert.deepEqual(keys.map(k => `${k.detail?.vault}/${k.name}`), ['team-vault/A', 'second-vault/B']);
  });

  it('treats vault names as case-insensitive, like DNS', async () => {
    env.doubles.addVault('team-vault').set('A', { value: '1' });
    const scope = must(env.backend.vault(PROJECT, 'TEAM-VAULT'));
    assert.equal(scope.vault, 'team-vault');
    assert.deepEqual(must(await scope.listKeys()).map(k => k.name), ['A']);
  });

  it('ignores invalid vault names in the settings', async () => {
    env.settings['azure.vaults'] = { [PROJECT]: ['team-vault', 'bad_name', 'x'] };
    assert.deepEqual(must(env.backend.listVaults(PROJECT)), ['team-vault']);
    assert.ok(env.logger.lines.some(l => l.startsWith('warn') && l.includes('"bad_name"')));
  });
});
