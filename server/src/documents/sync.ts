/**
 * Text-document and notebook-document synchronisation: keeps `state.texts` / `state.notebooks` current and marks
 * what changed for analysis.
 */
import type { TextDocumentItem } from 'vscode-languageserver';
import type { Diagnostics } from '../features/diagnostics';
import type { ServerState } from '../state';
import { OpenNotebook, OpenText, textKind, type OpenCell } from './openDocs';

export interface SyncHooks {
  /** A document or notebook was opened (its disk diagnostics give way to live ones). */
  opened?(uri: string): void;
  /** A document or notebook was closed. */
  closed?(uri: string): void;
}

export function registerSync(state: ServerState, diagnostics: Diagnostics, hooks: SyncHooks = {}): void {
  const c = state.connection;

  c.onDidOpenTextDocument(({ textDocument }) => {
    const kind = textKind(textDocument.languageId, textDocument.uri);
    if (!kind) return;
    state.texts.get(textDocument.uri)?.dispose();
    state.texts.set(textDocument.uri, new OpenText(textDocument, kind));
    hooks.opened?.(textDocument.uri);
    diagnostics.schedule(textDocument.uri);
  });

  c.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const text = state.texts.get(textDocument.uri);
    if (!text) return;
    text.applyChanges(contentChanges, textDocument.version);
    diagnostics.schedule(textDocument.uri);
  });

  c.onDidCloseTextDocument(({ textDocument }) => {
    const text = state.texts.get(textDocument.uri);
    if (!text) return;
    text.dispose();
    state.texts.delete(textDocument.uri);
    diagnostics.forget(textDocument.uri);
    hooks.closed?.(textDocument.uri);
  });

  const sync = c.notebooks.synchronization;

  sync.onDidOpenNotebookDocument(({ notebookDocument, cellTextDocuments }) => {
    state.notebooks.get(notebookDocument.uri)?.dispose();
    const nb = new OpenNotebook(notebookDocument.uri, notebookDocument.version);
    const items = new Map(cellTextDocuments.map(d => [d.uri, d]));
    for (const cell of notebookDocument.cells) {
      nb.cells.push(nb.makeCell(cell, items.get(cell.document)));
      state.cellToNotebook.set(cell.document, nb.uri);
    }
    state.notebooks.set(nb.uri, nb);
    diagnostics.opened(nb.uri);
    hooks.opened?.(nb.uri);
    diagnostics.schedule(nb.uri);
  });

  sync.onDidChangeNotebookDocument(({ notebookDocument, change }) => {
    const nb = state.notebooks.get(notebookDocument.uri);
    if (!nb) return;
    nb.version = notebookDocument.version;
    const cells = change.cells;
    if (cells?.structure) {
      const { array, didOpen, didClose } = cells.structure;
      const opened = new Map<string, TextDocumentItem>((didOpen ?? []).map(d => [d.uri, d]));
      const removed = nb.cells.slice(array.start, array.start + array.deleteCount);
      const removedByUri = new Map(removed.map(r => [r.uri, r]));
      const added: OpenCell[] = (array.cells ?? []).map(cell => {
        const item = opened.get(cell.document);
        const moved = removedByUri.get(cell.document);
        if (!item && moved) {
          // A moved cell keeps its open text document.
          removedByUri.delete(cell.document);
          return { ...moved, kind: cell.kind };
        }
        return nb.makeCell(cell, item);
      });
      nb.cells.splice(array.start, array.deleteCount, ...added);
      for (const r of removedByUri.values()) {
        r.text?.dispose();
        state.cellToNotebook.delete(r.uri);
      }
      for (const a of added) state.cellToNotebook.set(a.uri, nb.uri);
      for (const closedCell of didClose ?? []) {
        if (!nb.cell(closedCell.uri)) state.cellToNotebook.delete(closedCell.uri);
      }
    }
    for (const data of cells?.data ?? []) {
      const cell = nb.cell(data.document);
      if (cell && cell.kind !== data.kind) {
        cell.kind = data.kind;
        if (data.kind !== 2) {
          cell.text?.dispose();
          cell.text = undefined;
        }
      }
    }
    for (const { document, changes } of cells?.textContent ?? []) {
      const cell = nb.cell(document.uri);
      cell?.text?.applyChanges(changes, document.version);
    }
    diagnostics.schedule(nb.uri);
  });

  sync.onDidCloseNotebookDocument(({ notebookDocument, cellTextDocuments }) => {
    const nb = state.notebooks.get(notebookDocument.uri);
    const cellUris = [...(nb?.cells.map(x => x.uri) ?? []), ...cellTextDocuments.map(d => d.uri)];
    nb?.dispose();
    state.notebooks.delete(notebookDocument.uri);
    for (const u of cellUris) state.cellToNotebook.delete(u);
    diagnostics.forget(notebookDocument.uri, cellUris);
    hooks.closed?.(notebookDocument.uri);
  });
}
