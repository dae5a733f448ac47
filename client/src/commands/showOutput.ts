import { Commands } from '../../../shared/src/ids';
import type { CommandFactory } from './command';

export const showOutput: CommandFactory = ctx => ({
  id: Commands.showOutput,
  title: 'Show Output',
  run() {
    ctx.log.show(true);
  },
});
