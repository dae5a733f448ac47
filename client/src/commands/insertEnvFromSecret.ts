/**
 * Insert set_env_from_secret Snippet…: for a Secret MLRun does not manage, picks the Secret and a key in the
 * connected namespace, asks the variable name, and inserts `fn.set_env_from_secret("ENV", secret=…, secret_key=…)`
 * (docs/mlrun-facts.md §7.1). Names only: nothing reads a value.
 */
import { Commands } from '../../../shared/src/ids';
import * as vscode from 'vscode';
import { REACHES_STORE, type CommandFactory } from './command';
import { codeEditor } from './support/editor';
import { pickKubernetesSecret } from './support/kubeSecrets';
import { envFromSecretSnippet, suggestEnvName, validateEnvName } from './support/snippets';

export const insertEnvFromSecret: CommandFactory = ctx => ({
  id: Commands.insertEnvFromSecret,
  title: 'Insert set_env_from_secret Snippet…',
  restricted: REACHES_STORE,
  async run() {
    const editor = codeEditor(ctx);
    if (!editor) return undefined;
    const secret = await pickKubernetesSecret(ctx, 'set_env_from_secret');
    if (!secret) return undefined;
    if (secret.keys.length === 0) {
      void ctx.host.showInformationMessage(`MLRun Secrets: Secret "${secret.name}" has no keys.`);
      return undefined;
    }
    const key = await ctx.host.showQuickPick(secret.keys.map(k => ({ label: k })), {
      title: `set_env_from_secret: key of Secret "${secret.name}"`, placeHolder: 'Key', ignoreFocusOut: true,
    });
    if (!key) return undefined;
    const env = await ctx.host.showInputBox({
      title: 'set_env_from_secret: environment variable',
      prompt: `Name of the variable the job sees (its value comes from ${secret.name}/${key.label} when the pod starts)`,
      value: suggestEnvName(key.label),
      ignoreFocusOut: true,
      validateInput: validateEnvName,
    });
    if (!env) return undefined;
    const snippet = envFromSecretSnippet(env, secret.name, key.label);
    await editor.insertSnippet(new vscode.SnippetString(snippet));
    return snippet;
  },
});
