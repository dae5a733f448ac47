/**
 * A secret's key. Shows the name and metadata only: a value is never fetched for the tree, and the tooltip says so.
 * `contextValue`: `mlrunSecrets.key`, `mlrunSecrets.key.mlrunOwned` (MLRun writes it: warn before deleting) or
 * `mlrunSecrets.key.disabled` (a disabled Key Vault secret). The description says how many places of the code name
 * the key, or "unused" (when the language server's usage index knows; nothing is ever deleted for that).
 */
import * as vscode from 'vscode';
import { envNamesText } from '../../../shared/src/mlrun';
import { lastPodNaming } from '../podNaming';
import type { BackendKind, KeyUsageCount } from '../../../shared/src/protocol';
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

/** "3 uses", "1 use". */
export function usesText(uses: KeyUsageCount): string {
  return `${uses.count} use${uses.count === 1 ? '' : 's'}`;
}

export class KeyNode implements TreeNode {
  readonly id: string;
  readonly scope: NodeScope;

  /**
   * `uses`: how the code names the key (count 0: unused); undefined when unknown (no usage index for this project:
   * the language server is not running, or no workspace folder selects the project).
   */
  constructor(readonly parent: TreeNode, readonly backend: BackendKind, readonly project: string, readonly key: KeyInfo, readonly vault?: string, readonly uses?: KeyUsageCount) {
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
    const state = k.disabled ? 'disabled' : k.mlrunOwned ? 'MLRun-owned' : undefined;
    const usage = this.uses && (this.uses.count ? usesText(this.uses) : 'unused');
    item.description = [state, usage].filter(Boolean).join(' · ') || undefined;
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
    if (this.uses) {
      tip.appendMarkdown(this.uses.count
        ? `\n\nNamed in ${usesText(this.uses)} of the workspace's code (Find Usages lists them).`
        : '\n\nUnused: no code in the workspace folders of this project names it (jobs elsewhere may still read it).');
    }
    tip.appendMarkdown('\n\n*Value hidden: MLRun Secrets never shows values.*');
    item.tooltip = tip;
    return item;
  }
}
