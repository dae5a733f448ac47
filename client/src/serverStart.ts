/**
 * When the language server starts (vscode-eslint's habit: not at activation, but with the first document it has
 * something to say about). Python files, notebooks and env files start it; a Markdown or YAML file only when its text is about
 * MLRun (it names `mlrun`, or YAML lists `secret_sources`, or it is a `project.yaml`), so a workspace of plain notes
 * and configuration pays for no server process. Commands and views that need the server start it themselves
 * (`LanguageServer.ready()`); once started it stays up.
 */
import * as vscode from 'vscode';
import { NOTEBOOK_TYPES } from '../../shared/src/fileKinds';
import type { LanguageServer } from './languageServer';
import { needsServer } from './needsServer';

/** Starts the server for the first document that needs it; tells why it did (for the log and tests). */
export interface ServerStart extends vscode.Disposable {
  /** Why the server was started from here (undefined: not by this, yet). */
  readonly reason: string | undefined;
}

export function startWhenNeeded(server: LanguageServer, log: vscode.LogOutputChannel): ServerStart {
  const listeners: vscode.Disposable[] = [];
  let reason: string | undefined;
  const stop = (): void => {
    for (const l of listeners.splice(0)) l.dispose();
  };
  const start = (why: string): void => {
    if (listeners.length === 0) return;
    stop();
    reason = why;
    log.info(`starting the language server: ${why}`);
    void server.ready().catch(e => log.error(`the language server did not start: ${e instanceof Error ? e.message : String(e)}`));
  };
  const checkDocument = (doc: vscode.TextDocument): void => {
    if (needsServer(doc)) start(`${vscode.workspace.asRelativePath(doc.uri)} is open`);
  };
  const checkNotebook = (nb: vscode.NotebookDocument): void => {
    if (NOTEBOOK_TYPES.includes(nb.notebookType)) start(`notebook ${vscode.workspace.asRelativePath(nb.uri)} is open`);
  };
  listeners.push(vscode.workspace.onDidOpenTextDocument(checkDocument));
  listeners.push(vscode.workspace.onDidOpenNotebookDocument(checkNotebook));
  // Something else (a command, the tree) started it first: nothing left to decide.
  listeners.push(server.onDidStart(stop));
  for (const nb of vscode.workspace.notebookDocuments) checkNotebook(nb);
  for (const doc of vscode.workspace.textDocuments) checkDocument(doc);
  return {
    get reason() {
      return reason;
    },
    dispose: stop,
  };
}
