// The floor the benchmarks compare with: a language server on vscode-languageserver that only keeps the text in
// sync (text documents, and notebooks cell by cell) and splits it into lines before publishing empty diagnostics.
import { createConnection, NotebookDocuments, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const notebooks = new NotebookDocuments(TextDocument);
connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    notebookDocumentSync: { notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }] },
  },
}));
const publish = ({ document }: { document: TextDocument }): void => {
  const lines = document.getText().split('\n').length;
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: lines < 0 ? [] : [] });
};
documents.onDidChangeContent(publish);
notebooks.cellTextDocuments.onDidChangeContent(publish);
documents.listen(connection);
notebooks.listen(connection);
connection.listen();
