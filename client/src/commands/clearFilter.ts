/** Clear Filter: shows every key again. */
import type { CommandFactory } from './command';

export const clearFilter: CommandFactory = ctx => ({
  id: 'mlrunSecrets.clearFilter',
  title: 'Clear Filter',
  async run() {
    await ctx.view?.setFilter(undefined);
  },
});
