/**
 * The documents the client has open: Python, Markdown and YAML files (text-document sync, incremental) and
 * notebooks (notebook-document sync, one text document per cell). Python texts keep a PythonSource that each
 * change updates in place, so an edit costs one chunk. Change ranges are clamped to the document first.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { NotebookCell, Position, Range, TextDocumentContentChangeEvent, TextDocumentItem } from 'vscode-languageserver';
import { DEFAULT_MAX_FILE_BYTES } from '../../../shared/src/limits';
import { textKindOf, type TextKind } from '../../../shared/src/fileKinds';
import { PythonSource } from '../analysis/python/source';

export type { TextKind };

/** The kind of an open document (shared/src/fileKinds.ts), or undefined when it is not analysed. */
export function textKind(languageId: string, uri: string): TextKind | undefined {
  return textKindOf(languageId, uri);
}

/**
 * A position as VS Code validates it: a line past the end becomes the end of the document, a character past the
 * line's end (or inside its line break) the end of that line, negatives 0. Out-of-range positions reach the server
 * only from other clients; left as they are, they would corrupt TextDocument's line table (and a following edit
 * could then double the text).
 */
export function clampPosition(doc: TextDocument, pos: Position): Position {
  const lastLine = doc.lineCount - 1;
  if (pos.line > lastLine) return lineEnd(doc, lastLine);
  if (pos.line < 0 || pos.character < 0) return { line: Math.max(0, pos.line), character: 0 };
  const end = lineEnd(doc, pos.line);
  return pos.character > end.character ? end : pos;
}

/** The end of `line`, before its line break. */
function lineEnd(doc: TextDocument, line: number): Position {
  const start = doc.offsetAt({ line, character: 0 });
  const next = line + 1 < doc.lineCount ? doc.offsetAt({ line: line + 1, character: 0 }) : doc.getText().length;
  let end = next;
  const text = doc.getText();
  if (end > start && text.charCodeAt(end - 1) === 10) end--;
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return { line, character: end - start };
}

function clampRange(doc: TextDocument, range: Range): Range {
  return { start: clampPosition(doc, range.start), end: clampPosition(doc, range.end) };
}

/**
 * A text document and, for Python, its incrementally updated source model — only while the text is within the
 * size limit (`DEFAULT_MAX_FILE_BYTES`): a larger document is kept as text and gets an MLS012 finding instead.
 */
export class OpenText {
  doc: TextDocument;
  source: PythonSource | undefined;

  constructor(item: TextDocumentItem, public readonly kind: TextKind, readonly ipython = false) {
    this.doc = TextDocument.create(item.uri, item.languageId, item.version, item.text);
    this.source = kind === 'python' && !this.tooLarge ? new PythonSource(item.text, { ipython }) : undefined;
  }

  get uri(): string {
    return this.doc.uri;
  }

  get text(): string {
    return this.doc.getText();
  }

  /** Over the size limit: not analysed (counted in UTF-16 code units, as the text is held). */
  get tooLarge(): boolean {
    return this.doc.getText().length > DEFAULT_MAX_FILE_BYTES;
  }

  applyChanges(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change) {
        const range = clampRange(this.doc, change.range);
        const start = this.doc.offsetAt(range.start);
        const end = this.doc.offsetAt(range.end);
        this.doc = TextDocument.update(this.doc, [{ range, text: change.text }], version);
        // One text for both: the source takes the document's new content instead of building its own copy.
        this.source?.applyChange(Math.min(start, end), Math.max(start, end), change.text, this.doc.getText());
      } else {
        this.doc = TextDocument.update(this.doc, [change], version);
        this.source?.dispose();
        this.source = undefined;
      }
      this.fitSource();
    }
    // TextDocument.update is idempotent about the version; keep it even for an empty change list.
    if (changes.length === 0) this.doc = TextDocument.update(this.doc, [], version);
  }

  /** Drops the source of a text that grew over the limit; builds one for a Python text that has none. */
  private fitSource(): void {
    if (this.kind !== 'python') return;
    if (this.tooLarge) {
      this.source?.dispose();
      this.source = undefined;
    } else {
      this.source ??= new PythonSource(this.doc.getText(), { ipython: this.ipython });
    }
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
