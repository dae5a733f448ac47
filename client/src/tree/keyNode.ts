/**
 * A secret's key. Shows the name and metadata only: a value is never fetched for the tree, and the tooltip says so.
 * `contextValue`: `mlrunSecrets.key`, `mlrunSecrets.key.mlrunOwned` (MLRun writes it: warn before deleting) or
 * `mlrunSecrets.key.disabled` (a disabled Key Vault secret).
 */
import * as vscode from 'vscode';
import { envNamesText } from '../../../shared/src/mlrun';
import { lastPodNaming } from '../podNaming';
import type { BackendKind } from '../../../shared/src/protocol';
import type { KeyInfo } from '../backends/types';
import type { NodeScope } from '../services';
import type { TreeNode } from './node';
import { ownValue } from '../../../shared/src/records';

const DETAIL_LABELS: Record<string, string> = {
  secret: 'Kubernetes Secret',
  namespace: 'Namespace',
  vault: 'Vault',
  updated: 'Updated',
  created: 'Created',
  contentType: 'Content type',
  expires: 'Expires',
  notBefore: 'Not before',
};

export class KeyNode implements TreeNode {
  readonly id: string;
  readonly scope: NodeScope;

  constructor(readonly parent: TreeNode, readonly backend: BackendKind, readonly project: string, readonly key: KeyInfo, readonly vault?: string) {
    this.id = `${parent.id}/k/${key.name}`;
    this.scope = { backend, project, ...(vault ? { vault } : {}) };
  }

  get name(): string {
    return this.key.name;
  }

  treeItem(): vscode.TreeItem {
    const k = this.key;
    const item = new vscode.TreeItem(k.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = k.disabled ? 'mlrunSecrets.key.disabled' : k.mlrunOwned ? 'mlrunSecrets.key.mlrunOwned' : 'mlrunSecrets.key';
    item.iconPath = new vscode.ThemeIcon(k.disabled ? 'circle-slash' : k.mlrunOwned ? 'shield' : 'key');
    item.description = k.disabled ? 'disabled' : k.mlrunOwned ? 'MLRun-owned' : undefined;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`$(key) **`).appendText(k.name).appendMarkdown(`**\n\n`);
    tip.appendMarkdown(`Project \`${this.project}\``);
    if (this.vault) tip.appendMarkdown(` · vault \`${this.vault}\``);
    tip.appendMarkdown('\n\n');
    if (this.backend === 'kubernetes' || this.backend === 'mlrunApi') {
      const pods = lastPodNaming();
      tip.appendMarkdown(`In job pods${pods.version ? ` (MLRun ${pods.version})` : ''}: ${envNamesText(k.name, pods.naming, n => `\`${n}\``)}\n\n`);
    }
    for (const [name, value] of Object.entries(k.detail ?? {})) {
      if (name === 'vault' && this.vault) continue;
      tip.appendMarkdown(`${ownValue(DETAIL_LABELS, name) ?? name}: `).appendText(value).appendMarkdown('  \n');
    }
    if (k.disabled) tip.appendMarkdown('\n\nDisabled: MLRun\'s `azure_vault` provider skips it.');
    if (k.mlrunOwned) tip.appendMarkdown('\n\n$(warning) MLRun writes this key itself (datastore profile or model monitoring); deleting it breaks that feature.');
    tip.appendMarkdown('\n\n*Value hidden: MLRun Secrets never shows values.*');
    item.tooltip = tip;
    return item;
  }
}
