/** Helpers for extension-host tests: the extension under test, its test-only API, the demo workspace. */
import * as vscode from 'vscode';
import type { Exports, TestingApi } from '../../../client/src/extension';
import { waitFor } from '../util/wait';

export const EXTENSION_ID = 'mlrun-secrets.mlrun-secrets';

export function extension(): vscode.Extension<Exports> {
  const ext = vscode.extensions.getExtension<Exports>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

/**
 * Waits until VS Code activated the extension by itself (tests never call activate()) and returns what tests
 * drive: exported only because the harness runs the extension with `extensionTestsPath` (ExtensionMode.Test).
 */
export async function activeApi(): Promise<TestingApi> {
  const ext = extension();
  await waitFor(() => ext.isActive, 'the extension to activate');
  const testing = ext.exports.testing;
  if (!testing) throw new Error(`${EXTENSION_ID} exports no test API: it runs only in ExtensionMode.Test (is the suite started with extensionTestsPath?)`);
  return testing;
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
