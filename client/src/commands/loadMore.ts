/** Load More (the last node of a long list): shows the next page. */
import { LOAD_MORE_COMMAND, LoadMoreNode } from '../tree/loadMoreNode';
import type { CommandFactory } from './command';

export const loadMore: CommandFactory = ctx => ({
  id: LOAD_MORE_COMMAND,
  title: 'Load More',
  run(node?: unknown) {
    if (node instanceof LoadMoreNode) ctx.view?.loadMore(node.parent);
  },
});
