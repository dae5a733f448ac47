/**
 * Whether an open document is worth starting the language server for (serverStart.ts): Python files and cells and
 * env files always; Markdown and YAML only when their text is about MLRun (it names `mlrun`, YAML lists
 * `secret_sources`, or the file is a `project.yaml`). File kinds and language ids come from shared/src/fileKinds.ts.
 * Pure (no vscode import), for unit tests.
 */
import { FILE_KINDS, textKindOf } from '../../shared/src/fileKinds';

/** What the decision needs of a document (a `vscode.TextDocument` has it). */
export interface OpenDocument {
  readonly languageId: string;
  readonly uri: { readonly scheme: string; readonly path: string };
  getText(): string;
}

/** Whether the language server should start for this open document. */
export function needsServer(doc: OpenDocument): boolean {
  const { scheme, path } = doc.uri;
  const kind = textKindOf(doc.languageId, path);
  if (!kind) return false;
  const entry = FILE_KINDS.find(k => k.kind === kind);
  // The document selector hands such files over by language id only, or by name only as files on disk.
  if (!entry?.languages.includes(doc.languageId) && !(entry?.byName && scheme === 'file')) return false;
  if (scheme === 'vscode-notebook-cell') return kind === 'python';
  if (scheme !== 'file' && scheme !== 'untitled') return false;
  switch (kind) {
    case 'python':
    case 'env': // what MLS010 and MLS011 are about, whatever it holds
      return true;
    case 'markdown':
      return /mlrun/i.test(doc.getText());
    case 'yaml': {
      if (/(^|\/)project\.ya?ml$/i.test(path)) return true;
      const text = doc.getText();
      return /mlrun/i.test(text) || text.includes('secret_sources');
    }
  }
}
