/**
 * "Missing" under a project: keys the code of the folders selecting this project reads (get_secret,
 * get_secret_or_env, kubernetes sources, YAML secret_sources) that the store lacks — exactly MLS004's findings, as
 * the language server's usage index computes them. Shown only when there is at least one. `contextValue`
 * `mlrunSecrets.missing`.
 */
import * as vscode from 'vscode';
import type { BackendKind, KeyUsageCount } from '../../../shared/src/protocol';
import type { NodeScope } from '../services';
import { MissingKeyNode } from './missingKeyNode';
import type { TreeModel } from './model';
import type { TreeNode } from './node';

export class MissingGroupNode implements TreeNode {
  readonly id: string;
  readonly scope: NodeScope;
  readonly #model: TreeModel;

  constructor(model: TreeModel, readonly parent: TreeNode, readonly backend: BackendKind, readonly project: string, readonly keys: readonly KeyUsageCount[]) {
    this.#model = model;
    this.id = `${parent.id}/missing`;
    this.scope = { backend, project };
  }

  treeItem(): vscode.TreeItem {
    // Collapsed: one row that says how many; the keys are a click away (the tree stays as short as the store's list).
    const item = new vscode.TreeItem('Missing', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = 'mlrunSecrets.missing';
    item.iconPath = new vscode.ThemeIcon('warning');
    item.description = `${this.keys.length} key${this.keys.length === 1 ? '' : 's'}`;
    item.tooltip = `Keys the workspace's code reads that project "${this.project}" does not hold: jobs reading them fail (MLS004). Set Secret… on one adds it.`;
    return item;
  }

  async children(): Promise<TreeNode[]> {
    return this.keys.map(k => this.#model.track(new MissingKeyNode(this, this.backend, this.project, k)));
  }
}
