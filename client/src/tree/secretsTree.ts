/**
 * The sidebar tree `mlrunSecrets.secrets`: backend → (cluster header) → project → keys. Values are never shown.
 * Root nodes come from `roots()`, which the backend registry provides; an empty root shows the welcome view.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { TreeNode } from './node';

export const VIEW_ID = 'mlrunSecrets.secrets';

export class SecretsTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly ctx: Ctx,
    private readonly roots: () => Promise<TreeNode[]>,
  ) {}

  refresh(node?: TreeNode): void {
    this.changed.fire(node);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return node.treeItem();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.children ? node.children() : [];
    const roots = await this.roots();
    await vscode.commands.executeCommand('setContext', 'mlrunSecrets.hasBackend', roots.length > 0);
    return roots;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  dispose(): void {
    this.changed.dispose();
    this.ctx.log.trace('tree disposed');
  }
}
