/** Retry (error nodes): asks again; reconnects first when the failure was about the connection itself. */
import { Commands } from '../../../shared/src/ids';
import { ErrorNode } from '../tree/errorNode';
import { REACHES_STORE, type CommandFactory } from './command';

export const retry: CommandFactory = ctx => ({
  id: Commands.retry,
  title: 'Retry',
  restricted: REACHES_STORE,
  run(node?: unknown) {
    if (!(node instanceof ErrorNode)) {
      ctx.view?.refresh();
      return;
    }
    if (node.reconnect) ctx.backends.reset(node.reconnect);
    else ctx.view?.refresh(node.parent);
  },
});
