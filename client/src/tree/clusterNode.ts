/**
 * The Kubernetes header under the backend: which context and namespace the project Secrets are read from (and
 * where the namespace came from), so a wrong namespace is visible at a glance. `contextValue` `mlrunSecrets.cluster`.
 */
import * as vscode from 'vscode';
import type { KubernetesBackend, KubernetesConnection } from '../backends/kubernetes/backend';
import { failureChildren, projectChildren } from './children';
import { MessageNode } from './messageNode';
import type { NodeScope, TreeModel } from './model';
import type { TreeNode } from './node';
import { ProjectNode } from './projectNode';

const NAMESPACE_SOURCES: Record<KubernetesConnection['namespaceSource'], string> = {
  setting: 'from mlrunSecrets.kubernetes.namespace',
  mlrunApi: "the MLRun API's namespace (client-spec)",
  confirmed: 'confirmed by you for this context',
  context: "the context's namespace; MLRun's is unknown, so the first write asks",
  default: "the default namespace; MLRun's is unknown, so the first write asks",
};

export class ClusterNode implements TreeNode {
  readonly id: string;
  readonly scope: NodeScope = { backend: 'kubernetes' };

  constructor(private readonly model: TreeModel, readonly parent: TreeNode, private readonly backend: KubernetesBackend, private readonly connection: KubernetesConnection) {
    this.id = `${parent.id}/c`;
  }

  treeItem(): vscode.TreeItem {
    const c = this.connection;
    const item = new vscode.TreeItem(c.context, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = `namespace ${c.namespace}`;
    item.contextValue = 'mlrunSecrets.cluster';
    item.iconPath = new vscode.ThemeIcon('server-environment');
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown('$(server-environment) Context **').appendText(c.context).appendMarkdown('**\n\n');
    tip.appendMarkdown('Namespace `').appendText(c.namespace).appendMarkdown(`\` (${NAMESPACE_SOURCES[c.namespaceSource]})\n\n`);
    tip.appendMarkdown('Server ').appendText(c.server).appendMarkdown('\n\n');
    tip.appendMarkdown(c.inCluster ? 'In-cluster service account' : 'Kubeconfig ').appendText(c.inCluster ? '' : c.files.join(', '));
    item.tooltip = tip;
    return item;
  }

  async children(): Promise<TreeNode[]> {
    const listed = await this.backend.listProjects();
    if (!listed.ok) return failureChildren(this, listed.error, 'kubernetes');
    const folder = await this.model.folderProjects();
    const names = [...new Set([...folder, ...listed.value])];
    names.sort((a, b) => Number(folder.has(b)) - Number(folder.has(a)) || a.localeCompare(b));
    const empty = new MessageNode(this, `${this.id}/!empty`, `No project Secrets in namespace ${this.connection.namespace} — Set Secret…`, {
      icon: 'add', command: { command: 'mlrunSecrets.setSecret', title: 'Set Secret…', arguments: [this] },
    });
    return projectChildren(this.model, this, names.map(p => new ProjectNode(this.model, this, 'kubernetes', p, folder.has(p))), empty);
  }
}
