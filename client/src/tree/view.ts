/**
 * The tree view around the provider: selection (for Delete on several keys), the key filter (context key
 * `mlrunSecrets.filtered`, shown as the view's message), "load more", and redraws when settings, sign-in state,
 * workspace trust, folder projects or key lists (keys/keyCache.ts) change.
 */
import * as vscode from 'vscode';
import { ContextKeys, Views } from '../../../shared/src/ids';
import type { KeyScope } from '../keys/keyCache';
import type { Services } from '../services';
import { keyFilter } from './filter';
import type { TreeNode } from './node';
import { SecretsTree } from './secretsTree';

/** What commands need from the view (`ctx.view`). */
export interface SecretsViewApi {
  readonly tree: SecretsTree;
  /** Nodes selected in the view. */
  selection(): readonly TreeNode[];
  filterText(): string | undefined;
  setFilter(text: string | undefined): Promise<void>;
  /** Shows the next page of a node's children. */
  loadMore(parent: TreeNode): void;
  /** Re-reads a node's children (or everything) from the stores. */
  refresh(node?: TreeNode): void;
}

export class SecretsView implements SecretsViewApi, vscode.Disposable {
  readonly tree: SecretsTree;
  private readonly view: vscode.TreeView<TreeNode>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: Services) {
    this.tree = new SecretsTree(services);
    this.view = vscode.window.createTreeView(Views.secrets, { treeDataProvider: this.tree, showCollapseAll: true, canSelectMany: true });
    this.disposables.push(this.tree, this.view);
    this.disposables.push(services.backends.onDidChange(() => this.refresh()));
    this.disposables.push(services.projects.onDidChange(() => {
      this.tree.model.forgetFolderProjects();
      this.tree.redraw();
    }));
    this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()));
    this.disposables.push(services.keys.onDidChange(scope => this.keysChanged(scope)));
  }

  /** Redraws the nodes showing a changed key list from the cache; a project not shown yet re-lists its backend. */
  private keysChanged(scope: KeyScope | undefined): void {
    if (!scope) return this.tree.redraw();
    const shown = this.tree.model.nodesFor(scope).filter(n => n.children && n.scope?.project !== undefined);
    if (shown.length) for (const n of shown) this.tree.redraw(n);
    else this.tree.redraw(this.tree.model.node(`b/${scope.backend}`));
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
    await vscode.commands.executeCommand('setContext', ContextKeys.filtered, !!filter);
    this.services.log.info(filter ? `tree filter: ${filter.text}` : 'tree filter cleared');
    this.tree.redraw();
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
