/**
 * The documents the client has open: Python, Markdown and YAML files (text-document sync, incremental) and
 * notebooks (notebook-document sync, one text document per cell). Python texts keep a PythonSource that each
 * change updates in place, so an edit costs one chunk.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { NotebookCell, TextDocumentContentChangeEvent, TextDocumentItem } from 'vscode-languageserver';
import { textKindOf, type TextKind } from '../../../shared/src/fileKinds';
import { PythonSource } from '../analysis/python/source';

export type { TextKind };

/** The kind of an open document (shared/src/fileKinds.ts), or undefined when it is not analysed. */
export function textKind(languageId: string, uri: string): TextKind | undefined {
  return textKindOf(languageId, uri);
}

/** A text document and, for Python, its incrementally updated source model. */
export class OpenText {
  doc: TextDocument;
  source: PythonSource | undefined;

  constructor(item: TextDocumentItem, public readonly kind: TextKind, ipython = false) {
    this.doc = TextDocument.create(item.uri, item.languageId, item.version, item.text);
    this.source = kind === 'python' ? new PythonSource(item.text, { ipython }) : undefined;
  }

  get uri(): string {
    return this.doc.uri;
  }

  get text(): string {
    return this.doc.getText();
  }

  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change) {
        const start = this.doc.offsetAt(change.range.start);
        const end = this.doc.offsetAt(change.range.end);
        const lo = Math.min(start, end);
        const hi = Math.max(start, end);
        this.doc = TextDocument.update(this.doc, [change], version);
        // One text for both: the source takes the document's new content instead of building its own copy.
        this.source?.applyChange(lo, hi, change.text, this.doc.getText());
      } else {
        this.doc = TextDocument.update(this.doc, [change], version);
        if (this.source) {
          this.source.dispose();
          this.source = new PythonSource(change.text, { ipython: this.source.ipython });
        }
      }
    }
    // TextDocument.update is idempotent about the version; keep it even for an empty change list.
    if (changes.length === 0) this.doc = TextDocument.update(this.doc, [], version);
  }

  dispose(): void {
    this.source?.dispose();
  }
}

export interface OpenCell {
  uri: string;
  /** 1 = markup, 2 = code (LSP NotebookCellKind). */
  kind: number;
  text: OpenText | undefined;
}

/** An open notebook: its cells in order; Python code cells carry an OpenText (IPython syntax). */
export class OpenNotebook {
  cells: OpenCell[] = [];

  constructor(public readonly uri: string, public version: number) {}

  cell(uri: string): OpenCell | undefined {
    return this.cells.find(c => c.uri === uri);
  }

  static isPythonCell(kind: number, languageId: string): boolean {
    return kind === 2 && (languageId === 'python' || languageId === 'ipython');
  }

  makeCell(cell: NotebookCell, item: TextDocumentItem | undefined): OpenCell {
    const text = item && OpenNotebook.isPythonCell(cell.kind, item.languageId) ? new OpenText(item, 'python', true) : undefined;
    return { uri: cell.document, kind: cell.kind, text };
  }

  dispose(): void {
    for (const c of this.cells) c.text?.dispose();
  }
}
