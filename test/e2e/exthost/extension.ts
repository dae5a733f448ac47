/** Helpers for extension-host tests: the extension under test, its API, the demo workspace. */
import * as vscode from 'vscode';
import type { MlrunSecretsApi } from '../../../client/src/extension';
import { waitFor } from '../util/wait';

export const EXTENSION_ID = 'mlrun-secrets.mlrun-secrets';

export function extension(): vscode.Extension<MlrunSecretsApi> {
  const ext = vscode.extensions.getExtension<MlrunSecretsApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

/** Waits until VS Code activated the extension by itself (tests never call activate()). */
export async function activeApi(): Promise<MlrunSecretsApi> {
  const ext = extension();
  await waitFor(() => ext.isActive, 'the extension to activate');
  return ext.exports;
}

export function workspaceFolder(): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('no workspace folder is open');
  return f;
}

export async function openDemoFile(relative: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder().uri, relative));
  return vscode.window.showTextDocument(doc);
}

/** Diagnostics of our language server for a document, once `accept` says they are what the test waits for. */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter(d => d.source === 'mlrun-secrets');
}
