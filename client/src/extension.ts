/**
 * Activation: wires the parts together and holds no logic of its own.
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { registerFileFacts } from './fileFacts';
import { createLog } from './log';
import { LanguageServer } from './languageServer';
import { SecretsTree, VIEW_ID } from './tree/secretsTree';

const loadedAt = performance.now();

/** What the extension exports: for tests and for other extensions; never values. */
export interface MlrunSecretsApi {
  readonly activationMs: number;
  readonly ctx: Ctx;
}

export async function activate(context: vscode.ExtensionContext): Promise<MlrunSecretsApi> {
  const log = createLog();
  const server = new LanguageServer(context.extensionPath, log);
  const ctx = new Ctx(context, log, server);
  context.subscriptions.push(ctx, server, log);

  registerFileFacts(server);
  registerCommands(ctx);
  const tree = ctx.own(new SecretsTree(ctx, async () => []));
  ctx.own(vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true }));

  // The language server works in Restricted Mode too: analysis reads only the workspace's text.
  void server.start().catch(e => log.error(`the language server did not start: ${e instanceof Error ? e.message : e}`));

  await vscode.commands.executeCommand('setContext', 'mlrunSecrets.activated', true);
  const activationMs = Math.round(performance.now() - loadedAt);
  log.info(`MLRun Secrets ${context.extension.packageJSON.version} activated in ${activationMs} ms (trusted: ${vscode.workspace.isTrusted})`);
  return { activationMs, ctx };
}

export function deactivate(): void {
  // Everything is owned by the context's subscriptions.
}
