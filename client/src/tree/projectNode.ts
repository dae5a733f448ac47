/**
 * An MLRun project of a backend. Children: its keys, or for Azure its vaults. The project of a workspace folder is
 * described as "this folder" and starts expanded. `contextValue` `mlrunSecrets.project`.
 */
import { Commands } from '../../../shared/src/ids';
import * as vscode from 'vscode';
import { projectSecretName } from '../../../shared/src/mlrun';
import type { BackendKind } from '../../../shared/src/protocol';
import { setting } from '../config';
import { BACKEND_LABELS } from '../backendKinds';
import type { KeyInfo, Result } from '../backends/types';
import { failureChildren, keyChildren, mapLimited, projectChildren, type FilterableProject } from './children';
import { MessageNode } from './messageNode';
import { MissingGroupNode } from './missingGroupNode';
import type { NodeScope } from '../services';
import type { TreeModel } from './model';
import type { TreeNode } from './node';
import { VaultNode } from './vaultNode';

export class ProjectNode implements FilterableProject {
  readonly id: string;
  /** Id without the filter mark: stable whether or not a filter is active. */
  readonly stableId: string;
  readonly scope: NodeScope;
  readonly #model: TreeModel;

  constructor(model: TreeModel, readonly parent: TreeNode, readonly backend: BackendKind, readonly project: string, readonly ofFolder: boolean) {
    this.#model = model;
    this.stableId = `${parent.id}/p/${project}`;
    // A filter gives the nodes new ids, so VS Code shows them expanded (it remembers expansion per id).
    this.id = model.filter ? `${this.stableId}?filtered` : this.stableId;
    this.scope = { backend, project };
  }

  treeItem(): vscode.TreeItem {
    const expanded = this.ofFolder || !!this.#model.filter;
    const item = new vscode.TreeItem(this.project, expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.contextValue = 'mlrunSecrets.project';
    item.iconPath = new vscode.ThemeIcon('project');
    if (this.ofFolder) item.description = 'this folder';
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`$(project) MLRun project **${this.project}** · ${BACKEND_LABELS[this.backend]}`);
    if (this.backend === 'kubernetes') {
      tip.appendMarkdown('\n\nKubernetes Secret `').appendText(projectSecretName(this.project, setting('kubernetes.projectSecretName').trim() || undefined)).appendMarkdown('`');
    }
    if (this.ofFolder) tip.appendMarkdown('\n\nThe project of a workspace folder.');
    item.tooltip = tip;
    return item;
  }

  private backendKeys(): Promise<Result<KeyInfo[]>> {
    return this.#model.services.keys.get({ backend: this.backend, project: this.project });
  }

  private async vaults(): Promise<Result<VaultNode[]>> {
    const b = await this.#model.services.backends.azure();
    if (!b.ok) return b;
    const names = b.value.listVaults(this.project);
    if (!names.ok) return names;
    return { ok: true, value: names.value.map(v => new VaultNode(this.#model, this, this.project, v)) };
  }

  async hasMatchingKey(): Promise<boolean> {
    if (this.backend === 'azure') {
      const vaults = await this.vaults();
      if (!vaults.ok) return false;
      return (await mapLimited(vaults.value, 4, v => v.hasMatchingKey())).some(Boolean);
    }
    const keys = await this.backendKeys();
    return keys.ok && keys.value.some(k => this.#model.filter?.matches(k.name) ?? true);
  }

  async children(): Promise<TreeNode[]> {
    if (this.backend === 'azure') {
      const vaults = await this.vaults();
      if (!vaults.ok) return failureChildren(this, vaults.error, 'azure');
      const none = new MessageNode(this, `${this.id}/!empty`, 'No vault yet — Add Azure Key Vault…', {
        icon: 'add', command: { command: Commands.addVault, title: 'Add Azure Key Vault…', arguments: [this] },
      });
      return projectChildren(this.#model, this, vaults.value, none);
    }
    const [keys, usages] = await Promise.all([this.backendKeys(), this.#model.services.usages.get(this.backend, this.project)]);
    const known = usages && usages.folders > 0 ? usages : undefined;
    const uses = known && new Map(known.keys.map(k => [k.key, k]));
    const nodes = keyChildren(this.#model, this, keys, this.backend, this.project, undefined, uses);
    const missing = keys.ok && !this.#model.filter ? known?.missing?.map(k => uses!.get(k)!).filter(Boolean) ?? [] : [];
    // After the keys (and "Load more"), so the store's own list reads as before.
    return missing.length ? [...nodes, this.#model.track(new MissingGroupNode(this.#model, this, this.backend, this.project, missing))] : nodes;
  }
}
