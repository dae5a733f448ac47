/**
 * Restricted Mode: every command that reaches a secret store is refused with the sentence that says why, and nothing
 * is contacted — not by the commands, not by the tree, the status bar or the projectKeys notification. Every backend
 * is pointed at a loopback sentinel that counts connections (and Azure at its double, whose request log must not grow).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { refusalMessage } from '../../../../client/src/trust';
import { azureRequests, doubles } from '../../util/doubles';
import { setSettings } from '../../util/settings';
import { children } from '../../util/tree';
import { waitFor } from '../../util/wait';
import { useScriptedHost } from '../scripted';

/** Commands that reach a store (package.json ids) and the titles their refusal names. */
const RESTRICTED: [string, string][] = [
  ['mlrunSecrets.setSecret', 'Set Secret…'],
  ['mlrunSecrets.importSecrets', 'Import Secrets from File…'],
  ['mlrunSecrets.deleteSecret', 'Delete Secret'],
  ['mlrunSecrets.insertGetSecret', 'Insert get_secret("KEY")'],
  ['mlrunSecrets.insertEnvFromSecret', 'Insert set_env_from_secret Snippet…'],
  ['mlrunSecrets.insertMountSecret', 'Insert mount_secret Snippet…'],
  ['mlrunSecrets.selectNamespace', 'Select Kubernetes Namespace…'],
  ['mlrunSecrets.selectProject', 'Select Project for Folder…'],
  ['mlrunSecrets.signIn', 'Sign in to the MLRun API…'],
  ['mlrunSecrets.retry', 'Retry'],
  ['mlrunSecrets.storeLiterals', 'Store Literals as Project Secrets'],
  ['mlrunSecrets.recoverSecret', 'Recover Deleted Vault Secret…'],
  ['mlrunSecrets.purgeSecret', 'Purge Deleted Vault Secret…'],
];

describe('Restricted Mode: project-secret commands', () => {
  const s = useScriptedHost();
  let sentinel: net.Server;
  let connections = 0;
  let restore: () => Promise<void>;
  let dir: string;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    sentinel = net.createServer(socket => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>(r => sentinel.listen(0, '127.0.0.1', () => r()));
    const port = (sentinel.address() as net.AddressInfo).port;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlrun-secrets-sentinel-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kubeconfig, [
      'apiVersion: v1', 'kind: Config', 'current-context: sentinel',
      `clusters: [{name: sentinel, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
      'users: [{name: u, user: {token: not-a-real-token}}]',
      'contexts: [{name: sentinel, context: {cluster: sentinel, user: u}}]',
    ].join('\n'));
    restore = await setSettings({
      'backend': 'kubernetes',
      'kubernetes.kubeconfig': kubeconfig,
      'mlrunApi.endpoint': `http://127.0.0.1:${port}`,
      'azure.vaults': { demo: [doubles().azure.vault] },
    });
  });
  after(async () => {
    await restore();
    await new Promise(r => sentinel.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses each command with the sentence that says why, contacting nothing', async () => {
    const azureBefore = azureRequests().length;
    for (const [id, title] of RESTRICTED) {
      const before = s.host.messages.length;
      await vscode.commands.executeCommand(id);
      const shown = s.host.messages.slice(before);
      assert.equal(shown.length, 1, `${id} shows one message (got ${JSON.stringify(shown)})`);
      assert.equal(shown[0]!.level, 'warning');
      assert.equal(shown[0]!.text, refusalMessage(title, 'would contact a secret store'));
      assert.deepEqual(shown[0]!.items, ['Manage Workspace Trust']);
    }
    assert.equal(s.host.prompts.length, 0, 'no prompt was shown');
    assert.equal(s.host.progress.length, 0, 'no work started');
    assert.equal(connections, 0, 'nothing connected to the configured Kubernetes API or MLRun API');
    assert.equal(azureRequests().length, azureBefore, 'nothing reached Key Vault or Entra');
  });

  it('keeps the tree empty (the view explains Restricted Mode) and the status bar off the network', async () => {
    assert.deepEqual(await children(s.api), []);
    await s.api.statusBar.update();
    assert.match(s.api.statusBar.text, /Kubernetes: current context/);
    s.api.ctx.keys.invalidate();
    const folder = vscode.workspace.workspaceFolders![0]!.uri.toString();
    await waitFor(() => s.api.projectKeys.sent.get(folder)?.backend === 'kubernetes', 'projectKeys for the folder');
    assert.equal(s.api.projectKeys.sent.get(folder)!.keys, null, 'keys unknown: no store is asked');
    assert.equal(connections, 0);
  });

  it('still allows what only changes settings or the view: Select Backend, Filter Keys', async () => {
    await vscode.commands.executeCommand('mlrunSecrets.selectBackend', 'local');
    assert.equal(s.api.ctx.backends.active(), 'local');
    await vscode.commands.executeCommand('mlrunSecrets.filterTree', 'DB_*');
    assert.equal(s.api.ctx.view!.filterText(), 'DB_*');
    await vscode.commands.executeCommand('mlrunSecrets.clearFilter');
    assert.equal(connections, 0);
  });
});
