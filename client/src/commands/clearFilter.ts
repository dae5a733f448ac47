/** Clear Filter: shows every key again. */
import { Commands } from '../../../shared/src/ids';
import type { CommandFactory } from './command';

export const clearFilter: CommandFactory = ctx => ({
  id: Commands.clearFilter,
  title: 'Clear Filter',
  async run() {
    await ctx.view?.setFilter(undefined);
  },
});
