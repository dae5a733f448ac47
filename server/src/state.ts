/**
 * What the language server knows: open documents and notebooks, workspace folders, their configuration, the
 * selected project's keys per folder, file facts, and the last analysis of each document. Features read and
 * update it; server.ts only wires them to the connection.
 */
import type { Connection } from 'vscode-languageserver';
import type { ProjectKeys } from '../../shared/src/protocol';
import { SECTION } from '../../shared/src/settings';
import { initPython } from './analysis/parser';
import type { ProjectInfo } from './analysis/rules/context';
import type { OpenNotebook, OpenText } from './documents/openDocs';
import type { ClientSupport } from './features/convert';
import type { AnalysisRecord } from './features/analysisRecord';
import { FileFactsCache } from './workspace/fileFacts';
import { FolderConfigs, type FolderConfig } from './workspace/folderConfig';
import { Folders, toFsPath, type Folder } from './workspace/folders';

export interface Capabilities extends ClientSupport {
  configuration: boolean;
  workDoneProgress: boolean;
  dynamicWatchers: boolean;
  dynamicConfiguration: boolean;
  workspaceFolderEvents: boolean;
}

/**
 * Bounds: `texts`, `notebooks`, `cellToNotebook` and `analyses` hold what the client has open (entries go on
 * close); `projects` one entry per workspace folder; `facts` and `configs` say their own.
 */
export class ServerState {
  readonly texts = new Map<string, OpenText>();
  readonly notebooks = new Map<string, OpenNotebook>();
  /** cell URI → notebook URI */
  readonly cellToNotebook = new Map<string, string>();
  readonly folders = new Folders();
  readonly configs: FolderConfigs;
  readonly facts: FileFactsCache;
  readonly projects = new Map<string, ProjectKeys.Params>();
  /** Last analysis of each open document or notebook (by its URI). */
  readonly analyses = new Map<string, AnalysisRecord>();
  capabilities: Capabilities = {
    relatedInformation: false, codeDescription: false, configuration: false, workDoneProgress: false, dynamicWatchers: false, dynamicConfiguration: false, workspaceFolderEvents: false,
  };

  constructor(readonly connection: Connection) {
    // Load the parser while the client starts up; `initialize` waits for it (a failure surfaces there).
    this.ready.catch(() => undefined);
    this.configs = new FolderConfigs(async folderUri => {
      if (!this.capabilities.configuration) return undefined;
      const [settings] = await connection.workspace.getConfiguration([{ scopeUri: folderUri ?? undefined, section: SECTION }]);
      return settings;
    });
    this.facts = new FileFactsCache();
  }

  /**
   * Resolves when the Python parser is ready: loaded (server.ts waits for it in `initialize`), or loaded afresh
   * after hostile input made it fail. Await it before each analysis.
   */
  get ready(): Promise<void> {
    return initPython();
  }

  log(message: string): void {
    this.connection.console.log(message);
  }

  /** The document or notebook URI a (cell) URI belongs to. */
  ownerOf(uri: string): string {
    return this.cellToNotebook.get(uri) ?? uri;
  }

  folderOf(uri: string): Folder | undefined {
    return this.folders.of(this.ownerOf(uri));
  }

  configFor(uri: string): Promise<FolderConfig> {
    const f = this.folderOf(uri);
    return this.configs.get(f?.uri ?? null, f?.fsPath ?? null);
  }

  projectFor(uri: string): ProjectInfo | null {
    const f = this.folderOf(uri);
    const p = f ? this.projects.get(f.uri) ?? this.projects.get(`${f.uri}/`) : undefined;
    if (!p) return null;
    return { project: p.project, backend: p.backend, keys: p.keys ? new Set(p.keys) : null };
  }

  projectParams(uri: string): ProjectKeys.Params | undefined {
    const f = this.folderOf(uri);
    return f ? this.projects.get(f.uri) ?? this.projects.get(`${f.uri}/`) : undefined;
  }

  fsPathOf(uri: string): string | null {
    return toFsPath(this.ownerOf(uri));
  }
}
