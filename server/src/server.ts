// Language server entry (dist/server.js): IPC when started by the extension, --stdio for other editors.
// Wiring only: each feature lives in features/, documents in documents/, workspace knowledge in workspace/.
import {
  CodeActionKind, createConnection, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, ProposedFeatures,
  TextDocumentSyncKind, type InitializeResult,
} from 'vscode-languageserver/node';
import { NOTEBOOK_TYPES, WATCH_GLOBS } from '../../shared/src/fileKinds';
import { FolderProject, Handlers, ProjectKeys, ScanHistory, ScanWorkspace, VaultSources } from '../../shared/src/protocol';
import { historyRequest } from './history/historyRequest';
import { SECTION } from '../../shared/src/settings';
import { version } from './version';
import { registerSync } from './documents/sync';
import { codeActions } from './features/codeActions';
import { completion } from './features/completion';
import { Diagnostics } from './features/diagnostics';
import { folderProject } from './features/folderProject';
import { freshAnalysis } from './features/fresh';
import { codeLenses, handlerInfos } from './features/handlers';
import { hover } from './features/hover';
import { WorkspaceScan } from './features/scanWorkspace';
import { documentSymbols } from './features/symbols';
import { vaultSources } from './features/vaultSources';
import { warmUpAnalyzer } from './features/warmUp';
import { ServerState } from './state';
import { registerKeyUsage } from './usage/register';
import { WorkspaceUsages } from './usage/workspaceUsages';

const connection = createConnection(ProposedFeatures.all);
const state = new ServerState(connection);
const diagnostics = new Diagnostics(state);
const scan = new WorkspaceScan(state, diagnostics);
const usages = new WorkspaceUsages(state, scan.texts);
diagnostics.onAnalyzed = record => usages.onAnalyzed(record);

process.on('unhandledRejection', reason => {
  process.stderr.write(`mlrun-secrets-server: unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}\n`);
});
process.on('uncaughtException', error => {
  process.stderr.write(`mlrun-secrets-server: uncaught exception: ${error.stack ?? error.message}\n`);
});

registerSync(state, diagnostics, { opened: uri => scan.onOpened(uri), closed: uri => { void scan.onClosed(uri); usages.onClosed(uri); } });
registerKeyUsage(state, diagnostics, usages);

// The parser and grammar load here, not on the first didOpen: the first file's diagnostics do not wait for them.
connection.onInitialize(async (params): Promise<InitializeResult> => {
  await state.ready;
  warmUpAnalyzer();
  const caps = params.capabilities;
  state.capabilities = {
    relatedInformation: caps.textDocument?.publishDiagnostics?.relatedInformation === true,
    codeDescription: caps.textDocument?.publishDiagnostics?.codeDescriptionSupport === true,
    configuration: caps.workspace?.configuration === true,
    workDoneProgress: caps.window?.workDoneProgress === true,
    dynamicWatchers: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    dynamicConfiguration: caps.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    workspaceFolderEvents: caps.workspace?.workspaceFolders === true,
  };
  if (params.workspaceFolders) state.folders.set(params.workspaceFolders);
  else if (params.rootUri) state.folders.set([{ uri: params.rootUri, name: params.rootUri }]);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      notebookDocumentSync: { notebookSelector: NOTEBOOK_TYPES.map(notebookType => ({ notebook: { notebookType }, cells: [{ language: 'python' }] })) },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['"', "'"] },
      documentSymbolProvider: { label: 'MLRun secrets' },
      codeLensProvider: { resolveProvider: false },
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'mlrun-secrets', version: version() },
  };
});

connection.onInitialized(() => {
  if (state.capabilities.dynamicWatchers) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      // The one file watcher (shared/src/fileKinds.ts): analysed files, .mlrun-secrets.json and .gitignore files.
      watchers: WATCH_GLOBS.map(globPattern => ({ globPattern })),
    });
  }
  if (state.capabilities.dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION });
  if (!state.capabilities.workspaceFolderEvents) return;
  connection.workspace.onDidChangeWorkspaceFolders(e => {
    for (const f of e.removed) state.folders.remove(f.uri);
    for (const f of e.added) state.folders.add(f);
    state.configs.invalidate();
    diagnostics.scheduleAll();
    usages.invalidate();
  });
});

connection.onDidChangeConfiguration(() => {
  state.configs.invalidate();
  diagnostics.scheduleAll();
  void scan.refresh();
  usages.invalidate();
});

connection.onDidChangeWatchedFiles(async params => {
  await scan.onWatchedFiles(params.changes);
  await usages.onWatchedFiles(params.changes);
});

connection.onNotification(ProjectKeys.type, params => {
  const folderUri = params.folderUri.replace(/\/$/, '');
  state.projects.set(folderUri, { ...params, folderUri });
  diagnostics.scheduleAll();
  void scan.refresh(folderUri);
});

connection.onCodeAction(async params => {
  await freshAnalysis(state, diagnostics, params.textDocument.uri);
  return codeActions(state, params);
});

connection.onHover(async params => {
  await state.ready;
  return hover(state, params);
});

connection.onCompletion(async params => {
  await state.ready;
  return completion(state, params);
});

connection.onDocumentSymbol(async params => {
  const record = await freshAnalysis(state, diagnostics, params.textDocument.uri);
  return record ? documentSymbols(record, params.textDocument.uri) : [];
});

connection.onCodeLens(async params => codeLenses(await freshAnalysis(state, diagnostics, params.textDocument.uri)));

connection.onRequest(Handlers.type, async params => {
  await state.ready;
  return handlerInfos(await freshAnalysis(state, diagnostics, params.uri), params.uri, scan.texts);
});

connection.onRequest(VaultSources.type, async () => {
  await state.ready;
  const records = [];
  for (const key of [...state.texts.keys(), ...state.notebooks.keys()]) {
    const r = await freshAnalysis(state, diagnostics, key);
    if (r) records.push(r);
  }
  return vaultSources(state, scan, records);
});

connection.onRequest(FolderProject.type, params => folderProject(state, scan.texts, params));

connection.onRequest(ScanWorkspace.type, async (_params, token) => {
  const progress = await connection.window.createWorkDoneProgress();
  return scan.run(token, progress);
});

connection.onRequest(ScanHistory.type, async (params, token) => historyRequest(state, params, token, await connection.window.createWorkDoneProgress()));

connection.onShutdown(() => {
  scan.dispose();
  usages.dispose();
  for (const t of state.texts.values()) t.dispose();
  for (const n of state.notebooks.values()) n.dispose();
});

connection.listen();
