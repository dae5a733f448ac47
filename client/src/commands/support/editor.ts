/** The editor an insert command writes into (a Python file, a notebook cell or Markdown), or a message why none. */
import * as vscode from 'vscode';
import { Handlers } from '../../../../shared/src/protocol';
import type { Ctx } from '../../ctx';

export function codeEditor(ctx: Ctx, languages: readonly string[] = ['python']): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor && languages.includes(editor.document.languageId)) return editor;
  void ctx.host.showInformationMessage(`MLRun Secrets: Open a ${languages.includes('markdown') ? 'Python file, notebook cell or Markdown file' : 'Python file or notebook cell'} and place the cursor where the code should go.`);
  return undefined;
}

/** Whether the cursor is inside a handler (a top-level function taking `context`), per the language server. */
export async function inHandler(ctx: Ctx, editor: vscode.TextEditor): Promise<boolean> {
  const client = ctx.server.current;
  if (!client || editor.document.languageId !== 'python') return false;
  try {
    const handlers = await client.sendRequest(Handlers.type, { uri: editor.document.uri.toString() });
    const pos = editor.selection.active;
    return handlers.some(h => client.protocol2CodeConverter.asRange(h.range).contains(pos));
  } catch {
    return false;
  }
}
