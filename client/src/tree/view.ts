/**
 * The tree view around the provider: selection (for Delete on several keys), the key filter (context key
 * `mlrunSecrets.filtered`, shown as the view's message), "load more", and refreshes when settings, sign-in state,
 * workspace trust, folder projects or keys change.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { keyFilter } from './filter';
import type { TreeNode } from './node';
import { SecretsTree, VIEW_ID } from './secretsTree';

/** What commands need from the view (attached to the context as `ctx.view`). */
export interface SecretsViewApi {
  readonly tree: SecretsTree;
  /** Nodes selected in the view. */
  selection(): readonly TreeNode[];
  filterText(): string | undefined;
  setFilter(text: string | undefined): Promise<void>;
  /** Shows the next page of a node's children. */
  loadMore(parent: TreeNode): void;
  refresh(node?: TreeNode): void;
}

export class SecretsView implements SecretsViewApi, vscode.Disposable {
  readonly tree: SecretsTree;
  private readonly view: vscode.TreeView<TreeNode>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: Ctx) {
    this.tree = new SecretsTree(ctx);
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this.tree, showCollapseAll: true, canSelectMany: true });
    this.disposables.push(this.tree, this.view);
    this.disposables.push(ctx.backends.onDidChange(() => this.refresh()));
    this.disposables.push(ctx.projects.onDidChange(() => this.refresh()));
    this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()));
    this.disposables.push(ctx.backends.onDidChangeKeys(change => {
      // A set or delete can add or remove a project too: re-read the backend's subtree (or everything).
      const backendNode = change.kind ? this.tree.model.node(`b/${change.kind}`) : undefined;
      this.refresh(backendNode);
    }));
  }

  selection(): readonly TreeNode[] {
    return this.view.selection;
  }

  filterText(): string | undefined {
    return this.tree.model.filter?.text;
  }

  async setFilter(text: string | undefined): Promise<void> {
    const filter = keyFilter(text ?? '');
    this.tree.model.filter = filter;
    this.view.message = filter ? `Showing keys matching "${filter.text}"` : undefined;
    await vscode.commands.executeCommand('setContext', 'mlrunSecrets.filtered', !!filter);
    this.ctx.log.info(filter ? `tree filter: ${filter.text}` : 'tree filter cleared');
    this.tree.refresh();
  }

  loadMore(parent: TreeNode): void {
    this.tree.model.showMore(parent.id);
    // Only the limit changed: cached lists stay.
    this.tree.redraw(parent);
  }

  refresh(node?: TreeNode): void {
    this.tree.refresh(node);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
