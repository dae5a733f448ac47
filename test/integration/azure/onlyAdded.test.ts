import assert from 'node:assert/strict';
import { vaultSuggestions, addVault } from '../../../client/src/backends/azure/vaultSettings';
import type { VaultSource } from '../../../shared/src/protocol';
import { PROJECT, failure, must, setup, type Env } from './harness';

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

describe('Azure Key Vault: only vaults the user added are ever contacted', () => {
  let env: Env;
  beforeEach(async () => {
    env = await setup({ [PROJECT]: ['team-vault'], other: ['other-vault'] });
    for (const name of ['team-vault', 'code-vault', 'other-vault']) env.doubles.addVault(name).set('K', { value: name });
  });
  afterEach(() => env.close());

  it('refuses a vault seen only in code, or added to another project, without a request', async () => {
    for (const name of ['code-vault', 'other-vault']) {
      const e = failure(env.backend.vault(PROJECT, name));
      assert.equal(e.kind, 'notFound');
      assert.equal(e.message, `Vault '${name}' is not added to project 'demo': add it first (Add Azure Key Vault…); vaults found in code are only suggestions and are never contacted on their own.`);
    }
    assert.equal(failure(env.backend.vault(PROJECT, 'evil.example.com/x')).kind, 'invalid');
    assert.equal(env.doubles.requests.length, 0);
  });

  it('turns vault sources from code into suggestions without contacting anything', () => {
    const sources: VaultSource[] = [
      { uri: 'file:///w/train.py', range, name: 'code-vault', k8sSecret: 'azure-creds', secrets: [] },
      { uri: 'file:///w/serve.py', range, name: 'CODE-VAULT', k8sSecret: null, secrets: ['A'] },
      { uri: 'file:///w/train.py', range, name: 'team-vault', k8sSecret: null, secrets: [] },
      { uri: 'file:///w/x.py', range, name: null, k8sSecret: null, secrets: [] },
      { uri: 'file:///w/y.py', range, name: 'no_underscores', k8sSecret: null, secrets: [] },
    ];
    const suggestions = vaultSuggestions(sources, env.settings['azure.vaults']!, PROJECT);
    assert.deepEqual(suggestions.map(s => [s.name, s.added, s.k8sSecrets, s.uris.length, s.problem !== undefined]), [
      ['code-vault', false, ['azure-creds'], 2, false],
      ['no_underscores', false, [], 1, true],
      ['team-vault', true, [], 1, false],
    ]);
    assert.deepEqual(JSON.parse(JSON.stringify(suggestions)), suggestions, 'plain data, nothing that can call out');
    assert.equal(env.doubles.requests.length, 0);
  });

  it('contacts exactly the project\'s added vaults for project-level calls', async () => {
    must(await env.backend.listKeys(PROJECT));
    assert.deepEqual(must(await env.backend.readValues(PROJECT, [])), new Map([['K', 'team-vault']]));
    const hosts = new Set(env.doubles.vaultRequests().map(r => r.vault));
    assert.deepEqual([...hosts], ['team-vault']);
  });

  it('a suggested vault is reachable once added', async () => {
    const next = must(addVault({ [PROJECT]: ['team-vault'] }, PROJECT, 'code-vault'));
    env.settings['azure.vaults'] = next;
    assert.deepEqual(must(await must(env.backend.vault(PROJECT, 'code-vault')).listKeys()).map(k => k.name), ['K']);
  });

  it('a handle stops working when its vault is removed or the URL template changes', async () => {
    const scope = env.scope('team-vault');
    must(await scope.listKeys());
    const before = env.doubles.requests.length;
    env.settings['azure.vaults'] = { [PROJECT]: [] };
    assert.equal(failure(await scope.listKeys()).kind, 'notFound');
    env.settings['azure.vaults'] = { [PROJECT]: ['team-vault'] };
    env.settings['azure.vaultUrlTemplate'] = 'https://{name}.vault.azure.net';
    const e = failure(await scope.setSecrets(new Map([['X', 'y']])));
    assert.match(e.message, /The vault URL template changed since vault 'team-vault' was opened/);
    assert.equal(env.doubles.requests.length, before, 'no request after either change');
  });
});
