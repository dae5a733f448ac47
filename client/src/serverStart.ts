/**
 * When the language server starts (vscode-eslint's habit: not at activation, but with the first document it has
 * something to say about). Python files and notebooks start it; a Markdown or YAML file only when its text is about
 * MLRun (it names `mlrun`, or YAML lists `secret_sources`, or it is a `project.yaml`), so a workspace of plain notes
 * and configuration pays for no server process. Commands and views that need the server start it themselves
 * (`LanguageServer.ready()`); once started it stays up.
 */
import * as vscode from 'vscode';
import type { LanguageServer } from './languageServer';

/** What the decision needs of a document (a `vscode.TextDocument` has it). */
export interface OpenDocument {
  readonly languageId: string;
  readonly uri: { readonly scheme: string; readonly path: string };
  getText(): string;
}

const PYTHON_SCHEMES = new Set(['file', 'untitled', 'vscode-notebook-cell']);

/** Whether an open document is worth starting the language server for. Pure. */
export function needsServer(doc: OpenDocument): boolean {
  switch (doc.languageId) {
    case 'python':
      return PYTHON_SCHEMES.has(doc.uri.scheme);
    case 'markdown':
      return (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled') && /mlrun/i.test(doc.getText());
    case 'yaml': {
      if (doc.uri.scheme !== 'file') return false;
      if (/(^|\/)project\.ya?ml$/i.test(doc.uri.path)) return true;
      const text = doc.getText();
      return /mlrun/i.test(text) || text.includes('secret_sources');
    }
    default:
      return false;
  }
}

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
    if (nb.notebookType === 'jupyter-notebook') start(`notebook ${vscode.workspace.asRelativePath(nb.uri)} is open`);
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
