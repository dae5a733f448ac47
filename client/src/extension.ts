/**
 * Activation: creates the services, then the context that holds them, and wires the parts together; no logic of
 * its own. Other extensions get the keys-only API of api.ts; the parts tests drive are added only when VS Code runs
 * the extension for its tests (`ExtensionMode.Test`, set by `extensionTestsPath`; never for an installed extension).
 */
import * as vscode from 'vscode';
import { ContextKeys } from '../../shared/src/ids';
import { publicApi, type MlrunSecretsExports } from './api';
import { BackendRegistry } from './backendRegistry';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { FolderProjectService } from './folderProjects';
import { KeyCache } from './keys/keyCache';
import { KeyUsageService } from './keys/keyUsages';
import { storeResolver } from './keys/stores';
import { LanguageServer } from './languageServer';
import { LanguageStatus } from './languageStatus';
import { createLog } from './log';
import { namespaceConfirmer } from './namespaceConfirmation';
import { ProjectKeysSync } from './projectKeysSync';
import { startWhenNeeded, type ServerStart } from './serverStart';
import { StatusBar } from './statusBar';
import { SecretsView } from './tree/view';
import type { Host } from './ui/host';

/** What tests drive (exported in `ExtensionMode.Test` only, as `testing`). */
export interface TestingApi {
  readonly activationMs: number;
  readonly ctx: Ctx;
  /** The active-backend status bar item (its text, for tests). */
  readonly statusBar: StatusBar;
  /** What was last sent to the language server per folder (key names only). */
  readonly projectKeys: ProjectKeysSync;
  readonly languageStatus: LanguageStatus;
  /** Why the language server started (serverStart.ts). */
  readonly serverStart: ServerStart;
}

export type Exports = MlrunSecretsExports & { readonly testing?: TestingApi };

export async function activate(context: vscode.ExtensionContext): Promise<Exports> {
  const startedAt = performance.now();
  const testRun = context.extensionMode === vscode.ExtensionMode.Test;
  const log = createLog();
  const server = new LanguageServer(context.extensionPath, log);
  // The namespace question needs the host, which tests replace after activation: looked up when asked.
  const backends = new BackendRegistry(context.secrets, log, namespaceConfirmer(context.globalState, (): Host => ctx.host));
  const keys = new KeyCache(storeResolver(kind => backends.get(kind)));
  // Before anyone else listens: whoever hears of a settings change (or Refresh) reads keys again.
  const forgetKeys = backends.onDidChange(() => keys.invalidate());
  const projects = new FolderProjectService(server, log);
  const usages = new KeyUsageService(server, keys, log);
  const services = { backends, projects, keys, usages, log };
  const view = new SecretsView(services);
  const ctx = new Ctx({ ...services, extension: context, server, view });
  context.subscriptions.push(ctx, server, log);
  ctx.own(backends);
  ctx.own(forgetKeys);
  ctx.own(projects);
  ctx.own(view);
  ctx.own(usages);
  ctx.own(usages.onDidChange(() => view.tree.redraw()));

  registerCommands(ctx, { returnResults: testRun });
  const projectKeys = ctx.own(new ProjectKeysSync(ctx));
  const statusBar = ctx.own(new StatusBar(ctx));
  const languageStatus = ctx.own(new LanguageStatus(server, projects));
  // The language server works in Restricted Mode too (analysis reads only the workspace's text); it starts with
  // the first document it has something to say about.
  const serverStart = ctx.own(startWhenNeeded(server, log));

  const exports = publicApi({
    activeBackend: () => backends.active(),
    sent: folderUri => projectKeys.sent.get(folderUri),
    onDidSend: listener => projectKeys.onDidSend(listener),
    folderUriOf: uri => {
      const u = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
      return vscode.workspace.getWorkspaceFolder(u)?.uri.toString();
    },
  });

  // Time spent in activate() (VS Code's own work between loading the bundle and calling activate is not ours).
  const activationMs = Math.round(performance.now() - startedAt);
  // Not awaited: the round trip to the window is not activation work (in a remote window it waits for the browser).
  void vscode.commands.executeCommand('setContext', ContextKeys.activated, true);
  log.info(`MLRun Secrets ${context.extension.packageJSON.version} activated in ${activationMs} ms (trusted: ${vscode.workspace.isTrusted}, mode: ${vscode.ExtensionMode[context.extensionMode]})`);
  if (!testRun) return exports;
  const testing: TestingApi = { activationMs, ctx, statusBar, projectKeys, languageStatus, serverStart };
  return Object.freeze({ ...exports, testing });
}

export function deactivate(): void {
  // Everything is owned by the context's subscriptions.
}
