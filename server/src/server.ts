// Language server entry (dist/server.js): IPC when started by the extension, --stdio for other editors.
// Placeholder wiring; the analyzer and features are filled in by the language-server work.
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
  serverInfo: { name: 'mlrun-secrets' },
}));

documents.listen(connection);
connection.listen();
