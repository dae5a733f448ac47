/**
 * Children shared by several node kinds: a failure (error node plus the action that fixes it), a filtered and
 * paged key list, and a filtered and paged project list.
 */
import { Commands } from '../../../shared/src/ids';
import type { BackendKind, KeyUsageCount } from '../../../shared/src/protocol';
import type { Failure, KeyInfo, Result } from '../backends/types';
import { ErrorNode } from './errorNode';
import { KeyNode } from './keyNode';
import { LoadMoreNode } from './loadMoreNode';
import { MessageNode } from './messageNode';
import type { TreeModel } from './model';
import type { TreeNode } from './node';
import { page } from './paging';

/** The error node, followed by the command that usually fixes that kind of failure. */
export function failureChildren(parent: TreeNode, failure: Failure, backend: BackendKind, reconnect?: BackendKind): TreeNode[] {
  const nodes: TreeNode[] = [new ErrorNode(parent, failure, reconnect)];
  const hint = (command: string, text: string, icon: string): void => {
    nodes.push(new MessageNode(parent, `${parent.id}/!hint`, text, { icon, command: { command, title: text } }));
  };
  if (failure.kind === 'cancelled') return nodes;
  if (backend === 'mlrunApi' && (failure.kind === 'unauthorized' || failure.kind === 'forbidden')) hint(Commands.signIn, 'Sign in to the MLRun API…', 'account');
  else if (backend === 'mlrunApi' && failure.kind === 'notFound' && reconnect) hint(Commands.selectEndpoint, 'Select MLRun Endpoint…', 'plug');
  else if (backend === 'kubernetes' && reconnect && (failure.kind === 'invalid' || failure.kind === 'notFound')) hint(Commands.selectContext, 'Select Kubernetes Context…', 'plug');
  else if (backend === 'azure' && (failure.kind === 'unauthorized' || failure.kind === 'invalid')) hint(Commands.selectAzureCredential, 'Select Azure Credential…', 'account');
  return nodes;
}

/**
 * Key nodes of a project or vault: filtered, paged, or a message when there is nothing to show. `uses`: how the code
 * names each key, when the usage index knows (a key absent from it is unused).
 */
export function keyChildren(model: TreeModel, parent: TreeNode, keys: Result<KeyInfo[]>, backend: BackendKind, project: string, vault?: string, uses?: ReadonlyMap<string, KeyUsageCount>): TreeNode[] {
  if (!keys.ok) return failureChildren(parent, keys.error, backend);
  const filter = model.filter;
  const visible = filter ? keys.value.filter(k => filter.matches(k.name)) : keys.value;
  if (visible.length === 0) {
    if (filter) return [new MessageNode(parent, `${parent.id}/!empty`, `No key matches "${filter.text}"`, { icon: 'filter' })];
    return [new MessageNode(parent, `${parent.id}/!empty`, 'No secrets yet — Set Secret…', {
      icon: 'add',
      command: { command: Commands.setSecret, title: 'Set Secret…', arguments: [parent] },
    })];
  }
  const p = page(visible, model.limit(parent.id));
  const usage = (key: string): KeyUsageCount | undefined => uses && (uses.get(key) ?? { key, count: 0, reads: 0 });
  const nodes: TreeNode[] = p.shown.map(k => model.track(new KeyNode(parent, backend, project, k, vault, usage(k.name))));
  if (p.hidden) nodes.push(new LoadMoreNode(parent, p.shown.length, p.hidden, 'keys'));
  return nodes;
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Anything with a project list: the filter hides projects without a matching key. */
export interface FilterableProject extends TreeNode {
  hasMatchingKey(): Promise<boolean>;
}

export async function projectChildren(model: TreeModel, parent: TreeNode, projects: FilterableProject[], empty: TreeNode): Promise<TreeNode[]> {
  let visible = projects;
  if (model.filter) {
    const hits = await mapLimited(projects, 4, p => p.hasMatchingKey());
    visible = projects.filter((_, i) => hits[i]);
    if (visible.length === 0) return [new MessageNode(parent, `${parent.id}/!empty`, `No key matches "${model.filter.text}"`, { icon: 'filter' })];
  }
  if (visible.length === 0) return [empty];
  const p = page(visible, model.limit(parent.id));
  const nodes: TreeNode[] = p.shown.map(n => model.track(n));
  if (p.hidden) nodes.push(new LoadMoreNode(parent, p.shown.length, p.hidden, 'projects'));
  return nodes;
}
