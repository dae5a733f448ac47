/**
 * An Azure Key Vault the user added to a project (`mlrunSecrets.azure.vaults`). Children: its secret names
 * (properties only; disabled ones marked). `contextValue` `mlrunSecrets.vault`.
 */
import * as vscode from 'vscode';
import type { KeyInfo, Result } from '../backends/types';
import { keyChildren, type FilterableProject } from './children';
import type { NodeScope } from '../services';
import type { TreeModel } from './model';
import type { TreeNode } from './node';

export class VaultNode implements FilterableProject {
  readonly id: string;
  readonly stableId: string;
  readonly scope: NodeScope;
  readonly #model: TreeModel;

  constructor(model: TreeModel, readonly parent: TreeNode & { stableId?: string }, readonly project: string, readonly vault: string) {
    this.#model = model;
    this.stableId = `${parent.stableId ?? parent.id}/v/${vault}`;
    this.id = model.filter ? `${this.stableId}?filtered` : this.stableId;
    this.scope = { backend: 'azure', project, vault };
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.vault, this.#model.filter ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = 'mlrunSecrets.vault';
    item.iconPath = new vscode.ThemeIcon('database');
    item.description = 'Key Vault';
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`$(database) Azure Key Vault **`).appendText(this.vault).appendMarkdown(`** · project \`${this.project}\``);
    tip.appendMarkdown('\n\nMLRun reads it with `with_secrets("azure_vault", {"name": "').appendText(this.vault).appendMarkdown('", …})`.');
    item.tooltip = tip;
    return item;
  }

  private keys(): Promise<Result<KeyInfo[]>> {
    return this.#model.services.keys.get({ backend: 'azure', project: this.project, vault: this.vault });
  }

  async hasMatchingKey(): Promise<boolean> {
    const keys = await this.keys();
    return keys.ok && keys.value.some(k => this.#model.filter?.matches(k.name) ?? true);
  }

  async children(): Promise<TreeNode[]> {
    return keyChildren(this.#model, this, await this.keys(), 'azure', this.project, this.vault);
  }
}
