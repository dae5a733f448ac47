/**
 * Delete Secret: the key nodes it ran on (several when several are selected; the Delete key uses the selection),
 * or, from the palette, keys picked from a project. Always a modal confirmation, which warns about keys MLRun owns
 * and says what can and cannot be undone. Reports which keys were and were not deleted.
 */
import { Commands } from '../../../shared/src/ids';
import type { Ctx } from '../ctx';
import { KeyNode } from '../tree/keyNode';
import { REACHES_STORE, type CommandFactory } from './command';
import { listNames, showFailure } from './support/messages';
import { withProgress } from './support/progress';
import { deleteTargetSecrets, readTargetKeys, resolveTarget, targetFor, type Target } from './support/target';

interface Group {
  target: Target;
  keys: string[];
  mlrunOwned: string[];
}

export const deleteSecret: CommandFactory = ctx => ({
  id: Commands.deleteSecret,
  title: 'Delete Secret',
  restricted: REACHES_STORE,
  async run(node?: unknown, selected?: unknown) {
    const useSelection = (node as { useSelection?: boolean } | undefined)?.useSelection === true;
    const nodes = keyNodes(useSelection ? ctx.view?.selection() ?? [] : Array.isArray(selected) && selected.length ? selected : node ? [node] : []);
    const groups = nodes.length ? await groupsOf(ctx, nodes) : await pickKeys(ctx, node);
    if (!groups || groups.length === 0) return undefined;
    if (!(await confirm(ctx, groups))) return undefined;
    const deleted: string[] = [];
    for (const g of groups) {
      const r = await withProgress(ctx, `Deleting ${listNames(g.keys)} from ${g.target.where}…`, signal => deleteTargetSecrets(g.target, g.keys, signal));
      if (!r.ok) {
        await showFailure(ctx, `Could not delete ${listNames(g.keys)} from ${g.target.where}`, r.error);
        continue;
      }
      deleted.push(...r.value.deleted);
      ctx.log.info(`deleted ${r.value.deleted.join(', ') || 'nothing'} from ${g.target.where}`);
      if (r.value.notDeleted.length) {
        const why = r.value.notDeleted.map(n => `"${n.key}" (${n.reason})`).join(', ');
        void ctx.host.showWarningMessage(`MLRun Secrets: Deleted ${r.value.deleted.length ? listNames(r.value.deleted) : 'nothing'} from ${g.target.where}; not deleted: ${why}.`, {});
      } else {
        const soft = g.target.kind === 'azure' ? ' (soft-deleted: recoverable until purged)' : '';
        void ctx.host.showInformationMessage(`MLRun Secrets: Deleted ${listNames(r.value.deleted)} from ${g.target.where}${soft}.`);
      }
    }
    return deleted;
  },
});

function keyNodes(items: readonly unknown[]): KeyNode[] {
  return items.filter((n): n is KeyNode => n instanceof KeyNode);
}

async function groupsOf(ctx: Ctx, nodes: KeyNode[]): Promise<Group[] | undefined> {
  const byTarget = new Map<string, KeyNode[]>();
  for (const n of nodes) {
    const id = JSON.stringify([n.backend, n.project, n.vault ?? '']);
    byTarget.set(id, [...(byTarget.get(id) ?? []), n]);
  }
  const groups: Group[] = [];
  for (const list of byTarget.values()) {
    const first = list[0]!;
    const target = await targetFor(ctx, first.backend, first.project, first.vault);
    if (!target) return undefined;
    const keys = [...new Set(list.map(n => n.name))];
    groups.push({ target, keys, mlrunOwned: list.filter(n => n.key.mlrunOwned).map(n => n.name) });
  }
  return groups;
}

async function pickKeys(ctx: Ctx, node: unknown): Promise<Group[] | undefined> {
  const target = await resolveTarget(ctx, node, { title: 'Delete Secret', newProject: false });
  if (!target) return undefined;
  const listed = await readTargetKeys(ctx, target);
  if (!listed) return undefined;
  if (listed.length === 0) {
    void ctx.host.showInformationMessage(`MLRun Secrets: ${target.where} has no secrets to delete.`);
    return undefined;
  }
  const picked = await ctx.host.showQuickPick(listed.map(k => ({
    label: k.name,
    description: k.mlrunOwned ? 'MLRun-owned' : k.disabled ? 'disabled' : undefined,
    info: k,
  })), { canPickMany: true, title: `Delete secrets from ${target.where}`, placeHolder: 'Keys to delete', ignoreFocusOut: true });
  if (!picked || picked.length === 0) return undefined;
  return [{ target, keys: picked.map(p => p.label), mlrunOwned: picked.filter(p => p.info.mlrunOwned).map(p => p.label) }];
}

async function confirm(ctx: Ctx, groups: Group[]): Promise<boolean> {
  const total = groups.reduce((n, g) => n + g.keys.length, 0);
  const message = groups.length === 1
    ? `Delete ${listNames(groups[0]!.keys)} from ${groups[0]!.target.where}?`
    : `Delete ${total} secrets from ${groups.length} places?`;
  const detail: string[] = [];
  if (groups.length > 1) for (const g of groups) detail.push(`${g.target.where}: ${g.keys.join(', ')}`);
  const owned = groups.flatMap(g => g.mlrunOwned);
  if (owned.length) {
    detail.push(`Warning: MLRun writes ${listNames(owned)} itself (datastore profiles, model monitoring); deleting ${owned.length === 1 ? 'it' : 'them'} breaks that feature until MLRun writes ${owned.length === 1 ? 'it' : 'them'} again.`);
  }
  if (groups.some(g => g.target.kind === 'azure')) {
    detail.push('Key Vault keeps deleted secrets for its retention period: Recover Deleted Vault Secret… brings them back until they are purged.');
  }
  if (groups.some(g => g.target.kind !== 'azure')) {
    detail.push('This cannot be undone: values cannot be read back. Jobs that read these keys fail when they next start.');
  }
  const choice = await ctx.host.showWarningMessage(message, { modal: true, detail: detail.join('\n\n') }, 'Delete');
  return choice === 'Delete';
}
