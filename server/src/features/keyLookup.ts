/** The secret-key string at a position of any open document (Python file, notebook cell, Markdown block). */
import type { Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { blockToDoc, docToBlock, pythonBlocks } from '../analysis/documents/markdown';
import { keyAt, type KeyAt } from '../analysis/python/keyAt';
import { PythonSource } from '../analysis/python/source';
import type { ServerState } from '../state';

export interface KeyHit extends KeyAt {
  doc: TextDocument;
}

export function keyAtPosition(state: ServerState, uri: string, position: Position): KeyHit | undefined {
  const text = state.texts.get(uri);
  if (text?.source) {
    const hit = keyAt(text.source, text.doc.offsetAt(position));
    return hit && { ...hit, doc: text.doc };
  }
  if (text?.kind === 'markdown') {
    const offset = text.doc.offsetAt(position);
    for (const block of pythonBlocks(text.text)) {
      const inBlock = docToBlock(block, offset);
      if (inBlock === undefined) continue;
      const src = new PythonSource(block.text, { ipython: block.ipython });
      try {
        const hit = keyAt(src, inBlock);
        if (!hit) return undefined;
        const map = (o: number): number => blockToDoc(block, o);
        return { ...hit, s: map(hit.s), e: map(hit.e), contentStart: map(hit.contentStart), contentEnd: map(hit.contentEnd), doc: text.doc };
      } finally {
        src.dispose();
      }
    }
    return undefined;
  }
  const nbUri = state.cellToNotebook.get(uri);
  const cell = nbUri ? state.notebooks.get(nbUri)?.cell(uri) : undefined;
  if (cell?.text?.source) {
    const hit = keyAt(cell.text.source, cell.text.doc.offsetAt(position));
    return hit && { ...hit, doc: cell.text.doc };
  }
  return undefined;
}
