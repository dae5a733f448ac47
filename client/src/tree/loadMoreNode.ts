/** "Load more…" at the end of a long list: shows the next page of the parent's children. */
import { Commands } from '../../../shared/src/ids';
import * as vscode from 'vscode';
import type { TreeNode } from './node';
import { PAGE_SIZE } from './paging';

export class LoadMoreNode implements TreeNode {
  readonly id: string;

  constructor(readonly parent: TreeNode, private readonly shown: number, private readonly hidden: number, private readonly what: string) {
    this.id = `${parent.id}/!more`;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(`Load ${Math.min(PAGE_SIZE, this.hidden)} more ${this.what}…`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `${this.shown} of ${this.shown + this.hidden} shown`;
    item.contextValue = 'mlrunSecrets.loadMore';
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.command = { command: Commands.loadMore, title: 'Load More', arguments: [this] };
    return item;
  }
}
