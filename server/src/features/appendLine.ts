/**
 * The workspace edit of a fix that adds a line to a file beside the document (MLS010: `/mlrun.env` into the
 * folder's `.gitignore`): appended at the end of the file, or a new file holding just that line. Undefined when
 * the document is not on disk or the line is already there (the fix would change nothing).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileUri } from '../workspace/folders';

export function appendLineEdit(docFsPath: string | null, append: { file: string; line: string }): WorkspaceEdit | undefined {
  if (!docFsPath) return undefined;
  const target = path.join(path.dirname(docFsPath), append.file);
  const uri = fileUri(target);
  let current: string | undefined;
  try {
    current = fs.readFileSync(target, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === undefined) {
    return { documentChanges: [
      { kind: 'create', uri, options: { ignoreIfExists: true } },
      { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `${append.line}\n` }] },
    ] };
  }
  if (current.split(/\r?\n/).some(l => l.trim() === append.line)) return undefined;
  const end = TextDocument.create(uri, 'ignore', 0, current).positionAt(current.length);
  const sep = current === '' || current.endsWith('\n') ? '' : '\n';
  return { documentChanges: [{ textDocument: { uri, version: null }, edits: [{ range: { start: end, end }, newText: `${sep}${append.line}\n` }] }] };
}
