import { Commands } from '../../../shared/src/ids';
import * as vscode from 'vscode';
import { ScanWorkspace } from '../../../shared/src/protocol';
import type { CommandFactory } from './command';

/** Analyses every file of the workspace in the language server (which shows progress with a Cancel button). */
export const scanWorkspace: CommandFactory = ctx => ({
  id: Commands.scanWorkspace,
  title: 'Scan Workspace',
  async run() {
    const client = await ctx.server.ready();
    const r = await client.sendRequest(ScanWorkspace.type, {});
    const summary = `${r.findings} finding${r.findings === 1 ? '' : 's'} in ${r.files} file${r.files === 1 ? '' : 's'} (${(r.ms / 1000).toFixed(1)} s)`;
    ctx.log.info(`workspace scan: ${summary}${r.cancelled ? ', cancelled' : ''}`);
    if (r.cancelled) void ctx.host.showInformationMessage(`MLRun Secrets: scan cancelled after ${summary}.`);
    else if (r.findings > 0) {
      const choice = await ctx.host.showInformationMessage(`MLRun Secrets: ${summary}.`, 'Show Problems');
      if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
    } else void ctx.host.showInformationMessage(`MLRun Secrets: no findings in ${r.files} files.`);
    return r;
  },
});
