/**
 * A key the code reads that the store lacks (under Missing). Clicking it, or Set Secret… on it, sets that key
 * (preset); Find Usages lists where the code reads it. `contextValue` `mlrunSecrets.missingKey`.
 */
import * as vscode from 'vscode';
import { Commands } from '../../../shared/src/ids';
import type { BackendKind, KeyUsageCount } from '../../../shared/src/protocol';
import type { NodeScope } from '../services';
import type { TreeNode } from './node';
import { usesText } from './keyNode';

export class MissingKeyNode implements TreeNode {
  readonly id: string;
  readonly scope: NodeScope;

  constructor(readonly parent: TreeNode, readonly backend: BackendKind, readonly project: string, readonly uses: KeyUsageCount) {
    this.id = `${parent.id}/${uses.key}`;
    this.scope = { backend, project };
  }

  get name(): string {
    return this.uses.key;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = 'mlrunSecrets.missingKey';
    item.iconPath = new vscode.ThemeIcon('key', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    item.description = `missing · ${usesText(this.uses)}`;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown('$(warning) **').appendText(this.name).appendMarkdown(`** is read by the code but is not a secret of project \`${this.project}\`.\n\n`);
    tip.appendMarkdown('Click to set it (Set Secret…), or Find Usages to see where it is read.');
    item.tooltip = tip;
    item.command = { command: Commands.setSecret, title: 'Set Secret…', arguments: [this] };
    return item;
  }
}
