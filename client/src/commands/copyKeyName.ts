/**
 * Copy Key Name (key nodes): the key's name only — never a value. The clipboard is cleared after
 * `mlrunSecrets.clipboardTimeoutSeconds` if it still holds the name (0 keeps it).
 */
import { Commands } from '../../../shared/src/ids';
import * as vscode from 'vscode';
import { setting } from '../config';
import { KeyNode } from '../tree/keyNode';
import type { CommandFactory } from './command';
import { ClipboardClearer } from './support/clipboard';

export const copyKeyName: CommandFactory = ctx => {
  const clearer = new ClipboardClearer(vscode.env.clipboard);
  ctx.own({ dispose: () => clearer.cancel() });
  return {
    id: Commands.copyKeyName,
    title: 'Copy Key Name',
    async run(node?: unknown, selected?: unknown) {
      const nodes = (Array.isArray(selected) && selected.length ? selected : [node]).filter((n): n is KeyNode => n instanceof KeyNode);
      if (nodes.length === 0) {
        void ctx.host.showInformationMessage('MLRun Secrets: Copy Key Name works on keys in the MLRun Secrets view.');
        return undefined;
      }
      const text = nodes.map(n => n.name).join('\n');
      const seconds = Math.max(0, Number(setting('clipboardTimeoutSeconds')) || 0);
      await clearer.copy(text, seconds);
      const what = nodes.length === 1 ? `"${nodes[0]!.name}"` : `${nodes.length} key names`;
      vscode.window.setStatusBarMessage(`$(copy) Copied ${what}${seconds ? `; the clipboard clears in ${seconds} s` : ''}`, 4000);
      return { text, cleared: clearer.lastClear };
    },
  };
};
