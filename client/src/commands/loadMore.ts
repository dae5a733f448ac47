/** Load More (the last node of a long list): shows the next page. */
import { Commands } from '../../../shared/src/ids';
import { LoadMoreNode } from '../tree/loadMoreNode';
import type { CommandFactory } from './command';

export const loadMore: CommandFactory = ctx => ({
  id: Commands.loadMore,
  title: 'Load More',
  run(node?: unknown) {
    if (node instanceof LoadMoreNode) ctx.view?.loadMore(node.parent);
  },
});
