/** A line of text in the tree ("No secrets yet", "Sign in…"), optionally running a command when clicked. */
import * as vscode from 'vscode';
import type { TreeNode } from './node';

export class MessageNode implements TreeNode {
  constructor(
    readonly parent: TreeNode | undefined,
    readonly id: string,
    private readonly text: string,
    private readonly options: { icon?: string; command?: vscode.Command; tooltip?: string } = {},
  ) {}

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = 'mlrunSecrets.message';
    item.iconPath = new vscode.ThemeIcon(this.options.icon ?? 'info');
    if (this.options.command) item.command = this.options.command;
    if (this.options.tooltip) item.tooltip = this.options.tooltip;
    return item;
  }
}
