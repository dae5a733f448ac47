import type { CommandFactory } from './command';

export const restartServer: CommandFactory = ctx => ({
  id: 'mlrunSecrets.restartServer',
  title: 'Restart Language Server',
  async run() {
    ctx.log.info('restarting the language server');
    await ctx.server.restart();
  },
});
