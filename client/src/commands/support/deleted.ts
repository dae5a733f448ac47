/** Shared by Recover and Purge: pick soft-deleted secrets of a vault, and report per-key outcomes. */
import type { KeyReport, Result } from '../../backends/types';
import type { Ctx } from '../../ctx';
import { listNames, showFailure } from './messages';
import { withProgress } from './progress';
import { resolveTarget, type Target } from './target';

export async function pickDeleted(ctx: Ctx, node: unknown, verb: 'Recover' | 'Purge'): Promise<{ target: Target; names: string[] } | undefined> {
  const target = await resolveTarget(ctx, node, { title: `${verb} Deleted Vault Secret`, newProject: false, kind: 'azure' });
  if (!target?.scope) return undefined;
  const scope = target.scope;
  const listed = await withProgress(ctx, `Listing deleted secrets of ${target.where}…`, signal => scope.listDeleted(signal));
  if (!listed.ok) {
    await showFailure(ctx, `Cannot list the deleted secrets of ${target.where}`, listed.error);
    return undefined;
  }
  const candidates = verb === 'Purge' ? listed.value.filter(d => d.purgeable) : listed.value;
  if (candidates.length === 0) {
    const why = verb === 'Purge' && listed.value.length
      ? `none of its ${listed.value.length} deleted secret${listed.value.length === 1 ? '' : 's'} can be purged (purge protection keeps them until their scheduled purge date)`
      : 'it has no deleted secrets';
    void ctx.host.showInformationMessage(`MLRun Secrets: Nothing to ${verb.toLowerCase()} in ${target.where}: ${why}.`);
    return undefined;
  }
  const picked = await ctx.host.showQuickPick(candidates.map(d => ({
    label: d.name,
    description: d.deletedOn ? `deleted ${d.deletedOn.slice(0, 16).replace('T', ' ')}` : undefined,
    detail: d.scheduledPurgeDate ? `purged automatically on ${d.scheduledPurgeDate.slice(0, 10)}` : undefined,
  })), { canPickMany: true, title: `${verb} deleted secrets of ${target.where}`, placeHolder: 'Secrets to ' + verb.toLowerCase(), ignoreFocusOut: true });
  if (!picked || picked.length === 0) return undefined;
  return { target, names: picked.map(p => p.label) };
}

export async function reportKeys(ctx: Ctx, r: Result<KeyReport>, done: string, verb: string, where: string): Promise<string[] | undefined> {
  if (!r.ok) {
    await showFailure(ctx, `Could not ${verb} in ${where}`, r.error);
    return undefined;
  }
  ctx.log.info(`${done.toLowerCase()} ${r.value.done.join(', ') || 'nothing'} in ${where}`);
  if (r.value.notDone.length) {
    const why = r.value.notDone.map(n => `"${n.key}" (${n.reason})`).join(', ');
    void ctx.host.showWarningMessage(`MLRun Secrets: ${done} ${r.value.done.length ? listNames(r.value.done) : 'nothing'} in ${where}; not done: ${why}.`, {});
  } else {
    void ctx.host.showInformationMessage(`MLRun Secrets: ${done} ${listNames(r.value.done)} in ${where}.`);
  }
  return r.value.done;
}
