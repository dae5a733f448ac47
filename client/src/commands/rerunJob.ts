import { Commands } from '../../../shared/src/ids';
import { RUNS_CODE, type CommandFactory } from './command';
import { JobChoices } from './runJob/choices';
import { executeChoice } from './runJob/execute';
import { backendsReady } from './runJob/flow';
import { requestHandlers } from './runJob/handlers';
import * as vscode from 'vscode';

/** "Re-run Last Job": the last job of this workspace with the same choices (inline values are asked again). */
export const rerunJob: CommandFactory = ctx => ({
  id: Commands.rerunJob,
  title: 'Re-run Last Job',
  restricted: RUNS_CODE,
  async run() {
    if (!backendsReady(ctx)) return undefined;
    const last = new JobChoices(ctx.extension.workspaceState).last();
    if (!last) {
      void ctx.host.showInformationMessage('MLRun Secrets: no job has run in this workspace yet. Use "Run Job with Secrets…".');
      return undefined;
    }
    const handlers = await requestHandlers(ctx, vscode.Uri.parse(last.uri));
    return executeChoice(ctx, last, handlers?.find(h => h.name === last.handler)?.keysRead);
  },
});
