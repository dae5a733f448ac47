/**
 * What every tree-node kind implements (one file per kind under tree/). `contextValue`s follow
 * `mlrunSecrets.<kind>[.<state>]` so package.json menus can match them.
 *
 * VS Code hands node objects to any extension's command contributed to the view's menus, so a node exposes data
 * (ids, names, scope) only: what reaches the services (the tree model, a backend) lives in `#private` fields,
 * which no other code can read.
 */
import type * as vscode from 'vscode';
import type { NodeScope } from '../services';

export interface TreeNode {
  /** Stable across refreshes, so VS Code keeps expansion and selection. */
  readonly id: string;
  treeItem(): vscode.TreeItem | Promise<vscode.TreeItem>;
  children?(): Promise<TreeNode[]>;
  parent?: TreeNode;
  /** Backend, project and vault the node is about (for commands and targeted refreshes). */
  readonly scope?: NodeScope;
}
