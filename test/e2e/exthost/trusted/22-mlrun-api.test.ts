/**
 * The MLRun API backend end to end, against the MLRun API double (HTTPS with the test CA in
 * `mlrunSecrets.mlrunApi.caFile`, bearer auth): Select MLRun Endpoint (no credentials in settings), the unauthorized
 * error node with its Sign-in action, Sign in (rejected credentials are not kept) / Sign out (SecretStorage only),
 * projects from the API, Set/Delete (seen by Kubernetes, as MLRun stores them), and the Kubernetes namespace taken
 * from the API's client-spec.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { credentialEntry } from '../../../../client/src/backends/mlrunApi/auth';
import { canary } from '../../util/canary';
import { doubles, kubeGet } from '../../util/doubles';
import { input, modal, pick } from '../../util/scriptedHost';
import { setSettings } from '../../util/settings';
import { children, find, itemOf, labels } from '../../util/tree';
import { waitFor } from '../../util/wait';
import { useScriptedHost } from '../scripted';

describe('MLRun API backend: endpoint, sign-in, tree and commands', () => {
  const s = useScriptedHost();
  const secret = canary('mlrun');
  let restore: () => Promise<void>;
  const stored = () => s.api.ctx.extension.secrets.get(credentialEntry(doubles().mlrunUrl));

  before(async () => {
    restore = await setSettings({ 'backend': undefined, 'mlrunApi.endpoint': undefined, 'kubernetes.context': undefined });
  });
  after(async () => {
    await s.api.ctx.extension.secrets.delete(credentialEntry(doubles().mlrunUrl));
    await restore();
  });

  it('Select MLRun Endpoint refuses credentials in the URL and makes the MLRun API the active backend', async () => {
    const url = doubles().mlrunUrl;
    s.host.script(
      pick('$(edit) Enter a URL…'),
      input(url, [
        { value: 'https://admin:hunter2@mlrun.example.com', expect: /Put no user name or password in the URL/ },
        { value: 'mlrun.example.com', expect: /is not a URL/ },
        { value: 'ftp://mlrun.example.com', expect: /must start with http:\/\/ or https:\/\// },
      ]),
    );
    await vscode.commands.executeCommand('mlrunSecrets.selectEndpoint');
    s.host.assertDone();
    assert.equal(vscode.workspace.getConfiguration('mlrunSecrets').inspect('mlrunApi.endpoint')?.globalValue, url);
    await waitFor(() => s.api.ctx.backends.active() === 'mlrunApi', 'the MLRun API to become active');
    assert.match(s.host.last('info')!.text, /Sign in if it needs credentials/);
    await waitFor(() => s.api.statusBar.text.includes(`MLRun API: ${new URL(url).host}`), 'the status bar');
  });

  it('shows "not authorized" with a Sign-in action until signed in', async () => {
    const kids = await waitFor(async () => {
      const root = await find(s.api, 'MLRun API');
      const k = root ? await children(s.api, root) : [];
      return k.length === 2 ? k : undefined;
    }, 'the error node');
    const error = await itemOf(s.api, kids[0]!);
    assert.equal(error.contextValue, 'mlrunSecrets.error');
    const hint = await itemOf(s.api, kids[1]!);
    assert.equal(hint.label, 'Sign in to the MLRun API…');
    assert.equal(hint.command?.command, 'mlrunSecrets.signIn');
  });

  it('Sign in does not keep rejected credentials, keeps good ones in SecretStorage only', async () => {
    s.host.script(pick('Token or access key'), input('wrong-token'));
    assert.equal(await vscode.commands.executeCommand('mlrunSecrets.signIn'), undefined);
    s.host.assertDone();
    assert.match(s.host.last('error')!.text, /Sign-in to .* failed; the credentials were not kept/);
    assert.equal(await stored(), undefined);

    s.host.script(pick('Token or access key'), input(doubles().mlrunToken));
    await vscode.commands.executeCommand('mlrunSecrets.signIn');
    s.host.assertDone();
    assert.equal(s.host.prompts.filter(p => p.kind === 'inputBox').every(p => p.password), true, 'tokens are typed into masked boxes');
    assert.match(s.host.last('info')!.text, /Signed in to /);
    assert.ok((await stored())?.includes(doubles().mlrunToken));
    const settings = JSON.stringify(vscode.workspace.getConfiguration('mlrunSecrets'));
    assert.ok(!settings.includes(doubles().mlrunToken), 'no credential in settings');
  });

  it('lists the API\'s projects, the folder\'s first, and Set Secret stores as MLRun does (Kubernetes sees it)', async () => {
    await waitFor(async () => (await labels(s.api, (await find(s.api, 'MLRun API'))!)).join() === 'demo,analytics', 'the projects');
    const project = (await find(s.api, 'MLRun API', 'demo'))!;
    s.host.script(input('E2E_API_KEY'), input(secret));
    await vscode.commands.executeCommand('mlrunSecrets.setSecret', project);
    s.host.assertDone();
    assert.match(s.host.last('info')!.text, /Set "E2E_API_KEY" in project "demo" at the MLRun API https:\/\/127\.0\.0\.1:\d+/);
    const got = await kubeGet(`/api/v1/namespaces/${doubles().namespace}/secrets/mlrun-project-secrets-demo`);
    assert.equal(Buffer.from(got.body.data.E2E_API_KEY, 'base64').toString('utf8'), secret);
    await waitFor(() => find(s.api, 'MLRun API', 'demo', 'E2E_API_KEY'), 'the key in the tree');
  });

  it('Kubernetes takes the namespace from the MLRun API\'s client-spec when none is set', async () => {
    const undo = await setSettings({ 'kubernetes.namespace': undefined, 'kubernetes.context': 'double' });
    try {
      const k8s = await s.api.ctx.backends.kubernetes();
      assert.ok(k8s.ok, k8s.ok ? '' : k8s.error.message);
      assert.equal(k8s.value.connection()?.namespace, doubles().namespace);
      assert.equal(k8s.value.connection()?.namespaceSource, 'mlrunApi');
      const keys = await k8s.value.listKeys('demo');
      assert.ok(keys.ok);
      assert.deepEqual(keys.value.map(k => k.name), ['E2E_API_KEY']);
    } finally {
      await undo();
    }
  });

  it('Delete Secret deletes through the API; Sign out forgets the credentials', async () => {
    const key = (await find(s.api, 'MLRun API', 'demo', 'E2E_API_KEY'))!;
    s.host.script(modal('Delete'));
    assert.deepEqual(await vscode.commands.executeCommand('mlrunSecrets.deleteSecret', key), ['E2E_API_KEY']);
    s.host.assertDone();
    const got = await kubeGet(`/api/v1/namespaces/${doubles().namespace}/secrets/mlrun-project-secrets-demo`);
    assert.equal(got.status, 404);

    assert.equal(await vscode.commands.executeCommand('mlrunSecrets.signOut'), true);
    assert.equal(await stored(), undefined);
    await waitFor(async () => (await labels(s.api, (await find(s.api, 'MLRun API'))!)).includes('Sign in to the MLRun API…'), 'the sign-in action again');
    assert.ok(!s.host.allText().includes(secret));
    assert.ok(!s.host.allText().includes(doubles().mlrunToken), 'the token is in no message');
  });
});
