/** Filter Keys…: shows only keys matching the text (case-insensitive; `*` and `?` as wildcards). */
import { Commands } from '../../../shared/src/ids';
import type { CommandFactory } from './command';

export const filterTree: CommandFactory = ctx => ({
  id: Commands.filterTree,
  title: 'Filter Keys…',
  async run(text?: unknown) {
    const value = typeof text === 'string' ? text : await ctx.host.showInputBox({
      title: 'MLRun Secrets: filter keys',
      prompt: 'Keys containing this text (case-insensitive; * and ? are wildcards). Empty clears the filter.',
      value: ctx.view?.filterText() ?? '',
      placeHolder: 'e.g. PASSWORD or db_*',
    });
    if (value === undefined) return undefined;
    await ctx.view?.setFilter(value);
    return ctx.view?.filterText();
  },
});
