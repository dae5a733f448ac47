/**
 * What every tree-node kind implements (one file per kind under tree/). `contextValue`s follow
 * `mlrunSecrets.<kind>[.<state>]` so package.json menus can match them.
 */
import type * as vscode from 'vscode';
import type { NodeScope } from './model';

export interface TreeNode {
  /** Stable across refreshes, so VS Code keeps expansion and selection. */
  readonly id: string;
  treeItem(): vscode.TreeItem | Promise<vscode.TreeItem>;
  children?(): Promise<TreeNode[]>;
  parent?: TreeNode;
  /** Backend, project and vault the node is about (for commands and targeted refreshes). */
  readonly scope?: NodeScope;
}
