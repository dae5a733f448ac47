/**
 * Azure Key Vault end to end, against the Key Vault and Entra doubles: the credential is the Kubernetes Secret MLRun
 * mounts (read through the Kubernetes backend), vaults are added per project (only added vaults are contacted), the
 * tree shows project → vault → names (disabled marked), Set (Key Vault name rules), soft Delete, Recover, Purge only
 * on request (and not under purge protection), Remove vault, Select Azure Credential.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { canary } from '../../util/canary';
import { azureRequests, doubles } from '../../util/doubles';
import { answer, input, modal, pick, pickMany } from '../../util/scriptedHost';
import { setSettings } from '../../util/settings';
import { find, itemOf, labels } from '../../util/tree';
import { waitFor } from '../../util/wait';
import { useScriptedHost } from '../scripted';

describe('Azure Key Vault backend: vaults, tree and commands', () => {
  const s = useScriptedHost();
  const secret = canary('azure');
  const vault = () => doubles().azure.vault;
  let restore: () => Promise<void>;

  const scope = async (name = vault()) => {
    const az = await s.api.ctx.backends.azure();
    assert.ok(az.ok);
    const v = az.value.vault('demo', name);
    assert.ok(v.ok, v.ok ? '' : v.error.message);
    return v.value;
  };
  const names = async () => {
    const r = await (await scope()).listKeys();
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    return r.value.map(k => k.name);
  };

  before(async () => {
    restore = await setSettings({ 'backend': undefined, 'azure.vaults': undefined, 'azure.credential': undefined });
  });
  after(async () => {
    await restore();
  });

  it('Add Azure Key Vault adds a vault to the folder\'s project; nothing is contacted before', async () => {
    const before = azureRequests().length;
    assert.equal(await find(s.api, 'Azure Key Vault'), undefined, 'no Azure root without a vault');
    s.host.script(pick('demo'), input(vault(), [
      { value: 'bad_name', expect: /3–24 letters, digits and dashes/ },
      { value: 'ab', expect: /3–24/ },
    ]));
    assert.equal(await vscode.commands.executeCommand('mlrunSecrets.addVault'), vault());
    s.host.assertDone();
    assert.deepEqual(vscode.workspace.getConfiguration('mlrunSecrets').inspect('azure.vaults')?.globalValue, { demo: [vault()] });
    assert.equal(azureRequests().length, before, 'adding a vault contacts nothing');
  });

  it('shows project → vault → secret names (disabled ones marked), contacting only the added vault', async () => {
    const v = await waitFor(() => find(s.api, 'Azure Key Vault', 'demo', vault()), 'the vault node');
    assert.equal((await itemOf(s.api, v)).contextValue, 'mlrunSecrets.vault');
    assert.deepEqual(await labels(s.api, v), doubles().azure.secrets);
    const disabled = (await find(s.api, 'Azure Key Vault', 'demo', vault(), 'OLD-KEY'))!;
    const item = await itemOf(s.api, disabled);
    assert.equal(item.contextValue, 'mlrunSecrets.key.disabled');
    assert.equal(item.description, 'disabled');
    // The double writes its request log every 100 ms: wait for the listing's lines.
    const paths = await waitFor(() => {
      const p = azureRequests().filter(l => l.startsWith('vault ')).map(l => l.split(' ')[3]!);
      return p.length > 0 ? p : undefined;
    }, 'the vault requests in the double\'s log');
    assert.ok(paths.every(p => p.startsWith(`/vaults/${vault()}/`)), `only the added vault: ${paths.join(', ')}`);
  });

  it('Set Secret on a vault follows Key Vault\'s name rules and stores the value', async () => {
    const v = (await find(s.api, 'Azure Key Vault', 'demo', vault()))!;
    s.host.script(input('E2E-KEY', [
      { value: 'E2E_KEY', expect: /MLRun would accept this key, but a vault cannot hold it/, severity: 'error' },
      { value: 'db-password', expect: /"DB-PASSWORD" exists \(Key Vault names ignore case\)/, severity: 'warning' },
    ]), input(secret));
    await vscode.commands.executeCommand('mlrunSecrets.setSecret', v);
    s.host.assertDone();
    assert.match(s.host.last('info')!.text, new RegExp(`Set "E2E-KEY" in vault "${vault()}" of project "demo"`));
    const read = await (await scope()).readValues(['E2E-KEY']);
    assert.ok(read.ok);
    assert.equal(read.value.get('E2E-KEY'), secret);
  });

  it('Delete soft-deletes; Recover brings it back; Purge removes it for good, only when asked', async () => {
    const key = await waitFor(() => find(s.api, 'Azure Key Vault', 'demo', vault(), 'E2E-KEY'), 'the new key in the tree');
    s.host.script(modal('Delete', /Recover Deleted Vault Secret… brings them back/));
    await vscode.commands.executeCommand('mlrunSecrets.deleteSecret', key);
    s.host.assertDone();
    assert.match(s.host.last('info')!.text, /soft-deleted: recoverable until purged/);
    assert.ok(!(await names()).includes('E2E-KEY'));

    const v = (await find(s.api, 'Azure Key Vault', 'demo', vault()))!;
    s.host.script(pickMany('E2E-KEY'));
    assert.deepEqual(await vscode.commands.executeCommand('mlrunSecrets.recoverSecret', v), ['E2E-KEY']);
    s.host.assertDone();
    assert.ok((await names()).includes('E2E-KEY'));

    assert.ok((await (await scope()).deleteSecrets(['E2E-KEY'])).ok);
    s.host.script(pickMany('E2E-KEY'), modal('Purge', /cannot be recovered/));
    assert.deepEqual(await vscode.commands.executeCommand('mlrunSecrets.purgeSecret', v), ['E2E-KEY']);
    s.host.assertDone();
    const deleted = await (await scope()).listDeleted();
    assert.ok(deleted.ok);
    assert.ok(!deleted.value.some(d => d.name === 'E2E-KEY'), 'purged');
  });

  it('offers to recover a deleted secret whose name Set Secret reuses', async () => {
    const gone = doubles().azure.deleted[0]!;
    const v = (await find(s.api, 'Azure Key Vault', 'demo', vault()))!;
    s.host.script(input(gone), input(secret), answer(/is deleted but still recoverable/, 'Recover Deleted Secret'));
    await vscode.commands.executeCommand('mlrunSecrets.setSecret', v);
    s.host.assertDone();
    const read = await (await scope()).readValues([gone]);
    assert.ok(read.ok);
    assert.equal(read.value.get(gone), secret);
  });

  it('says why nothing can be purged under purge protection; Remove vault only edits the setting', async () => {
    const locked = doubles().azure.lockedVault;
    await setSettings({ 'azure.vaults': { demo: [vault(), locked] } });
    const node = await waitFor(() => find(s.api, 'Azure Key Vault', 'demo', locked), 'the second vault');
    await vscode.commands.executeCommand('mlrunSecrets.purgeSecret', node);
    assert.match(s.host.last('info')!.text, /Nothing to purge in vault "e2e-locked" of project "demo": none of its 1 deleted secret can be purged \(purge protection/);

    s.host.script(modal('Remove', /the vault and its secrets stay as they are/));
    assert.equal(await vscode.commands.executeCommand('mlrunSecrets.removeVault', node), true);
    s.host.assertDone();
    assert.deepEqual(vscode.workspace.getConfiguration('mlrunSecrets').inspect('azure.vaults')?.globalValue, { demo: [vault()] });
  });

  it('Select Azure Credential stores the kind and the Secret\'s name only; Select Backend shows it in the status bar', async () => {
    s.host.script(pick(/^(\$\(check\) )?Kubernetes Secret/), input(doubles().azure.credentialSecret));
    assert.equal(await vscode.commands.executeCommand('mlrunSecrets.selectAzureCredential'), 'kubernetesSecret');
    s.host.assertDone();
    await vscode.commands.executeCommand('mlrunSecrets.selectBackend', 'azure');
    await waitFor(() => s.api.statusBar.text.includes('Azure Key Vault: 1 vault'), `the status bar (now "${s.api.statusBar.text}")`);
    const root = (await find(s.api, 'Azure Key Vault'))!;
    assert.match(String((await itemOf(s.api, root)).description), /Kubernetes Secret azure-creds · active/);
    assert.ok(!s.host.allText().includes(secret));
  });
});
