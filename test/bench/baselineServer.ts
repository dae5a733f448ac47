// A reference language server that only keeps the text in sync and splits it into lines before publishing empty
// diagnostics: the floor of didChange → publishDiagnostics latency on this machine.
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
documents.onDidChangeContent(({ document }) => {
  const lines = document.getText().split('\n').length;
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: lines < 0 ? [] : [] });
});
documents.listen(connection);
connection.listen();
