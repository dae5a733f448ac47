/**
 * A secret store at the root of the tree. The active backend (`mlrunSecrets.backend`, used by palette commands)
 * is marked and starts expanded. `contextValue` `mlrunSecrets.backend.<kind>[.active]`.
 */
import { Commands } from '../../../shared/src/ids';
import * as vscode from 'vscode';
import type { BackendKind } from '../../../shared/src/protocol';
import { BACKEND_LABELS } from '../backendKinds';
import { resolveMlrunEndpoint } from '../backends/mlrunApi/endpoint';
import { setting } from '../config';
import { failureChildren, projectChildren } from './children';
import { ClusterNode } from './clusterNode';
import { MessageNode } from './messageNode';
import type { NodeScope } from '../services';
import type { TreeModel } from './model';
import type { TreeNode } from './node';
import { ProjectNode } from './projectNode';

const ICONS: Record<BackendKind, string> = { local: 'lock', kubernetes: 'cloud', mlrunApi: 'globe', azure: 'azure' };

const AZURE_CREDENTIALS = { kubernetesSecret: 'Kubernetes Secret', microsoftAccount: 'Microsoft account', defaultAzureCredential: 'DefaultAzureCredential' };

export class BackendNode implements TreeNode {
  readonly id: string;
  readonly scope: NodeScope;
  readonly parent = undefined;
  readonly #model: TreeModel;

  constructor(model: TreeModel, readonly kind: BackendKind) {
    this.#model = model;
    this.id = `b/${kind}`;
    this.scope = { backend: kind };
  }

  private get active(): boolean {
    return this.#model.services.backends.active() === this.kind;
  }

  /** Where the backend points, from settings only (no network). */
  private where(): string {
    switch (this.kind) {
      case 'local':
        return 'this machine';
      case 'kubernetes':
        return setting('kubernetes.context').trim() || 'current context';
      case 'mlrunApi': {
        const ep = resolveMlrunEndpoint({ setting: setting('mlrunApi.endpoint') });
        if (!ep.ok) return 'endpoint not usable';
        if (!ep.value) return 'no endpoint';
        try {
          return new URL(ep.value.url).host;
        } catch {
          return ep.value.url;
        }
      }
      case 'azure': {
        const kind = setting('azure.credential');
        const name = AZURE_CREDENTIALS[kind] ?? String(kind);
        const secret = setting('azure.credentialSecret').trim();
        return kind === 'kubernetesSecret' && secret ? `${name} ${secret}` : name;
      }
    }
  }

  treeItem(): vscode.TreeItem {
    const active = this.active;
    const item = new vscode.TreeItem(BACKEND_LABELS[this.kind], active ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = `${this.where()}${active ? ' · active' : ''}`;
    item.contextValue = `mlrunSecrets.backend.${this.kind}${active ? '.active' : ''}`;
    item.iconPath = new vscode.ThemeIcon(ICONS[this.kind]);
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`$(${ICONS[this.kind]}) **${BACKEND_LABELS[this.kind]}** · `).appendText(this.where());
    tip.appendMarkdown(active
      ? '\n\nThe active backend: Set Secret… and the other palette commands use it.'
      : '\n\nSelect Backend… (or the status bar item) makes it the active backend.');
    item.tooltip = tip;
    return item;
  }

  async children(): Promise<TreeNode[]> {
    const backends = this.#model.services.backends;
    switch (this.kind) {
      case 'local': {
        const listed = await backends.local().listProjects();
        if (!listed.ok) return failureChildren(this, listed.error, 'local');
        return this.projects(listed.value, true, 'No secrets yet — Set Secret…', Commands.setSecret);
      }
      case 'kubernetes': {
        const k8s = await backends.kubernetes();
        if (!k8s.ok) return failureChildren(this, k8s.error, 'kubernetes', 'kubernetes');
        const connection = k8s.value.connection();
        if (!connection) return [];
        return [this.#model.track(new ClusterNode(this.#model, this, k8s.value, connection))];
      }
      case 'mlrunApi': {
        const api = await backends.mlrunApi();
        if (!api.ok) return failureChildren(this, api.error, 'mlrunApi', 'mlrunApi');
        const listed = await api.value.listProjects();
        if (!listed.ok) return failureChildren(this, listed.error, 'mlrunApi');
        return this.projects(listed.value, false, 'No projects on this MLRun API', undefined);
      }
      case 'azure': {
        const az = await backends.azure();
        if (!az.ok) return failureChildren(this, az.error, 'azure', 'azure');
        const listed = await az.value.listProjects();
        if (!listed.ok) return failureChildren(this, listed.error, 'azure');
        return this.projects(listed.value, false, 'No vault yet — Add Azure Key Vault…', Commands.addVault);
      }
    }
  }

  private async projects(listed: string[], withFolderProjects: boolean, emptyText: string, emptyCommand: string | undefined): Promise<TreeNode[]> {
    const folder = await this.#model.folderProjects();
    const names = [...new Set([...(withFolderProjects ? folder : []), ...listed])];
    names.sort((a, b) => Number(folder.has(b)) - Number(folder.has(a)) || a.localeCompare(b));
    const empty = new MessageNode(this, `${this.id}/!empty`, emptyText, {
      icon: emptyCommand ? 'add' : 'info',
      ...(emptyCommand ? { command: { command: emptyCommand, title: emptyText, arguments: [this] } } : {}),
    });
    return projectChildren(this.#model, this, names.map(p => new ProjectNode(this.#model, this, this.kind, p, folder.has(p))), empty);
  }
}
