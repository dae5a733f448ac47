import { Commands } from '../../../shared/src/ids';
import type { CommandFactory } from './command';

export const restartServer: CommandFactory = ctx => ({
  id: Commands.restartServer,
  title: 'Restart Language Server',
  async run() {
    ctx.log.info('restarting the language server');
    await ctx.server.restart();
  },
});
