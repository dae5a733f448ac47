/** Refresh: reconnects every backend (re-reading kubeconfig, env file and settings) and re-reads the tree and keys. */
import { Commands } from '../../../shared/src/ids';
import type { CommandFactory } from './command';

export const refresh: CommandFactory = ctx => ({
  id: Commands.refresh,
  title: 'Refresh',
  run() {
    ctx.log.info('refresh');
    ctx.backends.reset();
  },
});
