/**
 * The sidebar tree `mlrunSecrets.secrets`: backend → (cluster header) → project → (vault) → keys. Values are never
 * shown. Roots are the backends the registry reports as configured; none (or Restricted Mode, where no store is
 * contacted) leaves the tree empty, which shows the welcome view.
 */
import * as vscode from 'vscode';
import { ContextKeys } from '../../../shared/src/ids';
import type { Services } from '../services';
import { BackendNode } from './backendNode';
import { TreeModel } from './model';
import type { TreeNode } from './node';

export class SecretsTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly model: TreeModel;

  constructor(private readonly services: Services) {
    this.model = new TreeModel(services);
  }

  /** Re-reads a node's children (or the whole tree), forgetting the key lists under it. */
  refresh(node?: TreeNode): void {
    if (!node) this.model.forgetFolderProjects();
    this.services.keys.invalidate(node?.scope ?? {});
    this.changed.fire(node);
  }

  /** Re-renders a node's children from what is cached. */
  redraw(node?: TreeNode): void {
    this.changed.fire(node);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return node.treeItem();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) {
      try {
        return node.children ? await node.children() : [];
      } catch (e) {
        // Backends return typed failures; this is the last resort (e.g. a bundle that failed to load).
        this.services.log.error(`tree: listing ${node.id} failed: ${e instanceof Error ? e.message : String(e)}`);
        return [];
      }
    }
    const roots = vscode.workspace.isTrusted
      ? (await this.services.backends.configured()).map(kind => this.model.track(new BackendNode(this.model, kind)))
      : [];
    await vscode.commands.executeCommand('setContext', ContextKeys.hasBackend, roots.length > 0);
    return roots;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  dispose(): void {
    this.changed.dispose();
    this.services.log.trace('tree disposed');
  }
}
