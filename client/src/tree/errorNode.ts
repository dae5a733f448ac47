/**
 * A failure shown in place of a node's children: the backend's one-sentence message (never a value), a Retry
 * action (inline and on click), and the kind of backend to reconnect when the failure was about the connection.
 */
import { Commands } from '../../../shared/src/ids';
import * as vscode from 'vscode';
import type { BackendKind } from '../../../shared/src/protocol';
import type { Failure } from '../backends/types';
import type { TreeNode } from './node';

export class ErrorNode implements TreeNode {
  readonly id: string;

  constructor(readonly parent: TreeNode, readonly failure: Failure, readonly reconnect?: BackendKind) {
    this.id = `${parent.id}/!error`;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.failure.message, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = 'mlrunSecrets.error';
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.tooltip = new vscode.MarkdownString().appendText(this.failure.message).appendMarkdown('\n\n*Click to retry.*');
    item.command = { command: Commands.retry, title: 'Retry', arguments: [this] };
    return item;
  }
}
