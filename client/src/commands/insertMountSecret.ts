/**
 * Insert mount_secret Snippet…: picks a Secret in the connected namespace and, optionally, the keys to project,
 * asks the mount path, and inserts `fn.apply(mlrun.platforms.mount_secret(…))` with a volume name of its own
 * (MLRun keys volumes by name, so two mounts with the default name overwrite each other; §7.2).
 */
import { Commands } from '../../../shared/src/ids';
import * as vscode from 'vscode';
import { REACHES_STORE, type CommandFactory } from './command';
import { codeEditor } from './support/editor';
import { pickKubernetesSecret } from './support/kubeSecrets';
import { mountSecretSnippet, validateMountPath, volumeNameFor } from './support/snippets';

export const insertMountSecret: CommandFactory = ctx => ({
  id: Commands.insertMountSecret,
  title: 'Insert mount_secret Snippet…',
  restricted: REACHES_STORE,
  async run() {
    const editor = codeEditor(ctx);
    if (!editor) return undefined;
    const secret = await pickKubernetesSecret(ctx, 'mount_secret');
    if (!secret) return undefined;
    let keys: string[] = [];
    if (secret.keys.length) {
      const picked = await ctx.host.showQuickPick(secret.keys.map(k => ({ label: k })), {
        canPickMany: true,
        title: `mount_secret: keys of "${secret.name}" to mount as files`,
        placeHolder: 'Pick keys, or none to mount every key as a file',
        ignoreFocusOut: true,
      });
      if (!picked) return undefined;
      keys = picked.map(p => p.label);
    }
    const mountPath = await ctx.host.showInputBox({
      title: 'mount_secret: mount path',
      prompt: `Folder the files appear in (volume "${volumeNameFor(secret.name)}")`,
      value: `/mnt/secrets/${secret.name}`,
      ignoreFocusOut: true,
      validateInput: validateMountPath,
    });
    if (!mountPath) return undefined;
    const snippet = mountSecretSnippet(secret.name, mountPath, keys);
    await editor.insertSnippet(new vscode.SnippetString(snippet));
    return snippet;
  },
});
