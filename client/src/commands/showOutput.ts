import type { CommandFactory } from './command';

export const showOutput: CommandFactory = ctx => ({
  id: 'mlrunSecrets.showOutput',
  title: 'Show Output',
  run() {
    ctx.log.show(true);
  },
});
