/** Walks the extension's sidebar tree through its data provider (what VS Code itself asks), by labels. */
import * as vscode from 'vscode';
import type { TestingApi } from '../../../client/src/extension';
import type { TreeNode } from '../../../client/src/tree/node';

export async function itemOf(api: TestingApi, node: TreeNode): Promise<vscode.TreeItem> {
  return api.ctx.view!.tree.getTreeItem(node);
}

export async function labelOf(api: TestingApi, node: TreeNode): Promise<string> {
  const label = (await itemOf(api, node)).label;
  return typeof label === 'string' ? label : label?.label ?? '';
}

export async function children(api: TestingApi, node?: TreeNode): Promise<TreeNode[]> {
  return api.ctx.view!.tree.getChildren(node);
}

export async function labels(api: TestingApi, node?: TreeNode): Promise<string[]> {
  return Promise.all((await children(api, node)).map(n => labelOf(api, n)));
}

/** Labels of a project's children without the Missing group (keys the code reads that the store lacks). */
export async function storeLabels(api: TestingApi, node: TreeNode): Promise<string[]> {
  const kids = await children(api, node);
  const items = await Promise.all(kids.map(k => itemOf(api, k)));
  return items.filter(i => i.contextValue !== 'mlrunSecrets.missing').map(i => (typeof i.label === 'string' ? i.label : i.label?.label ?? ''));
}

/** The node reached by following labels from the roots (undefined when a label is missing on the way). */
export async function find(api: TestingApi, ...path: (string | RegExp)[]): Promise<TreeNode | undefined> {
  let node: TreeNode | undefined;
  for (const step of path) {
    const kids = await children(api, node);
    let next: TreeNode | undefined;
    for (const k of kids) {
      const label = await labelOf(api, k);
      if (typeof step === 'string' ? label === step : step.test(label)) {
        next = k;
        break;
      }
    }
    if (!next) return undefined;
    node = next;
  }
  return node;
}
