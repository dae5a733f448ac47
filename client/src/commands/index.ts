/**
 * Registers every command: one module per command, each a factory taking the context. Commands that reach a
 * secret store or run code are refused in Restricted Mode with a sentence that says why.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { checkTrust } from '../trust';
import type { CommandFactory } from './command';
import { cancelJob } from './cancelJob';
import { openWalkthrough } from './openWalkthrough';
import { rerunJob } from './rerunJob';
import { restartServer } from './restartServer';
import { scanWorkspace } from './scanWorkspace';
import { runJob } from './runJob';
import { showOutput } from './showOutput';

const FACTORIES: CommandFactory[] = [
  restartServer,
  showOutput,
  openWalkthrough,
  scanWorkspace,
  runJob,
  rerunJob,
  cancelJob,
];

export function registerCommands(ctx: Ctx, extra: readonly CommandFactory[] = []): void {
  for (const factory of [...FACTORIES, ...extra]) {
    const command = factory(ctx);
    ctx.own(vscode.commands.registerCommand(command.id, async (...args: unknown[]) => {
      if (command.restricted && !(await checkTrust(ctx.host, command.title, command.restricted))) return undefined;
      try {
        return await command.run(...args);
      } catch (e) {
        // A command's own errors are already specific; this is the last resort. Messages never carry values.
        const message = e instanceof Error ? e.message : String(e);
        ctx.log.error(`${command.id} failed: ${message}`);
        void ctx.host.showErrorMessage(`MLRun Secrets: ${command.title} failed: ${message}`);
        return undefined;
      }
    }));
  }
}
