/**
 * Step 1: the handler. The language server lists a file's handlers and the keys each reads
 * (`mlrunSecrets/handlers`); the extension never parses Python itself, so when the server cannot answer the user
 * types the handler name.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Handlers, type HandlerInfo } from '../../../../shared/src/protocol';
import type { Ctx } from '../../ctx';
import type { RunJobArgs } from './args';

export interface PickedHandler {
  uri: vscode.Uri;
  folder: vscode.WorkspaceFolder;
  handler: string;
  /** Keys the handler reads, when the language server could tell. */
  keysRead?: string[];
}

const PYTHON_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The server's handlers of a file, or undefined when it cannot answer (not running, request not supported). */
export async function requestHandlers(ctx: Ctx, uri: vscode.Uri): Promise<HandlerInfo[] | undefined> {
  try {
    const client = await Promise.race([
      ctx.server.ready(),
      new Promise<undefined>(r => setTimeout(() => r(undefined), 10_000)),
    ]);
    if (!client) return undefined;
    const result = await client.sendRequest(Handlers.type, { uri: uri.toString() });
    return Array.isArray(result) ? result : undefined;
  } catch (e) {
    ctx.log.info(`[jobs] the language server did not list the handlers of ${vscode.workspace.asRelativePath(uri)} (${e instanceof Error ? e.message : String(e)})`);
    return undefined;
  }
}

async function pickPythonFile(ctx: Ctx): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.languageId === 'python' && active.uri.scheme === 'file') return active.uri;
  const files = await vscode.workspace.findFiles('**/*.py', '**/{node_modules,.venv,venv,.git,__pycache__,site-packages}/**', 500);
  if (files.length === 0) {
    void ctx.host.showErrorMessage('MLRun Secrets: there is no Python file in this workspace to run a job from.');
    return undefined;
  }
  files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  const picked = await ctx.host.showQuickPick(files.map(f => ({ label: vscode.workspace.asRelativePath(f), uri: f })), {
    title: 'Run Job with Secrets (1/5): file', placeHolder: 'The Python file with the handler',
  });
  return picked?.uri;
}

export async function pickHandler(ctx: Ctx, args: RunJobArgs): Promise<PickedHandler | undefined> {
  const uri = args.uri ?? (await pickPythonFile(ctx));
  if (!uri) return undefined;
  if (uri.scheme !== 'file') {
    void ctx.host.showErrorMessage('MLRun Secrets: jobs run from files on disk; save the file first.');
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void ctx.host.showErrorMessage('MLRun Secrets: open the folder that holds the file to run a job from it.');
    return undefined;
  }
  const handlers = await requestHandlers(ctx, uri);
  if (args.handler) {
    const info = handlers?.find(h => h.name === args.handler);
    return { uri, folder, handler: args.handler, ...(info ? { keysRead: info.keysRead } : {}) };
  }
  const file = path.basename(uri.fsPath);
  if (handlers && handlers.length > 0) {
    const picked = await ctx.host.showQuickPick(handlers.map(h => ({
      label: h.name,
      description: h.keysRead.length ? `reads ${h.keysRead.join(', ')}` : 'reads no secret',
      detail: `line ${h.range.start.line + 1}`,
      info: h,
    })), { title: `Run Job with Secrets (1/5): handler in ${file}`, placeHolder: 'The handler (a function taking `context`) to run' });
    return picked ? { uri, folder, handler: picked.info.name, keysRead: picked.info.keysRead } : undefined;
  }
  if (handlers) {
    void ctx.host.showErrorMessage(`MLRun Secrets: ${file} has no handler (a top-level function taking \`context\`).`);
    return undefined;
  }
  const name = await ctx.host.showInputBox({
    title: `Run Job with Secrets (1/5): handler in ${file}`,
    prompt: `The name of the function in ${file} to run (the language server could not list the handlers)`,
    validateInput: v => (PYTHON_NAME.test(v.trim()) ? undefined : 'A Python function name: letters, digits and "_", not starting with a digit.'),
  });
  return name ? { uri, folder, handler: name.trim() } : undefined;
}
