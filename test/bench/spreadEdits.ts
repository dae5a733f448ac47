/**
 * Typing spread over a document, as in the runs: each edit inserts one letter at column 4 of a random
 * ordinary line (one indented by at least four spaces: a statement in a function body, in a cell or in a Markdown
 * code block). Keeps the document (what the client believes) so that every server gets the same change events.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import type { Random } from '../util/random';

export class SpreadEdits {
  doc: TextDocument;
  private readonly ordinary: number[];

  constructor(uri: string, languageId: string, text: string, private readonly rng: Random) {
    this.doc = TextDocument.create(uri, languageId, 1, text);
    this.ordinary = text.split('\n').flatMap((l, i) => (l.startsWith('    ') && l.trim() !== '' ? [i] : []));
    if (this.ordinary.length === 0) throw new Error(`${uri}: no line indented by four spaces to type into`);
  }

  get version(): number {
    return this.doc.version;
  }

  /** The next change; the document moves to the next version. */
  next(): TextDocumentContentChangeEvent {
    const line = this.ordinary[this.rng.int(this.ordinary.length)];
    const at = { line, character: 4 };
    const change = { range: { start: at, end: at }, text: 'abcdefghijklmnopqrstuvwxyz'[this.rng.int(26)] };
    this.doc = TextDocument.update(this.doc, [change], this.doc.version + 1);
    return change;
  }
}
