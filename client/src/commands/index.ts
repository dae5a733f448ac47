/**
 * Registers every command: one module per command, each a factory taking the context. Commands that reach a
 * secret store or run code are refused in Restricted Mode with a sentence that says why.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { checkTrust } from '../trust';
import type { CommandFactory } from './command';
import { addVault } from './addVault';
import { cancelJob } from './cancelJob';
import { clearFilter } from './clearFilter';
import { copyKeyName } from './copyKeyName';
import { findUsages } from './findUsages';
import { deleteSecret } from './deleteSecret';
import { filterTree } from './filterTree';
import { importSecrets } from './importSecrets';
import { insertEnvFromSecret } from './insertEnvFromSecret';
import { insertGetSecret } from './insertGetSecret';
import { insertMountSecret } from './insertMountSecret';
import { loadMore } from './loadMore';
import { openWalkthrough } from './openWalkthrough';
import { purgeSecret } from './purgeSecret';
import { recoverSecret } from './recoverSecret';
import { refresh } from './refresh';
import { removeVault } from './removeVault';
import { rerunJob } from './rerunJob';
import { restartServer } from './restartServer';
import { retry } from './retry';
import { runJob } from './runJob';
import { scanHistory } from './scanHistory';
import { scanWorkspace } from './scanWorkspace';
import { selectAzureCredential } from './selectAzureCredential';
import { selectBackend } from './selectBackend';
import { selectContext } from './selectContext';
import { selectEndpoint } from './selectEndpoint';
import { selectNamespace } from './selectNamespace';
import { selectProject } from './selectProject';
import { setSecret } from './setSecret';
import { showOutput } from './showOutput';
import { signIn } from './signIn';
import { signOut } from './signOut';
import { storeLiterals } from './storeLiterals';
import { inFlight } from '../backends/common/redact';

const FACTORIES: CommandFactory[] = [
  restartServer,
  showOutput,
  openWalkthrough,
  scanWorkspace,
  scanHistory,
  runJob,
  rerunJob,
  cancelJob,
  setSecret,
  importSecrets,
  deleteSecret,
  copyKeyName,
  findUsages,
  insertGetSecret,
  insertEnvFromSecret,
  insertMountSecret,
  selectBackend,
  selectContext,
  selectNamespace,
  selectEndpoint,
  selectProject,
  signIn,
  signOut,
  refresh,
  filterTree,
  clearFilter,
  retry,
  loadMore,
  storeLiterals,
  addVault,
  removeVault,
  selectAzureCredential,
  recoverSecret,
  purgeSecret,
];

export interface RegisterOptions {
  /**
   * Whether a command's result goes back to its caller. Only in test runs: any extension can call our commands,
   * and outside tests none gets anything back (results such as a job's transcript are for tests to check).
   */
  returnResults: boolean;
}

export function registerCommands(ctx: Ctx, options: RegisterOptions): void {
  for (const factory of FACTORIES) {
    const command = factory(ctx);
    ctx.own(vscode.commands.registerCommand(command.id, async (...args: unknown[]) => {
      if (command.restricted && !(await checkTrust(ctx.host, command.title, command.restricted))) return undefined;
      try {
        const result = await command.run(...args);
        return options.returnResults ? result : undefined;
      } catch (e) {
        // A command's own errors are already specific; this is the last resort. Messages never carry values.
        const message = inFlight.redact(e instanceof Error ? e.message : String(e));
        ctx.log.error(`${command.id} failed: ${message}`);
        void ctx.host.showErrorMessage(`MLRun Secrets: ${command.title} failed: ${message}`);
        return undefined;
      }
    }));
  }
}
