/**
 * Single-character edits spread over a document, as a person typing makes them: insert a letter at a random column
 * of a random non-blank line (after its indentation), then delete it again with the next edit. Keeps the document
 * (what the client believes) so that every server gets the same change events.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import type { Random } from '../util/random';

export class SpreadEdits {
  doc: TextDocument;
  private pendingDelete: { line: number; character: number } | null = null;
  private readonly lines: string[];

  constructor(uri: string, languageId: string, text: string, private readonly rng: Random) {
    this.doc = TextDocument.create(uri, languageId, 1, text);
    this.lines = text.split('\n');
  }

  get version(): number {
    return this.doc.version;
  }

  /** The next change; the document moves to the next version. */
  next(): TextDocumentContentChangeEvent {
    let change: TextDocumentContentChangeEvent;
    if (this.pendingDelete) {
      const p = this.pendingDelete;
      change = { range: { start: p, end: { line: p.line, character: p.character + 1 } }, text: '' };
      this.pendingDelete = null;
    } else {
      let line = this.rng.int(this.lines.length);
      while (this.lines[line].trim() === '') line = this.rng.int(this.lines.length);
      const indent = this.lines[line].length - this.lines[line].trimStart().length;
      const character = indent + this.rng.int(this.lines[line].length - indent);
      change = { range: { start: { line, character }, end: { line, character } }, text: 'abcdefghijklmnopqrstuvwxyz'[this.rng.int(26)] };
      this.pendingDelete = { line, character };
    }
    this.doc = TextDocument.update(this.doc, [change], this.doc.version + 1);
    return change;
  }
}
