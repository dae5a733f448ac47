/**
 * Activation: wires the parts together and holds no logic of its own.
 */
import * as vscode from 'vscode';
import { BackendRegistry } from './backendRegistry';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { registerFileFacts } from './fileFacts';
import { FolderProjectService } from './folderProjects';
import { createLog } from './log';
import { LanguageServer } from './languageServer';
import { namespaceConfirmer } from './namespaceConfirmation';
import { ProjectKeysSync } from './projectKeysSync';
import { StatusBar } from './statusBar';
import type { TreeNode } from './tree/node';
import { SecretsView } from './tree/view';

/** What the extension exports: for tests and for other extensions; never values. */
export interface MlrunSecretsApi {
  readonly activationMs: number;
  readonly ctx: Ctx;
  /** The active-backend status bar item (its text, for tests). */
  readonly statusBar: StatusBar;
  /** What was last sent to the language server per folder (key names only). */
  readonly projectKeys: ProjectKeysSync;
}

export async function activate(context: vscode.ExtensionContext): Promise<MlrunSecretsApi> {
  const startedAt = performance.now();
  const log = createLog();
  const server = new LanguageServer(context.extensionPath, log);
  const ctx = new Ctx(context, log, server);
  context.subscriptions.push(ctx, server, log);

  registerFileFacts(server);
  ctx.backends = ctx.own(new BackendRegistry(context.secrets, log, namespaceConfirmer(context.globalState, () => ctx.host)));
  ctx.projects = ctx.own(new FolderProjectService(server, log));
  const view = ctx.own(new SecretsView(ctx));
  ctx.view = view;
  ctx.refreshTree = node => view.refresh(node as TreeNode | undefined);
  registerCommands(ctx);
  const projectKeys = ctx.own(new ProjectKeysSync(ctx));
  const statusBar = ctx.own(new StatusBar(ctx));

  // The language server works in Restricted Mode too: analysis reads only the workspace's text.
  void server.start().catch(e => log.error(`the language server did not start: ${e instanceof Error ? e.message : e}`));

  // Time spent in activate() (VS Code's own work between loading the bundle and calling activate is not ours).
  const activationMs = Math.round(performance.now() - startedAt);
  // Not awaited: the round trip to the window is not activation work (in a remote window it waits for the browser).
  void vscode.commands.executeCommand('setContext', 'mlrunSecrets.activated', true);
  log.info(`MLRun Secrets ${context.extension.packageJSON.version} activated in ${activationMs} ms (trusted: ${vscode.workspace.isTrusted})`);
  return { activationMs, ctx, statusBar, projectKeys };
}

export function deactivate(): void {
  // Everything is owned by the context's subscriptions.
}
