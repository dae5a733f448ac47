/**
 * What every node of the sidebar tree shares: the services, the key filter, "load more" limits, the projects of the
 * workspace folders, and the latest node object per id (so a refresh can name a node by what it shows). Key lists
 * come from the extension's one key cache (keys/keyCache.ts), so filtering and expanding ask each store once.
 */
import * as vscode from 'vscode';
import type { NodeScope, Services } from '../services';
import type { KeyFilter } from './filter';
import type { TreeNode } from './node';
import { PAGE_SIZE } from './paging';

export type { NodeScope };

export class TreeModel {
  filter: KeyFilter | undefined;
  private readonly limits = new Map<string, number>();
  private readonly nodes = new Map<string, TreeNode & { scope?: NodeScope }>();
  private folderProjectNames?: Promise<Set<string>>;

  constructor(readonly services: Services) {}

  /** Records the newest object shown for an id (VS Code refreshes by object). */
  track<T extends TreeNode>(node: T): T {
    this.nodes.set(node.id, node);
    return node;
  }

  node(id: string): TreeNode | undefined {
    return this.nodes.get(id);
  }

  /** Nodes whose scope matches (every given field equal). */
  nodesFor(scope: NodeScope): TreeNode[] {
    return [...this.nodes.values()].filter(n => n.scope
      && (scope.backend === undefined || n.scope.backend === scope.backend)
      && (scope.project === undefined || n.scope.project === scope.project)
      && (scope.vault === undefined || n.scope.vault === scope.vault));
  }

  limit(id: string): number {
    return this.limits.get(id) ?? PAGE_SIZE;
  }

  showMore(id: string): void {
    this.limits.set(id, this.limit(id) + PAGE_SIZE);
  }

  /** Forgets the folders' projects (a full refresh). */
  forgetFolderProjects(): void {
    this.folderProjectNames = undefined;
  }

  /** Projects the workspace folders resolve to (shown first, described as "this folder", expanded). */
  folderProjects(): Promise<Set<string>> {
    this.folderProjectNames ??= (async () => {
      const names = new Set<string>();
      for (const f of vscode.workspace.workspaceFolders ?? []) {
        const p = await this.services.projects.project(f).catch(() => undefined);
        if (p) names.add(p);
      }
      return names;
    })();
    return this.folderProjectNames;
  }
}
