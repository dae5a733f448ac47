/**
 * Purge Deleted Vault Secret…: permanently removes soft-deleted secrets the vault allows purging (not under purge
 * protection), after a modal confirmation. The only way the extension purges: deleting never does.
 */
import { Commands } from '../../../shared/src/ids';
import { REACHES_STORE, type CommandFactory } from './command';
import { pickDeleted, reportKeys } from './support/deleted';
import { listNames } from './support/messages';
import { withProgress } from './support/progress';

export const purgeSecret: CommandFactory = ctx => ({
  id: Commands.purgeSecret,
  title: 'Purge Deleted Vault Secret…',
  restricted: REACHES_STORE,
  async run(node?: unknown) {
    const picked = await pickDeleted(ctx, node, 'Purge');
    if (!picked) return undefined;
    const { target, names } = picked;
    const choice = await ctx.host.showWarningMessage(`Permanently purge ${listNames(names)} from ${target.where}?`, {
      modal: true,
      detail: 'A purged secret and all its versions are gone for good: it cannot be recovered.',
    }, 'Purge');
    if (choice !== 'Purge') return undefined;
    const r = await withProgress(ctx, `Purging ${listNames(names)} from ${target.where}…`, signal => target.scope!.purgeSecrets(names, signal));
    return reportKeys(ctx, r, 'Purged', 'purge', target.where);
  },
});
