/**
 * What every node of the sidebar tree shares: the context, the key filter, "load more" limits, a cache of key
 * lists (so filtering and expanding ask each store once per refresh), the projects of the workspace folders, and
 * the latest node object per id (so a refresh can name a node by what it shows).
 */
import * as vscode from 'vscode';
import type { BackendKind } from '../../../shared/src/protocol';
import type { KeyInfo, Result } from '../backends/types';
import type { Ctx } from '../ctx';
import type { KeyFilter } from './filter';
import type { TreeNode } from './node';
import { PAGE_SIZE } from './paging';

/** What a node is about, for commands and targeted refreshes. */
export interface NodeScope {
  backend?: BackendKind;
  project?: string;
  vault?: string;
}

export class TreeModel {
  filter: KeyFilter | undefined;
  private readonly limits = new Map<string, number>();
  private readonly keyLists = new Map<string, Promise<Result<KeyInfo[]>>>();
  private readonly nodes = new Map<string, TreeNode & { scope?: NodeScope }>();
  private folderProjectNames?: Promise<Set<string>>;

  constructor(readonly ctx: Ctx) {}

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

  /** The key list of a project or vault node, loaded once until the node (or an ancestor) is refreshed. */
  keys(id: string, load: () => Promise<Result<KeyInfo[]>>): Promise<Result<KeyInfo[]>> {
    let hit = this.keyLists.get(id);
    if (!hit) {
      hit = load().then(r => (r.ok ? { ok: true as const, value: [...r.value].sort((a, b) => a.name.localeCompare(b.name)) } : r));
      this.keyLists.set(id, hit);
      // A failure is not kept: the next expansion (or Retry) asks again.
      void hit.then(r => { if (!r.ok && this.keyLists.get(id) === hit) this.keyLists.delete(id); });
    }
    return hit;
  }

  /** Forgets cached lists under a node (or everything). */
  invalidate(id?: string): void {
    if (id === undefined) {
      this.keyLists.clear();
      this.folderProjectNames = undefined;
      return;
    }
    for (const k of [...this.keyLists.keys()]) if (k === id || k.startsWith(`${id}/`)) this.keyLists.delete(k);
  }

  /** Projects the workspace folders resolve to (shown first, described as "this folder", expanded). */
  folderProjects(): Promise<Set<string>> {
    this.folderProjectNames ??= (async () => {
      const names = new Set<string>();
      for (const f of vscode.workspace.workspaceFolders ?? []) {
        const p = await this.ctx.projects.project(f).catch(() => undefined);
        if (p) names.add(p);
      }
      return names;
    })();
    return this.folderProjectNames;
  }
}
