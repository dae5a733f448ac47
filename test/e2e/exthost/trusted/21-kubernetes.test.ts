/**
 * The Kubernetes backend end to end, against the Kubernetes API double (the kubeconfig reaches the extension through
 * KUBECONFIG, as on a user's machine): context and namespace pickers, the cluster header, Set/Delete writing exactly
 * MLRun's Secret, error nodes with Retry, the status bar, and the set_env_from_secret / mount_secret snippets.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { canary } from '../../util/canary';
import { doubles, kubeGet } from '../../util/doubles';
import { input, modal, pick, pickMany } from '../../util/scriptedHost';
import { setSettings } from '../../util/settings';
import { children, find, itemOf, storeLabels } from '../../util/tree';
import { waitFor } from '../../util/wait';
import { useScriptedHost } from '../scripted';

describe('Kubernetes backend: pickers, tree and commands', () => {
  const s = useScriptedHost();
  const secret = canary('k8s');
  let restore: () => Promise<void>;

  before(async () => {
    // Whatever the suite changes is put back (the UI suite runs on the same server afterwards).
    restore = await setSettings({ 'backend': undefined, 'kubernetes.context': undefined, 'kubernetes.kubeconfig': undefined });
  });
  after(async () => {
    await restore();
  });

  it('Select Kubernetes Context lists the kubeconfig\'s contexts and makes Kubernetes the active backend', async () => {
    assert.equal(s.api.ctx.backends.active(), 'local');
    s.host.script(pick('double-mlrun'));
    const context = await vscode.commands.executeCommand('mlrunSecrets.selectContext');
    s.host.assertDone();
    assert.equal(context, 'double-mlrun');
    assert.deepEqual(s.host.prompts[0]!.labels!.slice(0, 2), doubles().contexts.map(c => (c === 'double' ? '$(check) double' : c)));
    await waitFor(() => s.api.ctx.backends.active() === 'kubernetes', 'Kubernetes to become the active backend');
    await waitFor(() => s.api.statusBar.text.includes('Kubernetes: double-mlrun / mlrun'), `the status bar (now "${s.api.statusBar.text}")`);
  });

  it('shows the context / namespace header and the folder\'s project, and Set Secret writes MLRun\'s Secret', async () => {
    const cluster = await waitFor(() => find(s.api, 'Kubernetes', 'double-mlrun'), 'the cluster header');
    const item = await itemOf(s.api, cluster);
    assert.equal(item.description, 'namespace mlrun');
    assert.equal(item.contextValue, 'mlrunSecrets.cluster');
    const project = (await find(s.api, 'Kubernetes', 'double-mlrun', 'demo'))!;
    assert.deepEqual(await storeLabels(s.api, project), ['No secrets yet — Set Secret…']);

    s.host.script(input('E2E_K8S_TOKEN'), input(secret));
    await vscode.commands.executeCommand('mlrunSecrets.setSecret', project);
    s.host.assertDone();
    assert.match(s.host.last('info')!.text, /Set "E2E_K8S_TOKEN" in project "demo" on Kubernetes \(double-mlrun \/ mlrun\)/);
    const got = await kubeGet(`/api/v1/namespaces/${doubles().namespace}/secrets/mlrun-project-secrets-demo`);
    assert.equal(got.status, 200);
    assert.equal(got.body.type, 'Opaque');
    assert.equal(got.body.metadata.labels, undefined, 'MLRun sets no labels');
    assert.equal(got.body.metadata.annotations, undefined, 'nor annotations');
    assert.equal(Buffer.from(got.body.data.E2E_K8S_TOKEN, 'base64').toString('utf8'), secret);
    await waitFor(async () => (await storeLabels(s.api, (await find(s.api, 'Kubernetes', 'double-mlrun', 'demo'))!)).join() === 'E2E_K8S_TOKEN', 'the key in the tree');
    const key = (await find(s.api, 'Kubernetes', 'double-mlrun', 'demo', 'E2E_K8S_TOKEN'))!;
    const tip = ((await itemOf(s.api, key)).tooltip as vscode.MarkdownString).value;
    assert.match(tip, /MLRUN_K8S_SECRET__E2E_K8S_TOKEN/);
    // Escaped as the running VS Code's appendText escapes it (1.100 escapes every '-', newer versions do not).
    const escaped = new vscode.MarkdownString().appendText('mlrun-project-secrets-demo').value;
    assert.ok(tip.includes(`Kubernetes Secret: ${escaped}`), `markdown-escaped: ${tip}`);
  });

  it('Select Kubernetes Namespace lists namespaces and the header follows', async () => {
    const undo = await setSettings({ 'kubernetes.namespace': doubles().namespace });
    try {
      s.host.script(pick('default'));
      await vscode.commands.executeCommand('mlrunSecrets.selectNamespace');
      s.host.assertDone();
      assert.ok(s.host.prompts[0]!.labels!.includes('$(check) mlrun'), 'the current namespace is marked');
      await waitFor(async () => {
        const c = await find(s.api, 'Kubernetes', 'double-mlrun');
        return c && (await itemOf(s.api, c)).description === 'namespace default';
      }, 'the header to show namespace default');
    } finally {
      await undo();
    }
  });

  it('shows a failure as an error node with Retry, which reads the kubeconfig again', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlrun-secrets-kubeconfig-'));
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: Config\nclusters: [\n');
    const undo = await setSettings({ 'kubernetes.kubeconfig': file });
    try {
      const kids = await waitFor(async () => {
        const root = await find(s.api, 'Kubernetes');
        const k = root ? await children(s.api, root) : [];
        return k.length === 2 ? k : undefined;
      }, 'the error node');
      const error = await itemOf(s.api, kids[0]!);
      assert.equal(error.contextValue, 'mlrunSecrets.error');
      assert.match(String(error.label), /^The kubeconfig .* is not valid YAML/);
      assert.equal(error.command?.command, 'mlrunSecrets.retry');
      assert.equal((await itemOf(s.api, kids[1]!)).label, 'Select Kubernetes Context…');

      fs.copyFileSync(doubles().kubeconfig, file);
      await vscode.commands.executeCommand('mlrunSecrets.retry', kids[0]);
      await waitFor(() => find(s.api, 'Kubernetes', 'double-mlrun', 'demo', 'E2E_K8S_TOKEN'), 'the tree after Retry');
    } finally {
      await undo();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('inserts set_env_from_secret and mount_secret snippets for a chosen Secret and key', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: '\n' });
    const editor = await vscode.window.showTextDocument(doc);
    const creds = doubles().azure.credentialSecret;
    try {
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      s.host.script(pick(creds), pick('client_id'), input('AZURE_CLIENT_ID', [{ value: '1ABC', expect: /does not start with a digit/ }]));
      await vscode.commands.executeCommand('mlrunSecrets.insertEnvFromSecret');
      s.host.assertDone();
      assert.equal(s.host.prompts[2]!.value, 'CLIENT_ID', 'the variable name is suggested from the key');
      assert.equal(doc.lineAt(0).text, `fn.set_env_from_secret("AZURE_CLIENT_ID", secret="${creds}", secret_key="client_id")`);

      editor.selection = new vscode.Selection(1, 0, 1, 0);
      s.host.script(pick(creds), pickMany('tenant_id'), input('/mnt/azure', [{ value: 'relative/path', expect: /absolute/ }]));
      await vscode.commands.executeCommand('mlrunSecrets.insertMountSecret');
      s.host.assertDone();
      assert.equal(doc.lineAt(1).text, `fn.apply(mlrun.platforms.mount_secret("${creds}", "/mnt/azure", volume_name="${creds}", items=[{"key": "tenant_id", "path": "tenant_id"}]))`);
      assert.ok(!doc.getText().includes('e2e-mlrun-app'), 'names only, never a value');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('Delete Secret removes the last key and with it the Secret', async () => {
    const key = (await find(s.api, 'Kubernetes', 'double-mlrun', 'demo', 'E2E_K8S_TOKEN'))!;
    s.host.script(modal('Delete', /This cannot be undone/));
    await vscode.commands.executeCommand('mlrunSecrets.deleteSecret', key);
    s.host.assertDone();
    const got = await kubeGet(`/api/v1/namespaces/${doubles().namespace}/secrets/mlrun-project-secrets-demo`);
    assert.equal(got.status, 404);
    assert.ok(!s.host.allText().includes(secret));
  });
});
