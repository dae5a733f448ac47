/** Recover Deleted Vault Secret…: lists a vault's soft-deleted secrets (names and dates only) and recovers those picked. */
import { Commands } from '../../../shared/src/ids';
import { REACHES_STORE, type CommandFactory } from './command';
import { pickDeleted, reportKeys } from './support/deleted';
import { withProgress } from './support/progress';
import { listNames } from './support/messages';

export const recoverSecret: CommandFactory = ctx => ({
  id: Commands.recoverSecret,
  title: 'Recover Deleted Vault Secret…',
  restricted: REACHES_STORE,
  async run(node?: unknown) {
    const picked = await pickDeleted(ctx, node, 'Recover');
    if (!picked) return undefined;
    const { target, names } = picked;
    const r = await withProgress(ctx, `Recovering ${listNames(names)} in ${target.where}…`, signal => target.scope!.recoverSecrets(names, signal));
    ctx.keys.invalidate({ backend: 'azure', project: target.project });
    return reportKeys(ctx, r, 'Recovered', 'recover', target.where);
  },
});
